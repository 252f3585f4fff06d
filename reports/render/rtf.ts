import type { ReportTable } from '../tables/table.js';
import { CELL_PADDING, cellMark, figureBox, footnoteMarks, headerParts, tableStyle, keepBracketsTogether, PAGE, pageWords, tablePage, type FigureDocument, type PageGeometry, type RenderOptions } from './page.js';

/**
 * RTF 1.x writer for one submission table, by hand: no maintained RTF library exists (notes/deps.md
 * section 7). The output is 7-bit ASCII (every other character is a \uN? escape), has no time stamp
 * (no \creatim, \revtim or \printim), and depends on nothing but the table, so the same table always
 * gives the same bytes.
 */

export type RtfOptions = RenderOptions;

/**
 * Escapes text for an RTF text run. Backslash and braces would be read as control words and groups.
 * Every character outside printable ASCII becomes \uN? with N the UTF-16 code unit as a signed 16-bit
 * number (the RTF 1.5+ rule) and `?` the one-character fallback that \uc1 tells readers to skip; a
 * character above U+FFFF becomes its two surrogate halves. Line breaks become \line, tabs \tab.
 */
export function rtfEscape(s: string): string {
  // 10^-5: the exponent raised, in a group so that the raised size ends with it; the minus may have
  // become a non-breaking hyphen (\_) inside brackets
  return escapeRun(s).replace(/10\^(-|\\_)?(\d+)/g, (_, minus: string | undefined, d: string) => `10{\\super ${minus ? '\\u8722?' : ''}${d}}`);
}

function escapeRun(s: string): string {
  let out = '';
  for (const ch of s.replace(/\r\n?/g, '\n')) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\' || ch === '{' || ch === '}') out += '\\' + ch;
    else if (ch === '\n') out += '\\line ';
    else if (ch === '\t') out += '\\tab ';
    else if (ch === '\u2011') out += '\\_';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else for (let i = 0; i < ch.length; i++) {
      const unit = ch.charCodeAt(i);
      out += `\\u${unit > 0x7fff ? unit - 0x10000 : unit}?`;
    }
  }
  return out;
}

/**
 * Character defaults for every paragraph: \plain resets, then Arial (f0) for Latin text and SimSun (f1)
 * as the font for double-byte (Chinese) text, in the \loch/\hich/\dbch form Word itself writes, so
 * that Word and LibreOffice both pick a CJK font for Chinese characters.
 */
function plain(halfPoints: number): string {
  return `\\plain\\f0\\hich\\af0\\dbch\\af1\\loch\\f0\\fs${halfPoints}`;
}

/** A PAGE or NUMPAGES field; the cached result "1" is what a reader that does not update fields shows. */
function field(instruction: 'PAGE' | 'NUMPAGES'): string {
  return `{\\field{\\*\\fldinst ${instruction}}{\\fldrslt 1}}`;
}

const RULE = '\\brdrs\\brdrw10';

/**
 * One table row: the row definition (\trowd ... \cellxN with N the right edge of each cell) then the cell
 * paragraphs. \trkeep keeps a row on one page; \trhdr makes the header row repeat at the top of every page
 * (Word honours it; LibreOffice 7.4 ignores it on RTF import, and drops it on RTF export too).
 * Cell padding is given twice, as \trgaph (older readers) and \trpadd* in twips (\trpaddf*3).
 * Borders follow submission style: a rule above and below the header, one under the last row, no
 * vertical lines.
 */
