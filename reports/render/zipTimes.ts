/**
 * Sets the modification time of every entry of a zip file to one fixed value, in place.
 *
 * Why: docx 9.15 zips its parts with fflate, which stamps each entry with the current local date and time
 * (MS-DOS format, in both the local file header and the central directory), so two renders of the same
 * table differ in 2 x 4 bytes per entry, and by the time zone of the machine. The time fields are outside
 * the compressed data and outside the CRC, so overwriting them leaves the archive valid and keeps
 * fflate's pure-JavaScript DEFLATE output (the same on every platform, unlike a re-zip through the zlib
 * build of whichever Node runs). The entries keep docx's order, which its code fixes.
 *
 * The archive layout is checked, not assumed: anything this does not understand (zip64, a data
 * descriptor, an extra field that could carry another time stamp, a comment) throws, so a docx upgrade
 * that changes how it zips fails the tests instead of silently writing time stamps again.
 */

/** 1980-01-01 00:00:00, the first instant MS-DOS dates can hold: time 0, date (0 << 9) | (1 << 5) | 1. */
export const DOS_TIME = 0;
export const DOS_DATE = 0x0021;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function fixZipTimes(zip: Uint8Array, time = DOS_TIME, date = DOS_DATE): Uint8Array {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const fail = (what: string): never => { throw new Error(`fixZipTimes: unexpected zip layout (${what})`); };
  const end = zip.length - 22;
  if (end < 0 || v.getUint32(end, true) !== EOCD) fail('no end record without comment');
  const count = v.getUint16(end + 10, true);
  let p = v.getUint32(end + 16, true);
  for (let i = 0; i < count; i++) {
    if (v.getUint32(p, true) !== CENTRAL) fail(`central entry ${i}`);
    const flags = v.getUint16(p + 8, true);
    if (flags & 0x0008) fail('data descriptor');
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    if (extraLen || commentLen) fail('extra field or comment');
    const local = v.getUint32(p + 42, true);
    if (v.getUint32(local, true) !== LOCAL || v.getUint16(local + 28, true) !== 0) fail(`local entry ${i}`);
    v.setUint16(p + 12, time, true);
    v.setUint16(p + 14, date, true);
    v.setUint16(local + 10, time, true);
    v.setUint16(local + 12, date, true);
    p += 46 + nameLen;
  }
  if (p !== end) fail('central directory size');
  return zip;
}
