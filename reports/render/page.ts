import type { ReportTable } from '../tables/table.js';

/**
 * Page setup and table layout shared by the RTF and DOCX renderers, in twips (1/1440 inch).
 *
 * The paper is A4 (NMPA/CDE), but the text block is 9 in x 6.27 in, centred, so that the same file
 * printed on US Letter (FDA) keeps at least 1 in on every side: Letter is 15840 x 12240, A4 is
 * 16838 x 11906. Landscape is the default; a table that fits the portrait block (6.27 in wide, 9 in
 * high: the same block turned) with every column on one line at 9 pt goes portrait (tablePage).
 */
export interface PageGeometry {
  orientation: 'landscape' | 'portrait';
  width: number;
  height: number;
  marginLeft: number;
  marginRight: number;
  marginTop: number;
  marginBottom: number;
  /** distance of the header and footer lines from the paper edge */
  headerFooter: number;
  textWidth: number;
}

export const PAGE = {
  orientation: 'landscape',
  width: 16838,
  height: 11906,
  marginLeft: 1939,
  marginRight: 1939,
  marginTop: 1440,
  marginBottom: 1440,
  headerFooter: 720,
  /** text width = 16838 - 2 x 1939 = 12960 = 9 in */
  textWidth: 12960,
} as const satisfies PageGeometry;

/** A4 portrait with the landscape text block turned: 9026 twips (6.27 in) wide, 12960 (9 in) high. */
export const PORTRAIT_PAGE = {
  orientation: 'portrait',
  width: 11906,
  height: 16838,
  marginLeft: 1440,
  marginRight: 1440,
  marginTop: 1939,
  marginBottom: 1939,
  headerFooter: 720,
  textWidth: 9026,
} as const satisfies PageGeometry;

/** Inner padding of a table cell: left/right (tight, so wide listings keep room for text), top/bottom. */
export const CELL_PADDING = { side: 72, top: 30, bottom: 30 } as const;

/** Font sizes tried for the table body, in half-points (9, 8, 7 pt): the largest whose columns fit. */
const SIZES = [18, 16, 14] as const;

/**
 * Full-width characters (CJK ideographs and punctuation, kana, hangul, full-width forms): 1 em each.
 * Code point ranges, first and last, in order.
 */
const WIDE = [0x1100, 0x115f, 0x2e80, 0x303e, 0x3041, 0x33ff, 0x3400, 0x4dbf, 0x4e00, 0x9fff, 0xa000, 0xa4cf, 0xac00, 0xd7a3, 0xf900, 0xfaff, 0xfe30, 0xfe4f, 0xff00, 0xff60, 0xffe0, 0xffe6, 0x20000, 0x3fffd];

function isWide(cp: number): boolean {
  if (cp < WIDE[0]) return false;
  for (let i = 0; i < WIDE.length; i += 2) if (cp >= WIDE[i] && cp <= WIDE[i + 1]) return true;
  return false;
}

/** The white space of JavaScript's \s (the no-break spaces among it): where a line may break. */
function isSpace(cp: number): boolean {
  return cp === 32 || (cp >= 9 && cp <= 13) || cp === 0xa0 || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000 || cp === 0xfeff;
}

/**
 * Advance width of an ASCII character in thousandths of an em: Arial's metrics rounded up by class
 * (digits and lower case up to DejaVu Sans, the usual stand-in where Arial is missing); any other
 * character is 650, or 1000 when full-width. A flat "n characters" count under-measures capitals
 * (MRD_NEG_DURATION is 16 capitals, 40% wider than 16 lower-case letters) and Chinese (twice a Latin
 * letter), which is what made such columns wrap mid-word. A table by code, not regular expressions per
 * character: those took 60 ms of a 446-subject run where it goes without the optimising compiler.
 */
const ASCII_WIDTH = Uint16Array.from({ length: 128 }, (_, c) => {
  const ch = String.fromCharCode(c);
  if (ch >= 'A' && ch <= 'Z') return 700;
  if ("ijlftr .,:;'!|()[]/\\-".includes(ch)) return 300;
  if (ch >= 'a' && ch <= 'z') return 580;
  if (ch >= '0' && ch <= '9') return 620;
  return 650;
});

function charWidth(cp: number): number {
  return cp < 128 ? ASCII_WIDTH[cp] : isWide(cp) ? 1000 : 650;
}

/**
 * Width of a text (its longest line) and of its widest unbreakable piece, in thousandths of an em. Lines
 * break at spaces and next to any full-width character, so a Chinese label can wrap between glyphs but
 * a date, a code or an identifier cannot.
 */