function rowRtf(
  cells: string[],
  edges: number[],
  halfPoints: number,
  kind: 'header' | 'body' | 'last',
  style: { centred?: boolean[]; row?: 'group' | 'member' | 'plain'; marks?: string[]; keepNext?: boolean } = {},
): string {
  const head = kind === 'header';
  const { side, top, bottom } = CELL_PADDING;
  const def = edges.map((x) => {
    const borders = head ? `\\clbrdrt${RULE}\\clbrdrb${RULE}` : kind === 'last' ? `\\clbrdrb${RULE}` : '';
    return `${borders}${head ? '\\clvertalb' : ''}\\cellx${x}`;
  });
  const text = cells.map((c, j) => {
    const align = style.centred?.[j] ? '\\qc' : '\\ql';
    const indent = j === 0 && style.row === 'member' ? '\\li200' : '';
    const bold = head || (j === 0 && style.row === 'group');
    const mark = style.marks?.[j] ? `{\\super ${rtfEscape(style.marks[j])}}` : '';
    // \keepn in the cells of a row keeps that row on the page of the next (the last row with the footnotes)
    return `\\pard\\intbl${align}${indent}${style.keepNext ? '\\keepn' : ''}${plain(halfPoints)}${bold ? '\\b' : ''} ${rtfEscape(keepBracketsTogether(c))}${mark}\\cell`;
  });
  return (
    `\\trowd\\trgaph${side}\\trleft0\\trpaddl${side}\\trpaddfl3\\trpaddr${side}\\trpaddfr3` +
    `\\trpaddt${top}\\trpaddft3\\trpaddb${bottom}\\trpaddfb3\\trkeep${head ? '\\trhdr' : ''}\n` +
    `${def.join('')}\n${text.join('\n')}\n\\row\n`
  );
}

/** A whole paragraph outside the table: paragraph format (alignment, spacing), size, optional bold. */
function para(text: string, format: string, halfPoints: number, bold = false, mark = ''): string {
  const raised = mark ? `{\\super ${rtfEscape(mark)}}\\~` : '';
  return `\\pard${format}${plain(halfPoints)}${bold ? '\\b' : ''} ${raised}${rtfEscape(text)}\\par\n`;
}

/**
 * The start of every document: character set, fonts, title, page setup (A4 landscape), and the page
 * header (protocol | data cut-off) and footer (program | page X of Y).
 */
function documentStart(title: string, options: RtfOptions, geometry: PageGeometry = PAGE): string {
  const [before, between, after] = pageWords(options.lang);
  const g = geometry;
  const landscape = g.orientation === 'landscape';
  const page =
    `\\paperw${g.width}\\paperh${g.height}\\margl${g.marginLeft}\\margr${g.marginRight}` +
    `\\margt${g.marginTop}\\margb${g.marginBottom}${landscape ? '\\landscape' : ''}\\widowctrl\n` +
    `\\sectd${landscape ? '\\lndscpsxn' : ''}\\pgwsxn${g.width}\\pghsxn${g.height}\\marglsxn${g.marginLeft}\\margrsxn${g.marginRight}\\margtsxn${g.marginTop}\\margbsxn${g.marginBottom}\\headery${g.headerFooter}\\footery${g.headerFooter}\n`;
  // left and right parts on one line: a right-aligned tab stop at the right edge of the text block
  const [left, right] = headerParts(options);
  const tabs = `\\tqr\\tx${g.textWidth}`;
  const header = `{\\header\\pard\\ql${tabs}${plain(16)} ${rtfEscape(left)}\\tab ${rtfEscape(right)}\\par}\n`;
  const footer =
    `{\\footer\\pard\\ql${tabs}${plain(16)} ${rtfEscape(options.program ?? '')}\\tab ${rtfEscape(before)}${field('PAGE')}${rtfEscape(between)}${field('NUMPAGES')}${rtfEscape(after)}\\par}\n`;
  return (
    `{\\rtf1\\ansi\\ansicpg1252\\uc1\\deff0\\deflang1033\\deflangfe2052\\stshfdbch1\\stshfloch0\\stshfhich0\n` +
    `{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}{\\f1\\fnil\\fcharset134 SimSun;}}\n` +
    `{\\info{\\title ${rtfEscape(title)}}}\n` +
    page +
    header +
    footer
  );
}

/**
 * A figure document: the numbered title, the PNG scaled to fit the text block (and to leave room for
 * the title and footnotes), then the footnotes, with the tables' page setup, header and footer. As
 * bytes (the text parts UTF-8, as a string would be written): the picture's hexadecimal text, twice
 * the PNG's size, goes straight into them.
 */
