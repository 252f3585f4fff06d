/** Reads the text of a generated DOCX back (test helper). */
const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
    ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ??
    String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))));

/** The text of a piece of WordprocessingML: w:t contents in order, w:br as a line break, w:tab as a tab. */
export const textOf = (xml: string) =>
  [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:t\s*\/>|<w:br\s*\/>|<w:br\s[^>]*\/>|<w:tab\s*\/>|<w:noBreakHyphen\s*\/>/g)]
    // a no-break space or hyphen (CI brackets are kept on one line with them) reads as a space or hyphen
    .map((m) => (m[0].startsWith('<w:br') ? '\n' : m[0].startsWith('<w:tab') ? '\t' : m[0].startsWith('<w:noBreakHyphen') ? '-' : unescapeXml(m[1] ?? '').replace(/\u00a0/g, ' ')))
    // a raised exponent (10 then a superscript −5) reads back as the text model's 10^-5
    .join('').replace(/10\u2212(\d+)/g, '10^-$1');

/** word/document.xml split into the paragraphs before the table, its rows (raw XML and cell texts), and the paragraphs after. */
export function documentParts(xml: string) {
  const tbl = /<w:tbl>[\s\S]*<\/w:tbl>/.exec(xml);
  if (!tbl) throw new Error('no table');
  const paras = (s: string) => [...s.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0]));
  const rows = [...tbl[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) => ({
    xml: m[0],
    cells: [...m[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0])),
  }));
  const body = xml.slice(0, xml.indexOf('<w:sectPr'));
  return { before: paras(xml.slice(0, tbl.index)), rows, after: paras(body.slice(tbl.index + tbl[0].length)), tbl: tbl[0] };
}