export function measure(s: string, bold = false): { full: number; token: number } {
  let full = 0;
  let token = 0;
  for (const line of s.split(/\r\n?|\n/)) {
    let lineWidth = 0;
    let run = 0;
    let depth = 0;
    for (let i = 0; i < line.length; ) {
      const cp = line.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      const w = charWidth(cp);
      lineWidth += w;
      if (cp === 0x5b || cp === 0x28) depth++;
      else if ((cp === 0x5d || cp === 0x29) && depth > 0) depth--;
      // a space inside brackets does not break: "[49.3, 61.6]" is one piece (written with no-break spaces)
      if (depth > 0 && cp === 32) {
        run += w;
        continue;
      }
      const wide = w === 1000;
      if (wide || isSpace(cp)) {
        token = Math.max(token, run, wide ? w : 0);
        run = 0;
      } else run += w;
    }
    token = Math.max(token, run);
    full = Math.max(full, lineWidth);
  }
  const k = bold ? 1.1 : 1;
  return { full: full * k, token: token * k };
}

export interface TableLayout {
  /** column widths in twips, adding up to exactly the width asked for */
  widths: number[];
  /** font size of the table text in half-points */
  halfPoints: number;
  /** every cell on one line at 9 pt (headers may take two) */
  oneLine: boolean;
}

/**
 * Column widths measured from the text, and the font size, for a table `total` twips wide:
 * 1. at 9 pt, else 8 pt, if every column fits on one line (headers may take two), the columns grow in
 *    proportion to fill the text block, as submission tables do;
 * 2. otherwise, at the largest size (9, 8, 7 pt) where every column can hold its widest unbreakable word,
 *    each column gets that; then, cheapest first, columns get their full width while the room lasts, so
 *    as few columns as possible wrap, and those that must wrap share what is left;
 * 3. a listing too wide even for that (7 pt) lets header words wrap, keeps the narrow columns' words
 *    whole, and lets only the widest words (long codes, free text) wrap.
 */
export function tableLayout(t: ReportTable, total: number = PAGE.textWidth): TableLayout {
  checkShape(t);
  const n = t.columns.length;
  const { cells: marked } = footnoteMarks(t);
  // a footnote mark is set raised at about 70%: measured as that many characters at 0.7
  const markWidth = (row: number | null, j: number) => {
    const m = marked.get(markKey(row, j));
    return m ? Math.ceil(measure(m).full * 0.7) : 0;
  };
  const withMark = (w: { full: number; token: number }, extra: number) => (extra ? { full: w.full + extra, token: w.token + extra } : w);
  const em = t.columns.map((h, j) => {
    const head = withMark(measure(h, true), markWidth(null, j));
    const body = t.rows.map((r, i) => withMark(measure(r[j] ?? ''), markWidth(i, j)));
    const bodyFull = body.reduce((m, b) => Math.max(m, b.full), 0);
    const bodyToken = body.reduce((m, b) => Math.max(m, b.token), 0);
    const min = Math.max(1700, bodyToken, head.token);
    const want = Math.max(min, bodyFull, Math.min(head.full, Math.max(head.full / 2, head.token)));
    return { want, min, bodyMin: Math.max(1700, bodyToken), headMin: Math.max(1700, head.token) };
  });
  // thousandths of an em to twips at a size, 5% over Arial for fonts that substitute it, plus padding
  const twips = (v: number, hp: number) => (v * hp * 1.05) / 100 + 2 * CELL_PADDING.side;
  const done = (widths: number[], halfPoints: number, oneLine = false): TableLayout => {
    const rounded = widths.map((w) => Math.floor(w));
    rounded[n - 1] += total - sum(rounded);
    return { widths: rounded, halfPoints, oneLine };
  };
  for (const hp of SIZES.slice(0, 2)) {
    const want = em.map((c) => twips(c.want, hp));
    if (sum(want) <= total) return done(want.map((w) => (w * total) / sum(want)), hp, hp === SIZES[0]);
  }
  for (const hp of SIZES) {
    const want = em.map((c) => twips(c.want, hp));
    const widths = em.map((c) => twips(c.min, hp));
    let left = total - sum(widths);
    if (left < 0) continue;
    const byLack = widths.map((_, j) => j).sort((a, b) => want[a] - widths[a] - (want[b] - widths[b]) || a - b);
    const short: number[] = [];
    for (const j of byLack) {
      const lack = want[j] - widths[j];
      if (lack <= left) { widths[j] = want[j]; left -= lack; } else short.push(j);
    }
    if (short.length === 0) return done(widths.map((w) => (w * total) / sum(widths)), hp);
    const shortLack = short.reduce((s, j) => s + want[j] - widths[j], 0);
    for (const j of short) widths[j] += (left * (want[j] - widths[j])) / shortLack;
    return done(widths, hp);
  }
  // a listing too wide even for every column's widest piece at 7 pt: header words stay whole, the
  // narrow columns keep their pieces whole, and only the widest pieces (long codes, free text) wrap
  const hp = SIZES[SIZES.length - 1];
  let floor = em.map((c) => twips(c.headMin, hp));
  // more header words than the page holds side by side: then headers wrap too
  if (sum(floor) > total) floor = floor.map(() => 0);
  const widths = waterFill(em.map((c, j) => Math.max(floor[j], twips(c.bodyMin, hp))), floor, total);
  return done(widths, hp);
}

