/**
 * Sets every member time of a ZIP archive (an XLSX workbook) to one fixed DOS date-time, so that a
 * generator writes the same bytes on every run: write-excel-file stamps members with the current
 * time and has no option for it. Walks the central directory (APPNOTE 4.3.12, 4.3.16); each entry
 * names its local header, whose time and date fields sit at offsets 10 and 12.
 */
export function fixZipTimes(zip: Uint8Array | ArrayBuffer, when: { year: number; month: number; day: number } = { year: 2024, month: 1, day: 1 }): Buffer {
  const out = Buffer.from(zip instanceof ArrayBuffer ? new Uint8Array(zip) : zip);
  const dosDate = ((when.year - 1980) << 9) | (when.month << 5) | when.day;
  let eocd = -1;
  for (let p = out.length - 22; p >= Math.max(0, out.length - 22 - 0xffff); p--)
    if (out.readUInt32LE(p) === 0x06054b50) {
      eocd = p;
      break;
    }
  if (eocd < 0) throw new Error('not a ZIP archive: no end-of-central-directory record');
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let k = 0; k < entries; k++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error(`ZIP central directory entry ${k + 1} is malformed`);
    out.writeUInt16LE(0, p + 12);
    out.writeUInt16LE(dosDate, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error(`ZIP local header of entry ${k + 1} is malformed`);
    out.writeUInt16LE(0, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}
