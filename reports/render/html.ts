import { cellMark, footnoteMarks, tableStyle } from './page.js';
import { exponentText, POWER_OF_TEN } from '../format.js';
import type { ReportTable } from '../tables/table.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text for an element's content: escaped, with 10^-5 written 10<sup>−5</sup>. */
export function htmlText(s: string): string {
  return escapeHtml(s).replace(POWER_OF_TEN, (_, e: string) => `10<sup>${exponentText(e)}</sup>`);
}

/** One table as an HTML section; at most `maxRows` rows are shown (the CSV holds them all). */
export function tableHtml(t: ReportTable, maxRows = Infinity): string {
  const shown = t.rows.slice(0, maxRows);
  const style = tableStyle(t);
  const cls = (j: number) => (style.centred[j] ? ' class="num"' : '');
  const { cells: marks, letters } = footnoteMarks(t);
  const sup = (r: number | null, j: number) => {
    const m = cellMark(marks, r, j);
    return m ? `<sup class="mark">${escapeHtml(m)}</sup>` : '';
  };
  const head = `<tr>${t.columns.map((c, j) => `<th${cls(j)}>${htmlText(c)}${sup(null, j)}</th>`).join('')}</tr>`;
  const rowClass = (i: number) => (style.rowKind[i] === 'plain' ? '' : ` class="${style.rowKind[i]}"`);
  const body = shown.map((r, i) => `<tr${rowClass(i)}>${r.map((c, j) => `<td${cls(j)}>${htmlText(c)}${sup(i, j)}</td>`).join('')}</tr>`).join('\n');
  const more = t.rows.length > shown.length ? `<p class="note">${shown.length} of ${t.rows.length} rows shown; all rows are in tables/${escapeHtml(t.id)}.csv.</p>` : '';
  const notes = t.footnotes.length
    ? `<ul class="footnotes">${t.footnotes.map((f, i) => `<li>${letters[i] ? `<sup class="mark">${letters[i]}</sup>\u00a0` : ''}${htmlText(f)}</li>`).join('')}</ul>`
    : '';
  return `<section id="${escapeHtml(t.id)}">
<h2>${htmlText(t.title)}</h2>
<p class="subtitle">${htmlText(t.subtitle)}</p>
<div class="table-wrap"><table${t.refs ? '' : ' class="listing"'}>
<thead>${head}</thead>
<tbody>
${body}
</tbody>
</table></div>
${more}${notes}
</section>`;
}

export interface HtmlPage {
  lang: 'en' | 'zh';
  title: string;
  /** pre-rendered sections (already escaped); `appendix` ones follow an Appendix heading */
  sections: { id: string; heading: string; html: string; appendix?: boolean }[];
  /** the heading of the appendix (listings) */
  appendixHeading?: string;
}

const STYLE = `body{font-family:"Noto Sans","Noto Sans CJK SC","Helvetica Neue",Arial,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1a1a1a;line-height:1.4}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num,th.num{text-align:center}tr.group td:first-child{font-weight:600}tr.member td:first-child{padding-left:1.2rem}.subtitle,.note{color:#555;font-size:.9rem}.footnotes{font-size:.8rem;color:#333;list-style:none;padding-left:0}
nav ol{columns:2}figure{margin:1rem 0}figure svg{max-width:100%;height:auto}dt{font-weight:600;margin-top:.4rem}dd{margin:0 0 0 1rem}pre{background:#f7f7f7;padding:.5rem;overflow:auto;font-size:.8rem;white-space:pre-wrap}
.table-wrap{max-width:100%;overflow-x:auto}h2.appendix{border-top:2px solid #333;padding-top:1rem}
@page{size:A4 landscape;margin:14mm 12mm 16mm;@bottom-right{content:counter(page) " / " counter(pages);font-size:8pt;color:#555}}
@media print{body{margin:0;max-width:none;padding:0;font-size:9pt}.table-wrap{overflow:visible}table{font-size:8pt;width:100%}
table.listing{table-layout:fixed;font-size:6.5pt}table.listing td,table.listing th{overflow-wrap:anywhere;padding:.1rem .2rem}
thead{display:table-header-group}tr{break-inside:avoid}figure{break-inside:avoid-page}h2{break-after:avoid}
section.appendix-start{break-before:page}nav{break-after:page}}`;

/** A self-contained page: inline style, no script, no external request. */
export function renderHtml(page: HtmlPage): string {
  const toc = page.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${htmlText(s.heading)}</a></li>`).join('');
  const main = page.sections.filter((s) => !s.appendix);
  const appendix = page.sections.filter((s) => s.appendix);
  const appendixHtml = appendix.length
    ? `<section class="appendix-start" id="appendix"><h2 class="appendix">${escapeHtml(page.appendixHeading ?? 'Appendix')}</h2></section>\n${appendix.map((s) => s.html).join('\n')}`
    : '';
  return `<!DOCTYPE html>
<html lang="${page.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<nav><ol>${toc}</ol></nav>
${main.map((s) => s.html).join('\n')}
${appendixHtml}
</body>
</html>
`;
}