export function renderFigureRtf(figure: FigureDocument, options: RtfOptions): Uint8Array {
  const { widthTwips, heightTwips, widthPx, heightPx } = figureBox(figure.png);
  const head = Buffer.from(
    documentStart(figure.title, options) +
      para(figure.title, '\\qc\\keepn\\sa120', 22, true) +
      `\\pard\\qc\\keepn {\\pict\\pngblip\\picw${widthPx}\\pich${heightPx}\\picwgoal${widthTwips}\\pichgoal${heightTwips}\n`,
    'utf8',
  );
  const tail = Buffer.from('}\\par\n' + figure.footnotes.map((f, i) => para(f, i === 0 ? '\\ql\\sb120' : '\\ql', 16)).join('') + '\\pard}\n', 'utf8');
  const png = Buffer.from(figure.png.buffer, figure.png.byteOffset, figure.png.byteLength);
  const out = Buffer.allocUnsafe(head.length + hexLinesLength(png.length) + tail.length);
  head.copy(out, 0);
  tail.copy(out, writeHexLines(png, out, head.length));
  return out;
}

/** Bytes of `n` bytes as hexadecimal text, 128 characters a line (RTF picture data). */
function hexLinesLength(n: number): number {
  return 2 * n + Math.max(0, Math.ceil(n / 64) - 1);
}

/**
 * Writes `bytes` as hexadecimal text, 128 characters a line, into `out` at `at`; returns where it ends.
 * A line at a time, straight into the document's bytes: for the 11 PNGs of 446 subjects (2 MB) 32-35 ms
 * where the run goes without the optimising compiler, against 46-56 ms through one hexadecimal string
 * cut into lines and joined, and the document is then written and hashed as bytes, not as a 4 MB string.
 */
function writeHexLines(bytes: Buffer, out: Buffer, at: number): number {
  for (let i = 0; i < bytes.length; i += 64) {
    if (i > 0) out[at++] = 0x0a;
    at += out.write(bytes.toString('hex', i, Math.min(bytes.length, i + 64)), at, 'latin1');
  }
  return at;
}

/**
 * A complete RTF document for one table: page setup, font table, header (study title) and footer
 * (page X of Y), title and subtitle kept with the table, the table, and the footnotes in small type.
 */
export function renderRtf(table: ReportTable, options: RtfOptions): string {
  const { page, layout } = tablePage(table);
  const { widths, halfPoints } = layout;
  const edges = widths.map((_, j) => widths.slice(0, j + 1).reduce((s, w) => s + w, 0));
  const style = tableStyle(table);
  const { cells: marks, letters } = footnoteMarks(table);
  const marksOf = (row: number | null) => table.columns.map((_, j) => cellMark(marks, row, j));
  const last = table.rows.length - 1;
  const notes = table.footnotes.length;
  const rows = table.rows.map((r, i) =>
    rowRtf(r, edges, halfPoints, i === last ? 'last' : 'body', { centred: style.centred, row: style.rowKind[i], marks: marksOf(i), keepNext: i === last && notes > 0 }),
  );
  return (
    documentStart(table.title, options, page) +
    para(table.title, '\\qc\\keepn\\sa120', 22, true) +
    (table.subtitle ? para(table.subtitle, '\\qc\\keepn\\sa120', 20) : '') +
    rowRtf(table.columns, edges, halfPoints, 'header', { centred: style.centred, marks: marksOf(null) }) +
    rows.join('') +
    // every footnote but the last keeps with the next, and the last row with the first: no footnote alone on a page
    table.footnotes.map((f, i) => para(f, `${i === 0 ? '\\ql\\sb120' : '\\ql'}${i < notes - 1 ? '\\keepn' : ''}`, Math.min(16, halfPoints), false, letters[i] ?? '')).join('') +
    // \pard: the implicit last paragraph of the document is outside the table even without footnotes
    '\\pard}\n'
  );
}
