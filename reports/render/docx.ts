import type { ReportTable } from '../tables/table.js';
import { CELL_PADDING, cellMark, footnoteMarks, PAGE, pageWords, tablePage, type PageGeometry, type RenderOptions, headerParts, keepBracketsTogether, figureBox, type FigureDocument, tableStyle } from './page.js';
import { zipArchive, type ZipPart } from './zip.js';

/**
 * DOCX (WordprocessingML, ECMA-376 part 1) writer for one submission table or figure, by hand: the
 * package is eight small XML parts, and the same layout as the RTF writer (page.ts). The docx package
 * it replaces took about 1.7 s of CPU for seven small tables and pulled in a Node 22 dependency
 * (docs/performance.md). Nothing here reads the clock: core.xml carries FIXED_DATE and the zip entries
 * 1980-01-01, so the same table always gives the same bytes.
 */

export type DocxOptions = RenderOptions;

/** The creation and modification date written to docProps/core.xml: the zip epoch, i.e. "no date". */
export const FIXED_DATE = '1980-01-01T00:00:00Z';

const LATIN = 'Arial';
const CJK = 'SimSun';

const NS_W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Text for XML content or an attribute; characters XML 1.0 cannot hold (C0 controls, lone surrogates) are dropped. */
function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

interface RunStyle {
  /** half-points */
  size: number;
  bold?: boolean;
  superscript?: boolean;
}

function rPr(s: RunStyle): string {
  return `<w:rPr>${s.bold ? '<w:b/><w:bCs/>' : ''}<w:sz w:val="${s.size}"/><w:szCs w:val="${s.size}"/>${s.superscript ? '<w:vertAlign w:val="superscript"/>' : ''}</w:rPr>`;
}

/** One run of plain text: tabs as w:tab, U+2011 (keepBracketsTogether) as Word's own non-breaking hyphen. */
function run(text: string, s: RunStyle, lineBreak = false): string {
  let body = lineBreak ? '<w:br/>' : '';
  for (const piece of text.split(/(\t|\u2011)/)) {
    if (piece === '\t') body += '<w:tab/>';
    else if (piece === '\u2011') body += '<w:noBreakHyphen/>';
    else if (piece !== '') body += `<w:t xml:space="preserve">${xmlText(piece)}</w:t>`;
  }
  return `<w:r>${rPr(s)}${body}</w:r>`;
}

