import type { OpenFont } from './fontMetrics.js';

/**
 * A TrueType subset of `font` holding only the glyphs of `codePoints` (plus .notdef and the
 * components of composite glyphs), renumbered from 0.
 *
 * Why: resvg-js reads a font file from disk each time it shapes or outlines text, and Noto Sans SC is
 * 10 MB, so a figure with a thousand characters took 0.5-1 s to rasterise; the subset of one figure
 * is a few tens of kB and the same figure rasterises in milliseconds. The outlines and advance widths
 * are copied byte for byte, so the PNG is the same as with the full font.
 *
 * Kept: head, hhea, maxp, OS/2, name (so the family is still "Noto Sans SC" and the weight is kept),
 * post (version 3: no glyph names), cmap (one format 12 subtable), hmtx, loca (long), glyf. Dropped:
 * layout tables (GSUB, GPOS, GDEF, BASE), vertical metrics and hinting. Without GPOS there is no
 * kerning, which is what fontMetrics.ts measures, so the drawings' layout and resvg's text agree exactly.
 */
export function subsetFont(font: OpenFont, codePoints: Iterable<number>): Uint8Array {
  const { view, bytes } = font;
  const table = (tag: string) => {
    const t = font.tables.get(tag);
    if (!t) throw new Error(`font has no ${tag} table`);
    return t;
  };
  const head = table('head');
  const longLoca = view.getInt16(head.offset + 50) === 1;
  const loca = table('loca').offset;
  const glyphRange = (gid: number): [number, number] =>
    longLoca
      ? [view.getUint32(loca + 4 * gid), view.getUint32(loca + 4 * gid + 4)]
      : [2 * view.getUint16(loca + 2 * gid), 2 * view.getUint16(loca + 2 * gid + 2)];
  // each kept glyph's outline, read once (figureFonts reads them from the file, not from `bytes`)
  const outlines = new Map<number, Uint8Array>();
  const outline = (gid: number): Uint8Array => {
    let data = outlines.get(gid);
    if (data === undefined) {
      const [start, end] = glyphRange(gid);
      data = font.glyf(start, end);
      outlines.set(gid, data);
    }
    return data;
  };

  // Glyphs to keep: .notdef, the glyph of each code point, and composite components (recursively).
  const cmapEntries: [number, number][] = [];
  const keep = new Set<number>([0]);
  for (const cp of new Set(codePoints)) {
    const gid = font.glyphOf(cp);
    if (gid === 0) continue;
    cmapEntries.push([cp, gid]);
    keep.add(gid);
  }
  const components = (gid: number): number[] => {
    const data = outline(gid);
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (data.length < 10 || dv.getInt16(0) >= 0) return [];
    const out: number[] = [];
    let p = 10;
    for (;;) {
      const flags = dv.getUint16(p);
      out.push(dv.getUint16(p + 2));
      p += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
      if (!(flags & 0x0020)) return out;
    }
  };
  const stack = [...keep];
  while (stack.length) {
    for (const c of components(stack.pop()!)) {
      if (!keep.has(c)) {
        keep.add(c);
        stack.push(c);
      }
    }
  }
  const oldIds = [...keep].sort((a, b) => a - b);
  const newId = new Map(oldIds.map((g, i) => [g, i]));
  const n = oldIds.length;

  // glyf + loca, composite component ids rewritten
  const glyphData: Uint8Array[] = [];
  const offsets = new Uint32Array(n + 1);
  let size = 0;
  oldIds.forEach((gid, i) => {
    const data = outline(gid).slice();
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (data.length >= 10 && dv.getInt16(0) < 0) {
      let p = 10;
      for (;;) {
        const flags = dv.getUint16(p);
        dv.setUint16(p + 2, newId.get(dv.getUint16(p + 2))!);
        p += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
        if (!(flags & 0x0020)) break;
      }
    }
    const padded = (data.length + 3) & ~3;
    const out = new Uint8Array(padded);
    out.set(data);
    glyphData.push(out);
    offsets[i] = size;
    size += padded;
  });
  offsets[n] = size;
  const glyfOut = concat(glyphData);
  const locaOut = new Uint8Array(4 * (n + 1));
  const locaView = new DataView(locaOut.buffer);
  offsets.forEach((o, i) => locaView.setUint32(4 * i, o));

  // hmtx: one full metric per glyph
  const hmtxIn = table('hmtx').offset;
  const nh = font.numberOfHMetrics;
  const hmtxOut = new Uint8Array(4 * n);
  const hmtxView = new DataView(hmtxOut.buffer);
  oldIds.forEach((gid, i) => {
    const advance = view.getUint16(hmtxIn + 4 * Math.min(gid, nh - 1));
    const lsb = gid < nh ? view.getInt16(hmtxIn + 4 * gid + 2) : view.getInt16(hmtxIn + 4 * nh + 2 * (gid - nh));
    hmtxView.setUint16(4 * i, advance);
    hmtxView.setInt16(4 * i + 2, lsb);
  });

  // cmap: format 12, one group per run of consecutive code points with consecutive new glyph ids
  cmapEntries.sort((a, b) => a[0] - b[0]);
  const groups: [number, number, number][] = [];
  for (const [cp, gid] of cmapEntries) {
    const g = newId.get(gid)!;
    const last = groups[groups.length - 1];
    if (last && cp === last[1] + 1 && g === last[2] + (cp - last[0])) last[1] = cp;
    else groups.push([cp, cp, g]);
  }
  const cmapOut = new Uint8Array(12 + 16 + 12 * groups.length);
  const cv = new DataView(cmapOut.buffer);
  cv.setUint16(0, 0);
  cv.setUint16(2, 1);
  cv.setUint16(4, 3);
  cv.setUint16(6, 10);
  cv.setUint32(8, 12);
  cv.setUint16(12, 12);
  cv.setUint32(16, 16 + 12 * groups.length);
  cv.setUint32(24, groups.length);
  groups.forEach(([a, b, g], i) => {
    cv.setUint32(28 + 12 * i, a);
    cv.setUint32(32 + 12 * i, b);
    cv.setUint32(36 + 12 * i, g);
  });

  const copy = (tag: string) => bytes.slice(table(tag).offset, table(tag).offset + table(tag).length);
  const headOut = copy('head');
  new DataView(headOut.buffer).setUint32(8, 0); // checkSumAdjustment, set below
  new DataView(headOut.buffer).setInt16(50, 1); // long loca
  const hheaOut = copy('hhea');
  new DataView(hheaOut.buffer).setUint16(34, n);
  const maxpOut = copy('maxp');
  new DataView(maxpOut.buffer).setUint16(4, n);
  const postOut = copy('post').slice(0, 32);
  new DataView(postOut.buffer).setUint32(0, 0x00030000);

  const out = assemble([
    ['OS/2', copy('OS/2')],
    ['cmap', cmapOut],
    ['glyf', glyfOut],
    ['head', headOut],
    ['hhea', hheaOut],
    ['hmtx', hmtxOut],
    ['loca', locaOut],
    ['maxp', maxpOut],
    ['name', copy('name')],
    ['post', postOut],
  ]);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function checksum(data: Uint8Array): number {
  const padded = new Uint8Array((data.length + 3) & ~3);
  padded.set(data);
  const v = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  return sum;
}

/** An sfnt file from tables given in tag order, with the directory, checksums and head.checkSumAdjustment. */
function assemble(tables: [string, Uint8Array][]): Uint8Array {
  const numTables = tables.length;
  const dirSize = 12 + 16 * numTables;
  let size = dirSize;
  const offsets = tables.map(([, data]) => {
    const at = size;
    size += (data.length + 3) & ~3;
    return at;
  });
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  const pow = 2 ** Math.floor(Math.log2(numTables));
  v.setUint32(0, 0x00010000);
  v.setUint16(4, numTables);
  v.setUint16(6, pow * 16);
  v.setUint16(8, Math.log2(pow));
  v.setUint16(10, numTables * 16 - pow * 16);
  tables.forEach(([tag, data], i) => {
    const rec = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[rec + k] = tag.charCodeAt(k);
    v.setUint32(rec + 4, checksum(data));
    v.setUint32(rec + 8, offsets[i]);
    v.setUint32(rec + 12, data.length);
    out.set(data, offsets[i]);
  });
  const headAt = offsets[tables.findIndex(([tag]) => tag === 'head')];
  v.setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