/**
 * Shares `total` when the columns' needs exceed it (water-filling): every column gets its need up to a
 * common cap, but never less than its floor; the cap is chosen so that the widths add up to `total`.
 */
function waterFill(need: number[], floor: number[], total: number): number[] {
  const order = need.map((_, j) => j).sort((a, b) => need[a] - need[b] || a - b);
  const widths = [...floor];
  let left = total - sum(floor);
  order.forEach((j, i) => {
    const share = left / (order.length - i);
    const extra = Math.max(0, Math.min(need[j] - floor[j], share));
    widths[j] += extra;
    left -= extra;
  });
  return widths;
}

/**
 * The page and the column layout of a table: its plan orientation, else portrait when every column fits
 * the portrait text block on one line at 9 pt, else landscape.
 */
export function tablePage(t: ReportTable): { page: PageGeometry; layout: TableLayout } {
  if (t.orientation !== 'landscape') {
    const layout = tableLayout(t, PORTRAIT_PAGE.textWidth);
    if (t.orientation === 'portrait' || layout.oneLine) return { page: PORTRAIT_PAGE, layout };
  }
  return { page: PAGE, layout: tableLayout(t, PAGE.textWidth) };
}

const markKey = (row: number | null, column: number) => `${row ?? 'h'}:${column}`;

/**
 * Footnote marks as the renderers print them: the footnotes that some cell refers to get the letters
 * a, b, c, ... in footnote order; each marked cell (row null: the header) gets its letters, comma
 * separated, set raised after its text; unmarked footnotes (general method notes) get no letter.
 */
export function footnoteMarks(t: ReportTable): { cells: Map<string, string>; letters: (string | null)[] } {
  const used = new Set((t.marks ?? []).map((m) => m.footnote));
  let k = 0;
  const letters = t.footnotes.map((_, i) => (used.has(i) ? String.fromCharCode(97 + k++) : null));
  const cells = new Map<string, string[]>();
  for (const m of t.marks ?? []) {
    if (m.footnote < 0 || m.footnote >= t.footnotes.length) throw new RangeError(`table ${t.id}: a mark refers to footnote ${m.footnote + 1} of ${t.footnotes.length}`);
    const key = markKey(m.row, m.column);
    const list = cells.get(key) ?? [];
    if (!list.includes(letters[m.footnote]!)) list.push(letters[m.footnote]!);
    cells.set(key, list);
  }
  return { cells: new Map([...cells].map(([key, list]) => [key, list.sort().join(',')])), letters };
}

/** The mark of one cell (row null: header), or '' when it has none. */
export function cellMark(marks: Map<string, string>, row: number | null, column: number): string {
  return marks.get(markKey(row, column)) ?? '';
}

/**
 * Cell text as the renderers write it: spaces inside brackets or parentheses become no-break spaces
 * and hyphens (minus signs) non-breaking hyphens (U+2011, which RTF writes as \_ and DOCX as
 * w:noBreakHyphen), so that a word processor never breaks "[-0.1, 21.3]" or "(55.5)", as tableLayout
 * measured them.
 */
export function keepBracketsTogether(s: string): string {
  let depth = 0;
  let out = '';
  for (const ch of s) {
    if (ch === '[' || ch === '(') depth++;
    else if ((ch === ']' || ch === ')') && depth > 0) depth--;
    out += depth > 0 && ch === ' ' ? '\u00a0' : depth > 0 && ch === '-' ? '\u2011' : ch;
  }
  return out;
}

/**
 * A table must have columns and every row as many cells as there are columns: a renderer cannot guess
 * where a missing cell belongs, and RTF and DOCX rows with a different cell count fall apart.
 */