/** Text as runs: a line break in the string is a real break; 10^-5 gets its exponent as a superscript run. */
function runs(text: string, size: number, bold = false): string {
  let out = '';
  text.split(/\r\n?|\n/).forEach((line, i) => {
    let first = true;
    const push = (piece: string, superscript = false) => {
      if (piece === '' && !first) return;
      out += run(piece, { size, bold, superscript }, first && i > 0);
      first = false;
    };
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

interface ParagraphFormat {
  keepNext?: boolean;
  before?: number;
  after?: number;
  indent?: number;
  align?: 'center' | 'left';
  /** a right-aligned tab stop at this position (twips) */
  rightTab?: number;
}

/** A paragraph; w:pPr children in the schema's order (keepNext, tabs, spacing, ind, jc). */
function paragraph(content: string, f: ParagraphFormat = {}): string {
  const spacing = f.before || f.after ? `<w:spacing${f.before ? ` w:before="${f.before}"` : ''}${f.after ? ` w:after="${f.after}"` : ''}/>` : '';
  const pPr =
    (f.keepNext ? '<w:keepNext/>' : '') +
    (f.rightTab !== undefined ? `<w:tabs><w:tab w:val="right" w:pos="${f.rightTab}"/></w:tabs>` : '') +
    spacing +
    (f.indent ? `<w:ind w:left="${f.indent}"/>` : '') +
    (f.align === 'center' ? '<w:jc w:val="center"/>' : '');
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${content}</w:p>`;
}

const RULE = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>';
const rule = (side: 'top' | 'bottom') => RULE.replace('{side}', side);

/**
 * One row. The header row is marked w:tblHeader so Word repeats it on every page; no row may split
 * across a page (w:cantSplit). Borders in submission style: rules above and below the header and under
 * the last row, nothing else.
 */
function row(
  cells: string[],
  widths: number[],
  size: number,
  kind: 'header' | 'body' | 'last',
  style: { centred?: boolean[]; row?: 'group' | 'member' | 'plain'; marks?: string[]; keepNext?: boolean } = {},
): string {
  const head = kind === 'header';
  const borders = head ? `<w:tcBorders>${rule('top')}${rule('bottom')}</w:tcBorders>` : kind === 'last' ? `<w:tcBorders>${rule('bottom')}</w:tcBorders>` : '';
  const tcs = cells.map((c, j) => {
    const tcPr = `<w:tcPr><w:tcW w:w="${widths[j]}" w:type="dxa"/>${borders}<w:vAlign w:val="${head ? 'bottom' : 'top'}"/></w:tcPr>`;
    const bold = head || (j === 0 && style.row === 'group');
    const mark = style.marks?.[j] ? run(style.marks[j], { size, bold, superscript: true }) : '';
    // keepNext in the cells of a row keeps that row on the page of the next (the last row with the footnotes)
    const p = paragraph(runs(keepBracketsTogether(c), size, bold) + mark, {
      align: style.centred?.[j] ? 'center' : undefined,
      indent: j === 0 && style.row === 'member' ? 200 : undefined,
      keepNext: style.keepNext,
    });
    return `<w:tc>${tcPr}${p}</w:tc>`;
  });
  return `<w:tr><w:trPr><w:cantSplit/>${head ? '<w:tblHeader/>' : ''}</w:trPr>${tcs.join('')}</w:tr>`;
}

/** The table grid: fixed layout as wide as the text block, no table borders (the cells carry the rules). */
function tableXml(table: ReportTable, widths: number[], size: number, textWidth: number): string {
  const style = tableStyle(table);
  const last = table.rows.length - 1;
  const { cells: marks } = footnoteMarks(table);
  const marksOf = (r: number | null) => table.columns.map((_, j) => cellMark(marks, r, j));
  const none = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((s) => `<w:${s} w:val="none" w:sz="0" w:space="0" w:color="auto"/>`).join('');
  const { side, top, bottom } = CELL_PADDING;
  const tblPr =
    `<w:tblPr><w:tblW w:w="${textWidth}" w:type="dxa"/><w:tblBorders>${none}</w:tblBorders><w:tblLayout w:type="fixed"/>` +
    `<w:tblCellMar><w:top w:w="${top}" w:type="dxa"/><w:left w:w="${side}" w:type="dxa"/><w:bottom w:w="${bottom}" w:type="dxa"/><w:right w:w="${side}" w:type="dxa"/></w:tblCellMar></w:tblPr>`;
  const grid = `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`;
  const rows = [
    row(table.columns, widths, size, 'header', { centred: style.centred, marks: marksOf(null) }),
    ...table.rows.map((r, i) =>
      row(r, widths, size, i === last ? 'last' : 'body', { centred: style.centred, row: style.rowKind[i], marks: marksOf(i), keepNext: i === last && table.footnotes.length > 0 }),
    ),
  ];
  return `<w:tbl>${tblPr}${grid}${rows.join('')}</w:tbl>`;
}

const heading = (text: string, size: number, bold: boolean) => paragraph(runs(text, size, bold), { align: 'center', keepNext: true, after: 120 });

/**
 * Footnotes in small type, the first set off from what precedes it, each with its letter raised when
 * cells refer to it; every footnote but the last keeps with the next, so none is left alone on a page.
 */
const footnotes = (notes: readonly string[], size: number, letters: readonly (string | null)[] = []) =>
  notes
    .map((f, i) => paragraph((letters[i] ? run(letters[i]!, { size, superscript: true }) + run('\u00a0', { size }) : '') + runs(f, size), { before: i === 0 ? 120 : undefined, keepNext: i < notes.length - 1 }))
    .join('');

/**
 * A complete .docx for one table: A4 landscape section with the page setup of page.ts, header with the
 * study title, footer with page X of Y fields, title and subtitle kept with the table, the table, the
 * footnotes in small type. Arial for Latin text and SimSun as the East Asian font (w:eastAsia) in the
 * document defaults, so Chinese text gets a CJK font.
 */
export async function renderDocx(table: ReportTable, options: DocxOptions): Promise<Uint8Array> {
  const { page, layout } = tablePage(table);
  const body =
    heading(table.title, 22, true) +
    (table.subtitle ? heading(table.subtitle, 20, false) : '') +
    tableXml(table, layout.widths, layout.halfPoints, page.textWidth) +
    footnotes(table.footnotes, Math.min(16, layout.halfPoints), footnoteMarks(table).letters);
  return pack(table.title, options, body, page);
}

/**
 * A figure document: the numbered title, the PNG scaled to fit the text block and the room under the
 * title, and the footnotes, with the tables' page setup, header and footer.
 */
export async function renderFigureDocx(figure: FigureDocument, options: DocxOptions): Promise<Uint8Array> {
  const box = figureBox(figure.png);
  // DrawingML sizes are in EMU: 635 per twip
  const cx = box.widthTwips * 635;
  const cy = box.heightTwips * 635;
  const name = xmlText(figure.id);
  const title = xmlText(figure.title);
  const drawing =
    `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/>` +
    `<wp:docPr id="1" name="${name}" descr="${title}" title="${title}"/>` +
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">' +
    `<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="${name}.png"/><pic:cNvPicPr/></pic:nvPicPr>` +
    '<pic:blipFill><a:blip r:embed="rIdImage1"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>' +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>` +
    '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>';
  const body = heading(figure.title, 22, true) + paragraph(drawing, { align: 'center', keepNext: true }) + footnotes(figure.footnotes, 16);
  return pack(figure.title, options, body, PAGE, figure.png);
}

/** core.xml: title, creator and the fixed dates. */
function coreXml(title: string): string {
  const date = (tag: string) => `<dcterms:${tag} xsi:type="dcterms:W3CDTF">${FIXED_DATE}</dcterms:${tag}>`;
  return (
    XML_HEAD +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlText(title)}</dc:title><dc:creator>mrd-pipeline</dc:creator>` +
    `${date('created')}${date('modified')}</cp:coreProperties>`
  );
}

/**
 * Document defaults: Arial for Latin text, SimSun for East Asian text, 9 pt; Latin text is English and
 * Chinese text Chinese, whatever the report language (Word's own default in China): with
 * w:val="zh-CN", Latin text would be laid out and font-matched as Chinese.
 */
const STYLES_XML =
  XML_HEAD +
  `<w:styles xmlns:w="${NS_W}"><w:docDefaults><w:rPrDefault><w:rPr>` +
  `<w:rFonts w:ascii="${LATIN}" w:hAnsi="${LATIN}" w:cs="${LATIN}" w:eastAsia="${CJK}"/><w:sz w:val="18"/><w:szCs w:val="18"/>` +
  '<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>' +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>';

/** A PAGE or NUMPAGES field (w:fldChar form); the cached result "1" is what a reader that does not update fields shows. */
function field(instruction: 'PAGE' | 'NUMPAGES', s: RunStyle): string {
  const r = (inner: string) => `<w:r>${rPr(s)}${inner}</w:r>`;
  return (
    r('<w:fldChar w:fldCharType="begin"/>') +
    r(`<w:instrText xml:space="preserve"> ${instruction} </w:instrText>`) +
    r('<w:fldChar w:fldCharType="separate"/>') +
    r('<w:t>1</w:t>') +
    r('<w:fldChar w:fldCharType="end"/>')
  );
}

/** The page header (protocol | data cut-off) and footer (program | page X of Y), left and right on one line. */
function headerFooter(options: DocxOptions, textWidth: number): { header: string; footer: string } {
  const [before, between, after] = pageWords(options.lang);
  const [left, right] = headerParts(options);
  const s = { size: 16 };
  const line = (content: string) => paragraph(content, { rightTab: textWidth });
  return {
    header: `${XML_HEAD}<w:hdr xmlns:w="${NS_W}">${line(run(left, s) + run(`\t${right}`, s))}</w:hdr>`,
    footer:
      `${XML_HEAD}<w:ftr xmlns:w="${NS_W}">` +
      line(run(options.program ?? '', s) + run(`\t${before}`, s) + field('PAGE', s) + run(between, s) + field('NUMPAGES', s) + (after ? run(after, s) : '')) +
      '</w:ftr>',
  };
}

/**
 * The package of one section: the document body with the page frame (A4 landscape or portrait, page.ts),
 * styles, header, footer, core properties, and the figure's PNG when there is one.
 */
function pack(title: string, options: DocxOptions, body: string, g: PageGeometry, png?: Uint8Array): Uint8Array {
  const sectPr =
    '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader1"/><w:footerReference w:type="default" r:id="rIdFooter1"/>' +
    `<w:pgSz w:w="${g.width}" w:h="${g.height}"${g.orientation === 'landscape' ? ' w:orient="landscape"' : ''}/>` +
    `<w:pgMar w:top="${g.marginTop}" w:right="${g.marginRight}" w:bottom="${g.marginBottom}" w:left="${g.marginLeft}" w:header="${g.headerFooter}" w:footer="${g.headerFooter}" w:gutter="0"/></w:sectPr>`;
  const document =
    XML_HEAD +
    `<w:document xmlns:w="${NS_W}" xmlns:r="${NS_R}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">` +
    `<w:body>${body}${sectPr}</w:body></w:document>`;
  const { header, footer } = headerFooter(options, g.textWidth);
  const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`;
  const rels = (items: string[]) => `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join('')}</Relationships>`;
  const override = (part: string, type: string) => `<Override PartName="${part}" ContentType="application/vnd.openxmlformats-${type}"/>`;
  const contentTypes =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    (png ? '<Default Extension="png" ContentType="image/png"/>' : '') +
    override('/word/document.xml', 'officedocument.wordprocessingml.document.main+xml') +
    override('/word/styles.xml', 'officedocument.wordprocessingml.styles+xml') +
    override('/word/header1.xml', 'officedocument.wordprocessingml.header+xml') +
    override('/word/footer1.xml', 'officedocument.wordprocessingml.footer+xml') +
    override('/docProps/core.xml', 'package.core-properties+xml') +
    '</Types>';
  const enc = (s: string) => new TextEncoder().encode(s);
  const parts: ZipPart[] = [
    { name: '[Content_Types].xml', data: enc(contentTypes) },
    {
      name: '_rels/.rels',
      data: enc(rels([rel('rId1', `${REL}/officeDocument`, 'word/document.xml'), rel('rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml')])),
    },
    { name: 'docProps/core.xml', data: enc(coreXml(title)) },
    { name: 'word/document.xml', data: enc(document) },
    {
      name: 'word/_rels/document.xml.rels',
      data: enc(
        rels([
          rel('rIdStyles', `${REL}/styles`, 'styles.xml'),
          rel('rIdHeader1', `${REL}/header`, 'header1.xml'),
          rel('rIdFooter1', `${REL}/footer`, 'footer1.xml'),
          ...(png ? [rel('rIdImage1', `${REL}/image`, 'media/image1.png')] : []),
        ]),
      ),
    },
    { name: 'word/styles.xml', data: enc(STYLES_XML) },
    { name: 'word/header1.xml', data: enc(header) },
    { name: 'word/footer1.xml', data: enc(footer) },
    ...(png ? [{ name: 'word/media/image1.png', data: png, stored: true }] : []),
  ];
  return zipArchive(parts);
}
