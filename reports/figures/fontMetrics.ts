import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The one font family of every figure. Noto Sans SC covers Latin and Chinese, so a figure in either
 * language is set in a single, consistent face; the TTF files ship with the npm package
 * @expo-google-fonts/noto-sans-sc (OFL-1.1), so no system font is ever used.
 */
export const FONT_FAMILY = 'Noto Sans SC';

const require = createRequire(import.meta.url);

/** Absolute paths of the regular and bold TTF files, resolved through the package. */
export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
} as const;

/** A TrueType font opened for reading: its table directory, glyph lookup and horizontal metrics. */
export interface OpenFont {
  bytes: Uint8Array;
  view: DataView;
  /** offset and length of each table, by tag */
  tables: Map<string, { offset: number; length: number }>;
  unitsPerEm: number;
  numGlyphs: number;
  numberOfHMetrics: number;
  /** glyph id of a code point (0 = .notdef when the font lacks it) */
  glyphOf: (codePoint: number) => number;
  /** advance width of a code point in font units (the .notdef glyph's when the font lacks it) */
  advance: (codePoint: number) => number;
  /** bytes [start, end) of the glyf table (offsets as loca gives them), read from the font file when `bytes` does not hold that table */
  glyf: (start: number, end: number) => Uint8Array;
}

/**
 * Reads the table directory and the `head`, `hhea`, `maxp`, `hmtx` and `cmap` (format 12 or 4) tables
 * of a TrueType font, enough to measure the advance width of a string (OpenType spec, chapters
 * "head", "hhea", "hmtx", "cmap"). Kerning is ignored (the figures' fonts are set without it, see
 * fontSubset.ts).
 */
export function openFont(file: Uint8Array, glyfInFile?: (start: number, end: number) => Uint8Array): OpenFont {
  // a plain Uint8Array (not a Buffer) so that slice() copies
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numTables = view.getUint16(4);
  const tables = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(bytes[rec], bytes[rec + 1], bytes[rec + 2], bytes[rec + 3]);
    tables.set(tag, { offset: view.getUint32(rec + 8), length: view.getUint32(rec + 12) });
  }
  const table = (tag: string): number => {
    const t = tables.get(tag);
    if (t === undefined) throw new Error(`font has no ${tag} table`);
    return t.offset;
  };
  const unitsPerEm = view.getUint16(table('head') + 18);
  const numberOfHMetrics = view.getUint16(table('hhea') + 34);
  const numGlyphs = view.getUint16(table('maxp') + 4);
  const hmtx = table('hmtx');
  const glyphAdvance = (gid: number) => view.getUint16(hmtx + 4 * Math.min(gid, numberOfHMetrics - 1));

  // cmap: prefer a full-Unicode format 12 subtable, else a BMP format 4 one.
  const cmap = table('cmap');
  const nSub = view.getUint16(cmap + 2);
  let f12 = -1;
  let f4 = -1;
  for (let i = 0; i < nSub; i++) {
    const platform = view.getUint16(cmap + 4 + 8 * i);
    const encoding = view.getUint16(cmap + 6 + 8 * i);
    const at = cmap + view.getUint32(cmap + 8 + 8 * i);
    const format = view.getUint16(at);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12 && f12 < 0) f12 = at;
    if (format === 4 && f4 < 0) f4 = at;
  }
  let glyphOf: (cp: number) => number;
  if (f12 >= 0) {
    const nGroups = view.getUint32(f12 + 12);
    glyphOf = (cp) => {
      let lo = 0;
      let hi = nGroups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const g = f12 + 16 + 12 * mid;
        if (cp < view.getUint32(g)) hi = mid - 1;
        else if (cp > view.getUint32(g + 4)) lo = mid + 1;
        else return view.getUint32(g + 8) + (cp - view.getUint32(g));
      }
      return 0;
    };
  } else if (f4 >= 0) {
    const segCount = view.getUint16(f4 + 6) / 2;
    const ends = f4 + 14;
    const starts = ends + 2 * segCount + 2;
    const deltas = starts + 2 * segCount;
    const ranges = deltas + 2 * segCount;
    glyphOf = (cp) => {
      if (cp > 0xffff) return 0;
      for (let s = 0; s < segCount; s++) {
        if (cp > view.getUint16(ends + 2 * s)) continue;
        const start = view.getUint16(starts + 2 * s);
        if (cp < start) return 0;
        const delta = view.getInt16(deltas + 2 * s);
        const rangeOffset = view.getUint16(ranges + 2 * s);
        if (rangeOffset === 0) return (cp + delta) & 0xffff;
        const gid = view.getUint16(ranges + 2 * s + rangeOffset + 2 * (cp - start));
        return gid === 0 ? 0 : (gid + delta) & 0xffff;
      }
      return 0;
    };
  } else {
    throw new Error('font has no Unicode cmap subtable of format 4 or 12');
  }
  const cache = new Map<number, number>();
  const advance = (cp: number) => {
    let w = cache.get(cp);
    if (w === undefined) {
      w = glyphAdvance(glyphOf(cp));
      cache.set(cp, w);
    }
    return w;
  };
  const glyf =
    glyfInFile ??
    ((start: number, end: number) => {
      const at = table('glyf');
      return bytes.slice(at + start, at + end);
    });
  return { bytes, view, tables, unitsPerEm, numGlyphs, numberOfHMetrics, glyphOf, advance, glyf };
}