export function checkShape(t: ReportTable): void {
  if (t.columns.length === 0) throw new RangeError(`table ${t.id}: no columns`);
  t.rows.forEach((r, i) => {
    if (r.length !== t.columns.length) throw new RangeError(`table ${t.id}: row ${i + 1} has ${r.length} cells, the table ${t.columns.length} columns`);
  });
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/** Options of the RTF and DOCX renderers. */
export interface RenderOptions {
  lang: 'en' | 'zh';
  /** printed in the page header of every page, left */
  studyTitle: string;
  /** data cut-off (YYYY-MM-DD), page header right */
  cutoff?: string;
  /** page footer left: the program, the output file and the run date */
  program?: string;
}

/** Left and right text of the page header. */
export function headerParts(o: RenderOptions): [string, string] {
  const cut = o.cutoff ? (o.lang === 'zh' ? `数据截止日期：${o.cutoff}` : `Data cut-off: ${o.cutoff}`) : '';
  return [o.lang === 'zh' ? `方案：${o.studyTitle}` : `Protocol: ${o.studyTitle}`, cut];
}

/** "Page X of Y" around the two page-number fields, in the report language. */
export function pageWords(lang: 'en' | 'zh'): [before: string, between: string, after: string] {
  return lang === 'zh' ? ['第 ', ' 页，共 ', ' 页'] : ['Page ', ' of ', ''];
}

/** A figure as a document: its number and title, the picture, and the footnotes stating the methods. */
export interface FigureDocument {
  id: string;
  title: string;
  png: Uint8Array;
  footnotes: string[];
}

/** The text block height left for a figure under its title and above its footnotes (twips). */
const FIGURE_HEIGHT = PAGE.height - PAGE.marginTop - PAGE.marginBottom - 1800;

/** Twips per pixel of a picture `widthPx` x `heightPx` placed in the figure box, aspect ratio kept. */
function placedScale(widthPx: number, heightPx: number): number {
  return Math.min(PAGE.textWidth / widthPx, FIGURE_HEIGHT / heightPx);
}

/**
 * Pixel size of a PNG (its IHDR chunk) and the size it is placed at: as wide as the text block at
 * most, as high as the room under the title at most, aspect ratio kept.
 */
export function figureBox(png: Uint8Array): { widthPx: number; heightPx: number; widthTwips: number; heightTwips: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (png.length < 24 || view.getUint32(12) !== 0x49484452) throw new RangeError('not a PNG (no IHDR chunk)');
  const widthPx = view.getUint32(16);
  const heightPx = view.getUint32(20);
  const scale = placedScale(widthPx, heightPx);
  return { widthPx, heightPx, widthTwips: Math.floor(widthPx * scale), heightTwips: Math.floor(heightPx * scale) };
}

/** Resolution a figure's PNG has where the DOCX and RTF figure documents place it, at least. */
export const FIGURE_DPI = 300;

/**
 * PNG pixels per SVG pixel for a figure whose SVG is `widthPx` x `heightPx`: enough for FIGURE_DPI
 * where figureBox places it, but never fewer pixels than the SVG (the PNG alone, on a screen or a
 * slide, stays as sharp as the SVG's own size) and never more than twice. Placement depends only on
 * the aspect ratio, so it is the same at any scale. A swimmer page (about 1,000 x 1,700) fills the box's
 * height at 334 dpi at scale 1, where scale 2 gave 669 dpi for four times the pixels to draw and
 * encode; a Kaplan-Meier plot needs about 2. Rounded up to 1/100.
 *
 * @example pngScale(995, 1679) // 1 (a swimmer page)
 * @example pngScale(904, 743)  // 2 (a Kaplan-Meier plot: 2.03 wanted)
 */
export function pngScale(widthPx: number, heightPx: number): number {
  const wanted = (placedScale(widthPx, heightPx) / 1440) * FIGURE_DPI;
  return Math.min(2, Math.max(1, Math.ceil(wanted * 100 - 1e-9) / 100));
}

/**
 * How each cell is set, from the table's own structure: columns holding statistics (cells with an
 * ard.json record) are centred; a row with text in its first cell only and no record is a section
 * heading (bold), and the rows under it are its members (first cell indented). Listings (no records)
 * stay left-aligned and plain.
 */
export function tableStyle(t: ReportTable): { centred: boolean[]; rowKind: ('group' | 'member' | 'plain')[] } {
  const refs = t.refs;
  if (!refs) return { centred: t.columns.map(() => false), rowKind: t.rows.map(() => 'plain') };
  const centred = t.columns.map((_, j) => j > 0 && refs.some((r) => r[j] !== null));
  let inGroup = false;
  const rowKind = t.rows.map((row, i) => {
    const group = row[0] !== '' && row.slice(1).every((c) => c === '') && refs[i].every((r) => r === null);
    if (group) {
      inGroup = true;
      return 'group' as const;
    }
    return inGroup ? ('member' as const) : ('plain' as const);
  });
  return { centred, rowKind };
}
