import { describe, expect, it } from 'vitest';
import { crc32, DOS_DATE, DOS_TIME, tableCrc32, zipArchive } from '../../reports/render/zip.js';
import { readZip } from './zipLite.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('crc32', () => {
  it('gives the check values of the CRC-32 catalogue, by zlib and by the table (Node before 20.15)', () => {
    // "123456789" is the catalogue's check input for CRC-32/ISO-HDLC
    for (const f of [crc32, tableCrc32]) {
      expect(f(enc('123456789'))).toBe(0xcbf43926);
      expect(f(new Uint8Array(0))).toBe(0);
      expect(f(enc('a'))).toBe(0xe8b7be43);
    }
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251);
    expect(tableCrc32(bytes)).toBe(crc32(bytes));
  });
});

describe('zipArchive', () => {
  const parts = [
    { name: '[Content_Types].xml', data: enc('<Types/>') },
    { name: 'word/document.xml', data: enc('<w:document>'.repeat(500) + '中文') },
    { name: 'empty', data: new Uint8Array(0) },
  ];

  it('reads back (node:zlib inflate) as the parts given, in order, with the fixed time and DEFLATE', () => {
    const entries = readZip(zipArchive(parts));
    expect(entries.map((e) => e.name)).toEqual(parts.map((p) => p.name));
    entries.forEach((e, i) => {
      expect(Buffer.from(e.data).equals(Buffer.from(parts[i].data))).toBe(true);
      expect([e.time, e.date, e.localTime, e.localDate, e.method]).toEqual([DOS_TIME, DOS_DATE, DOS_TIME, DOS_DATE, 8]);
    });
  });

  it('is byte-identical for the same parts and differs when one byte of a part does', () => {
    const a = zipArchive(parts);
    expect(Buffer.from(zipArchive(structuredClone(parts))).equals(Buffer.from(a))).toBe(true);
    const changed = parts.map((p, i) => (i === 0 ? { ...p, data: enc('<Typez/>') } : p));
    expect(Buffer.from(zipArchive(changed)).equals(Buffer.from(a))).toBe(false);
  });

  it('stores a part marked stored as it is (method 0, version 1.0), its CRC over the same bytes', () => {
    const png = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) & 255);
    const zip = zipArchive([parts[0], { name: 'word/media/image1.png', data: png, stored: true }]);
    const entries = readZip(zip);
    expect(entries.map((e) => e.method)).toEqual([8, 0]);
    expect(Buffer.from(entries[1].data).equals(Buffer.from(png))).toBe(true);
    // the bytes are in the archive as given, right after the local header and name
    expect(Buffer.from(zip).indexOf(Buffer.from(png))).toBeGreaterThan(0);
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const second = Buffer.from(zip).indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 4);
    expect([view.getUint16(second + 4, true), view.getUint32(second + 14, true), view.getUint32(second + 18, true)]).toEqual([10, crc32(png), png.length]);
  });

  it('refuses a name that is not printable ASCII', () => {
    expect(() => zipArchive([{ name: 'tables/表.xml', data: new Uint8Array(1) }])).toThrow(/printable ASCII/);
  });
});
