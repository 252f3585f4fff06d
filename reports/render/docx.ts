import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions, Tab, TabStopType, NoBreakHyphen, ImageRun } from 'docx';
import type { ReportTable } from '../tables/table.js';
import { escapeHtml } from './html.js';
import { CELL_PADDING, PAGE, pageWords, tableLayout, type RenderOptions, headerParts, keepBracketsTogether, figureBox, type FigureDocument, tableStyle } from './page.js';
import { fixZipTimes } from './zipTimes.js';

/**
 * DOCX writer for one submission table, with the docx package; the same layout as the RTF writer
 * (page.ts), and byte-identical output for the same table:
 * - docx writes the current time into docProps/core.xml (dcterms:created and dcterms:modified) and has no
 *   option for it, so that part is replaced through Packer's `overrides` by one with FIXED_DATE;
 * - its zip entries carry the current local date and time, which fixZipTimes sets to 1980-01-01 00:00.
 * Nothing else varies: the parts, their order and their DEFLATE bytes depend on the document only
 * (docx draws random ids only for hyperlinks, images, charts and the like, which tables do not use).
 */

export type DocxOptions = RenderOptions;

/** The creation and modification date written to docProps/core.xml: the zip epoch, i.e. "no date". */
export const FIXED_DATE = '1980-01-01T00:00:00Z';

const LATIN = 'Arial';
const CJK = 'SimSun';

/** 0.5 pt (w:sz is in eighths of a point), as the RTF writer's \brdrw10 */
const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };

/**
 * Text as runs: a line break in the string becomes a real break rather than a space. (Characters XML
 * cannot hold, C0 controls other than tab and line breaks, are dropped by docx itself.)
 */
function runs(text: string, size: number, bold = false): TextRun[] {
  const out: TextRun[] = [];
  text.split(/\r\n?|\n/).forEach((line, i) => {
    const base = { size, bold: bold || undefined };
    let first = true;
    const push = (piece: string, superScript = false) => {
      if (piece === '' && !first) return;
      const options = { ...base, ...(superScript ? { superScript: true } : {}), break: first && i > 0 ? 1 : undefined };
      first = false;
      if (!piece.includes('\u2011')) out.push(new TextRun({ text: piece, ...options }));
      // U+2011 (keepBracketsTogether) as Word's own non-breaking hyphen
      else out.push(new TextRun({ ...options, children: piece.split('\u2011').flatMap((p, k) => (k === 0 ? [p] : [new NoBreakHyphen(), p])) }));
    };
    // 10^-5: the exponent as a superscript run
    let at = 0;
    for (const m of line.matchAll(/10\^([-\u2011])?(\d+)/g)) {
      push(line.slice(at, m.index) + '10');
      push(`${m[1] ? '\u2212' : ''}${m[2]}`, true);
      at = m.index! + m[0].length;
    }
    push(line.slice(at));
  });
  return out;
}

/**
 * One row. The header row is marked tableHeader (w:tblHeader) so Word repeats it on every page; no row
 * may split across a page (cantSplit). Borders in submission style: rules above and below the header and
 * under the last row, nothing else.
 */
function row(cells: string[], widths: number[], size: number, kind: 'header' | 'body' | 'last', style: { centred?: boolean[]; row?: 'group' | 'member' | 'plain' } = {}): TableRow {
  const head = kind === 'header';
  return new TableRow({
    tableHeader: head || undefined,
    cantSplit: true,
    children: cells.map((c, j) =>
      new TableCell({
        width: { size: widths[j], type: WidthType.DXA },
        verticalAlign: head ? VerticalAlignTable.BOTTOM : VerticalAlignTable.TOP,
        borders: head ? { top: RULE, bottom: RULE } : kind === 'last' ? { bottom: RULE } : {},
        children: [
          new Paragraph({
            ...(style.centred?.[j] ? { alignment: AlignmentType.CENTER } : {}),
            ...(j === 0 && style.row === 'member' ? { indent: { left: 200 } } : {}),
            children: runs(keepBracketsTogether(c), size, head || (j === 0 && style.row === 'group')),
          }),
        ],
      }),
    ),
  });
}

/** core.xml as docx writes it, minus the clock: title, creator and the fixed dates. */
function coreXml(title: string): string {
  const date = (tag: string) => `<dcterms:${tag} xsi:type="dcterms:W3CDTF">${FIXED_DATE}</dcterms:${tag}>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeHtml(title)}</dc:title><dc:creator>mrd-pipeline</dc:creator>` +
    `${date('created')}${date('modified')}</cp:coreProperties>`
  );
}

/**
 * A complete .docx for one table: A4 landscape section with the page setup of page.ts, header with the
 * study title, footer with page X of Y fields, title and subtitle kept with the table, the table, the
 * footnotes in small type. Arial for Latin text and SimSun as the East Asian font (w:eastAsia) in the
 * document defaults, so Chinese text gets a CJK font.
 */
