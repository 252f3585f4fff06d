import { inflateRawSync } from 'node:zlib';

/**
 * Test helper: reads a zip file through its central directory (no zip64, no encryption), which is all a
 * .docx needs. jszip is not installed (docx 9.15 zips with fflate, bundled inside docx), and reading it
 * with node:zlib keeps the check independent of the library that wrote the file.
 */
export interface ZipEntry {
  name: string;
  /** MS-DOS time and date fields of the central directory and of the local header */
  time: number;
  date: number;
  localTime: number;
  localDate: number;
  method: number;
  data: Uint8Array;
}

export function readZip(zip: Uint8Array): ZipEntry[] {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (end >= 0 && v.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const count = v.getUint16(end + 10, true);
  let p = v.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (v.getUint32(p, true) !== 0x02014b50) throw new Error(`bad central entry ${i}`);
    const method = v.getUint16(p + 10, true);
    const size = v.getUint32(p + 20, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    const local = v.getUint32(p + 42, true);
    const name = new TextDecoder().decode(zip.subarray(p + 46, p + 46 + nameLen));
    const start = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    const raw = zip.subarray(start, start + size);
    entries.push({
      name,
      time: v.getUint16(p + 12, true),
      date: v.getUint16(p + 14, true),
      localTime: v.getUint16(local + 10, true),
      localDate: v.getUint16(local + 12, true),
      method,
      data: method === 8 ? new Uint8Array(inflateRawSync(raw)) : method === 0 ? raw : (() => { throw new Error(`method ${method}`); })(),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** One part of the package as text. */
export function zipText(entries: ZipEntry[], name: string): string {
  const e = entries.find((x) => x.name === name);
  if (!e) throw new Error(`no ${name} in the zip; it has ${entries.map((x) => x.name).join(', ')}`);
  return new TextDecoder().decode(e.data);
}
