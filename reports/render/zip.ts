import * as zlib from 'node:zlib';

/**
 * A zip archive writer for the few small parts of an OOXML package (.docx): DEFLATE through node:zlib
 * (a part already compressed, a PNG, is stored as it is), no zip64, no data descriptors, no extra fields, ASCII names. Every entry carries one fixed time,
 * 1980-01-01 00:00 (the first instant MS-DOS dates can hold), so the archive depends on its parts only:
 * the same parts in the same order give the same bytes (for one zlib build; Node pins its zlib per
 * release).
 *
 * Reference: PKWARE APPNOTE.TXT 6.3.10, sections 4.3.7 (local file header), 4.3.12 (central
 * directory header) and 4.3.16 (end of central directory record).
 *
 * @example zipArchive([{ name: 'a.txt', data: new TextEncoder().encode('a') }]) // 113 bytes
 */

export interface ZipPart {
  name: string;
  data: Uint8Array;
  /**
   * Stored as it is (method 0), not deflated: for data that is compressed already. Deflating the 11
   * PNGs of a 446-subject run took 72 ms of the main thread (without the optimising compiler) to gain
   * 14% of their size.
   */
  stored?: boolean;
}

/** MS-DOS time 0 and date (0 << 9) | (1 << 5) | 1: 1980-01-01 00:00:00. */
export const DOS_TIME = 0;
export const DOS_DATE = 0x0021;

let crcTable: Uint32Array | undefined;

// zlib's own CRC-32 from Node 20.15: the table loop below took 60 ms for the 11 PNGs of 446 subjects
// where the run goes without V8's optimising compiler (pipeline/processTuning.ts), zlib 1 ms
const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** CRC-32 (ISO 3309, polynomial 0xEDB88320 reflected), as zip stores it: zlib's where Node has it (20.15 and later). */
export function crc32(data: Uint8Array): number {
  return zlibCrc32 ? zlibCrc32(data) : tableCrc32(data);
}

/** CRC-32 by the byte-wise table method, for Node before 20.15 (the engines field allows 20.11). */
export function tableCrc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function zipArchive(parts: readonly ZipPart[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    if (!/^[\x21-\x7e]+$/.test(p.name)) throw new RangeError(`zip entry name must be printable ASCII: ${p.name}`);
    const name = Buffer.from(p.name, 'ascii');
    const packed = p.stored ? Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength) : zlib.deflateRawSync(p.data, { level: 9 });
    const method = p.stored ? 0 : 8;
    const version = p.stored ? 10 : 20; // version needed: 1.0 to store, 2.0 for DEFLATE
    const crc = crc32(p.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(version, 4);
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(p.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    central.writeUInt16LE(version, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(p.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra, comment, disk, internal and external attributes: all 0
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  const all = Buffer.concat([...locals, directory, end]);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}