export async function renderDocx(table: ReportTable, options: DocxOptions): Promise<Uint8Array> {
  const { widths, halfPoints } = tableLayout(table, PAGE.textWidth);
  const last = table.rows.length - 1;
  const style = tableStyle(table);
  const grid = new Table({
    width: { size: PAGE.textWidth, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { left: CELL_PADDING.side, right: CELL_PADDING.side, top: CELL_PADDING.top, bottom: CELL_PADDING.bottom },
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
    rows: [
      row(table.columns, widths, halfPoints, 'header', { centred: style.centred }),
      ...table.rows.map((r, i) => row(r, widths, halfPoints, i === last ? 'last' : 'body', { centred: style.centred, row: style.rowKind[i] })),
    ],
  });
  return pack(table.title, options, [
    heading(table.title, 22, true),
    ...(table.subtitle ? [heading(table.subtitle, 20, false)] : []),
    grid,
    ...footnotes(table.footnotes, Math.min(16, halfPoints)),
  ]);
}

/** Footnotes in small type, the first set off from what precedes it. */
const footnotes = (notes: readonly string[], size: number) => notes.map((f, i) => new Paragraph({ spacing: { before: i === 0 ? 120 : 0 }, children: runs(f, size) }));

/**
 * The .docx of one section with the page frame: title and creator are written by coreXml (replacing
 * docx's core.xml, which carries the clock), and the zip entries get fixed times, so the same content
 * gives the same bytes.
 */
async function pack(title: string, options: DocxOptions, children: (Paragraph | Table)[]): Promise<Uint8Array> {
  const doc = new Document({ styles: STYLES, sections: [{ ...pageFrame(options), children }] });
  const zip = await Packer.toBuffer(doc, false, [{ path: 'docProps/core.xml', data: coreXml(title) }]);
  return fixZipTimes(new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength));
}

const heading = (text: string, size: number, bold: boolean) =>
  new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, spacing: { after: 120 }, children: runs(text, size, bold) });

const STYLES = {
  default: {
    document: {
      run: {
        font: { ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia: CJK },
        size: 18,
        // Latin text is English, Chinese text Chinese, whatever the report language (Word's own
        // default in China): with w:val="zh-CN", Latin text is laid out and font-matched as Chinese
        language: { value: 'en-US', eastAsia: 'zh-CN' },
      },
    },
  },
};

/** Page setup (A4 landscape, page.ts margins), header (protocol | data cut-off) and footer (program | page X of Y). */
function pageFrame(options: DocxOptions) {
  const [before, between, after] = pageWords(options.lang);
  const [headerLeft, headerRight] = headerParts(options);
  // left and right parts on one line: a right-aligned tab stop at the right edge of the text block
  const tabStops = [{ type: TabStopType.RIGHT, position: PAGE.textWidth }];
  return {
    properties: {
      page: {
        // docx swaps width and height for landscape: w:w = 16838, w:h = 11906
        size: { width: PAGE.height, height: PAGE.width, orientation: PageOrientation.LANDSCAPE },
        margin: {
          top: PAGE.marginTop, bottom: PAGE.marginBottom, left: PAGE.marginLeft, right: PAGE.marginRight,
          header: PAGE.headerFooter, footer: PAGE.headerFooter,
        },
      },
    },
    headers: {
      default: new Header({ children: [new Paragraph({ tabStops, children: [new TextRun({ size: 16, text: headerLeft }), new TextRun({ size: 16, children: [new Tab(), headerRight] })] })] }),
    },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({
            tabStops,
            children: [new TextRun({ size: 16, text: options.program ?? '' }), new TextRun({ size: 16, children: [new Tab(), before, PageNumber.CURRENT, between, PageNumber.TOTAL_PAGES, after] })],
          }),
        ],
      }),
    },
  };
}

/**
 * A figure document: the numbered title, the PNG scaled to fit the text block and the room under the
 * title, and the footnotes, with the tables' page setup, header and footer.
 */
export async function renderFigureDocx(figure: FigureDocument, options: DocxOptions): Promise<Uint8Array> {
  const box = figureBox(figure.png);
  // the picture's id is given: docx would number pictures with a counter shared by every document of
  // the process, so the same figure would not give the same bytes twice
  // twips to the pixels (96 per inch) docx's transformation takes
  const px = (twips: number) => Math.round((twips / 1440) * 96);
  const picture = new ImageRun({ type: 'png', data: figure.png, transformation: { width: px(box.widthTwips), height: px(box.heightTwips) }, altText: { id: '1', name: figure.id, title: figure.title, description: figure.title } });
  return pack(figure.title, options, [heading(figure.title, 22, true), new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, children: [picture] }), ...footnotes(figure.footnotes, 16)]);
}