let loaded: { regular: OpenFont; bold: OpenFont } | null = null;

/**
 * The two figure fonts as the PNG thread subsets them (fontSubset.ts), read once per thread: the tables
 * a subset copies, without the glyph outlines (9.9 of the 10.5 MB), whose few glyphs a figure draws
 * are read from the file when subset.
 */
export function figureFonts(): { regular: OpenFont; bold: OpenFont } {
  loaded ??= { regular: outlineFont(FONT_FILES.regular), bold: outlineFont(FONT_FILES.bold) };
  return loaded;
}

/** A font of the tables fontSubset copies, its glyph outlines read from `path` when asked for. */
function outlineFont(path: string): OpenFont {
  const { bytes, directory } = fontTables(path, SUBSET_TABLES);
  const glyf = directory.get('glyf');
  if (glyf === undefined) throw new Error(`${path}: font has no glyf table`);
  return openFont(bytes, (start, end) => {
    if (start < 0 || end < start || end > glyf.length) throw new RangeError(`${path}: glyph bytes ${start}-${end} outside the glyf table`);
    const fd = openSync(path, 'r');
    try {
      const out = new Uint8Array(end - start);
      if (readSync(fd, out, 0, out.length, glyf.offset + start) !== out.length) throw new Error(`${path}: truncated font file`);
      return out;
    } finally {
      closeSync(fd);
    }
  });
}

let measuring: { regular: OpenFont; bold: OpenFont } | null = null;

/**
 * The two figure fonts with only the tables that measure text (see metricTables), read once per
 * thread: the figure specs (main thread) and the SVG drawings (figure thread) only measure.
 */
export function figureMetrics(): { regular: OpenFont; bold: OpenFont } {
  measuring ??= loaded ?? { regular: openFont(metricTables(FONT_FILES.regular)), bold: openFont(metricTables(FONT_FILES.bold)) };
  return measuring;
}

const METRIC_TABLES = ['cmap', 'head', 'hhea', 'hmtx', 'maxp'];
/** the tables fontSubset copies or reads, but for the outlines (glyf) */
const SUBSET_TABLES = [...METRIC_TABLES, 'OS/2', 'loca', 'name', 'post'];
const align4 = (n: number) => (n + 3) & ~3;

/**
 * A TrueType file holding only the `cmap`, `head`, `hhea`, `hmtx` and `maxp` tables of `path`: 0.14 MB of
 * Noto Sans SC's 10.5 MB, enough to measure text. Reading both whole fonts on each of the three threads
 * cost about 100 ms a thread, most of it the page faults of 21 MB of fresh memory.
 */
export function metricTables(path: string): Uint8Array {
  return fontTables(path, METRIC_TABLES).bytes;
}

/**
 * A TrueType file of the tables `tags` of `path`, each read from its place in the file, and the file's
 * own table directory. The directory is rewritten for the new offsets (checksums 0: openFont does not
 * check them; cmap's subtable offsets are relative to the table, loca's to glyf).
 */
function fontTables(path: string, tags: readonly string[]): { bytes: Uint8Array; directory: Map<string, { offset: number; length: number }> } {
  const fd = openSync(path, 'r');
  try {
    const read = (length: number, position: number, into = Buffer.alloc(length), at = 0) => {
      if (readSync(fd, into, at, length, position) !== length) throw new Error(`${path}: truncated font file`);
      return into;
    };
    const header = read(12, 0);
    const numTables = header.readUInt16BE(4);
    const entries = read(16 * numTables, 12);
    const directory = new Map<string, { offset: number; length: number }>();
    for (let i = 0; i < numTables; i++) directory.set(entries.toString('latin1', 16 * i, 16 * i + 4), { offset: entries.readUInt32BE(16 * i + 8), length: entries.readUInt32BE(16 * i + 12) });
    const records = tags.map((tag) => {
      const r = directory.get(tag);
      if (r === undefined) throw new Error(`${path}: font has no ${tag} table`);
      return { tag, ...r };
    });
    const start = 12 + 16 * records.length;
    const out = Buffer.alloc(records.reduce((at, r) => at + align4(r.length), start));
    header.copy(out, 0, 0, 4);
    out.writeUInt16BE(records.length, 4);
    let at = start;
    records.forEach((r, i) => {
      out.write(r.tag, 12 + 16 * i, 'latin1');
      out.writeUInt32BE(at, 12 + 16 * i + 8);
      out.writeUInt32BE(r.length, 12 + 16 * i + 12);
      read(r.length, r.offset, out, at);
      at += align4(r.length);
    });
    return { bytes: out, directory };
  } finally {
    closeSync(fd);
  }
}

/** Whether a Vega font weight is rendered with the bold face. */
export function isBold(weight: unknown): boolean {
  if (weight === 'bold' || weight === 'bolder') return true;
  const n = Number(weight);
  return Number.isFinite(n) && n >= 600;
}

/** Advance width in pixels of `text` at `fontSize` px in the figure font. */
export function textWidth(text: string, fontSize: number, bold: boolean): number {
  const f = bold ? figureMetrics().bold : figureMetrics().regular;
  let units = 0;
  for (const ch of text) units += f.advance(ch.codePointAt(0)!);
  return (units / f.unitsPerEm) * fontSize;
}
