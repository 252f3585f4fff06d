import type { Validation } from '../../pipeline/validate/validateStudy.js';
import { SEVERITIES, type Issue, type Severity } from '../../pipeline/validate/issues.js';
import { toCsv } from '../render/csv.js';
import { escapeHtml, tableHtml } from '../render/html.js';
import { accountingTable, failureRateTable, sensitivityTable, turnaroundTable } from './validationTables.js';
import { VALIDATION_LABELS, type ValidationLabels } from './validationLabels.js';

export interface ValidationOutputOptions {
  version: string;
  /** language of validation.html (queries.csv and validation.json are the same in both) */
  lang?: 'en' | 'zh';
}

/** The columns of queries.csv (SPEC.md section 5), in this order. */
export const QUERY_COLUMNS = ['file', 'line', 'subject', 'sample', 'rule', 'severity', 'message'] as const;

/** Issues of one rule shown in validation.html; queries.csv and validation.json hold them all. */
export const HTML_ROWS_PER_RULE = 500;


/** Exit status of `mrd validate` for a study that could be read: 1 when any error-severity issue. */
export function validationExitStatus(v: Validation): 0 | 1 {
  return v.counts.error > 0 ? 1 : 0;
}

function queriesCsv(issues: Issue[]): string {
  return toCsv(
    [...QUERY_COLUMNS],
    issues.map((i) => [i.file, i.line === null ? '' : String(i.line), i.subject ?? '', i.sample ?? '', i.rule, i.severity, i.message]),
  );
}

function validationJson(v: Validation, version: string): string {
  const { cutoffDay: _day, ...options } = v.plan;
  const json = {
    meta: {
      command: 'validate',
      study: v.plan.study,
      cutoff: v.plan.cutoff,
      version,
      options,
      inputs: v.inputs.map((i) => ({ file: i.file, sha256: i.sha256, rows: i.rows, format: i.format ?? null, table: i.table ?? null, layout: i.layout ?? null })),
    },
    status: { errors: v.counts.error, warnings: v.counts.warning, info: v.counts.info, exitStatus: validationExitStatus(v) },
    summary: v.summary,
    accounting: v.accounting,
    subjects: v.subjects,
    samples: v.samples,
    sensitivity: v.sensitivity,
    lodSources: v.lodSources,
    turnaround: v.turnaround,
    failureRates: v.failureRates,
    issues: v.issues,
  };
  return JSON.stringify(json, null, 2) + '\n';
}

const STYLE = `body{font-family:"Noto Sans","Helvetica Neue",Arial,sans-serif;margin:2rem auto;max-width:76rem;padding:0 1rem;color:#1a1a1a;line-height:1.4}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}.subtitle,.note{color:#555;font-size:.9rem}.footnotes{font-size:.8rem;color:#333}
.sev{display:inline-block;min-width:4.5em;padding:0 .3em;border-radius:3px;font-size:.85rem;text-align:center;color:#fff}
.sev-error .sev,.sev.error{background:#b00020}.sev-warning .sev,.sev.warning{background:#a05a00}.sev-info .sev,.sev.info{background:#3b5b86}
.status{font-size:1.05rem}.filter label{margin-right:1rem;cursor:pointer}.filter input{margin-right:.25rem}
#sev-error:checked~.issues .rule:not(.sev-error),#sev-warning:checked~.issues .rule:not(.sev-warning),#sev-info:checked~.issues .rule:not(.sev-info){display:none}
pre{background:#f7f7f7;padding:.5rem;overflow:auto;font-size:.8rem}
@media print{body{margin:0;max-width:none}.filter{display:none}.issues .rule{display:block!important}}`;

function summaryHtml(v: Validation, L: ValidationLabels): string {
  if (v.summary.length === 0) return `<section id="summary"><h2>${L.summaryHeading}</h2><p>${escapeHtml(L.noIssues)}</p></section>`;
  const rows = v.summary
    .map((r) => `<tr class="sev-${r.severity}"><td><span class="sev">${L.severity[r.severity]}</span></td><td><a href="#rule-${escapeHtml(r.rule)}"><code>${escapeHtml(r.rule)}</code></a></td><td>${r.count}</td><td>${escapeHtml(L.ruleTitle(r.rule) ?? r.title)}</td></tr>`)
    .join('\n');
  return `<section id="summary">
<h2>${L.summaryHeading}</h2>
<p class="note">${escapeHtml(L.summaryNote)}</p>
<table>
<thead><tr>${L.summaryColumns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

function detailHtml(v: Validation, L: ValidationLabels): string {
  if (v.issues.length === 0) return '';
  const byRule = new Map<string, Issue[]>();
  for (const i of v.issues) {
    const list = byRule.get(i.rule);
    if (list) list.push(i);
    else byRule.set(i.rule, [i]);
  }
  const radios = [
    `<input type="radio" name="severity" id="sev-all" checked><label for="sev-all">${L.all} (${v.issues.length})</label>`,
    ...SEVERITIES.map((s: Severity) => `<input type="radio" name="severity" id="sev-${s}"><label for="sev-${s}">${L.severity[s]} (${v.counts[s]})</label>`),
  ].join('\n');
  const sections = v.summary.map((r) => {
    const list = byRule.get(r.rule)!;
    const shown = list.slice(0, HTML_ROWS_PER_RULE);
    const body = shown
      .map((i) => `<tr><td>${escapeHtml(i.file)}</td><td>${i.line ?? ''}</td><td>${escapeHtml(i.subject ?? '')}</td><td>${escapeHtml(i.sample ?? '')}</td><td>${escapeHtml(i.message)}</td></tr>`)
      .join('\n');
    const more = list.length > shown.length ? `<p class="note">${escapeHtml(L.shown(shown.length, list.length))}</p>` : '';
    return `<section class="rule sev-${r.severity}" id="rule-${escapeHtml(r.rule)}">
<h3><span class="sev">${L.severity[r.severity]}</span> <code>${escapeHtml(r.rule)}</code> — ${escapeHtml(L.ruleTitle(r.rule) ?? r.title)} (${r.count})</h3>
<table>
<thead><tr>${L.issueColumns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table>
${more}</section>`;
  });
  return `<section id="detail">
<h2>${L.issuesHeading}</h2>
<p class="note">${escapeHtml(L.issuesNote)}</p>
<div class="filter">
${radios}
<div class="issues">
${sections.join('\n')}
</div>
</div>
</section>`;
}

function validationHtml(v: Validation, version: string, L: ValidationLabels): string {
  const status = L.status(v.counts, validationExitStatus(v));
  const inputs = {
    id: 'inputs',
    title: L.inputs.title,
    subtitle: '',
    columns: L.inputs.columns,
    rows: v.inputs.map((i) => [i.file, i.table ?? '', i.format ?? '', i.layout ?? '', String(i.rows), i.sha256]),
    footnotes: [],
  };
  return `<!DOCTYPE html>
<html lang="${L.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(L.pageTitle(v.plan.study))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(L.pageTitle(v.plan.study))}</h1>
<p class="status">${escapeHtml(status)}</p>
<p class="note">${escapeHtml(L.note(v.plan.cutoff, v.subjects, v.samples, version))}</p>
${summaryHtml(v, L)}
${tableHtml(accountingTable(v, L))}
${detailHtml(v, L)}
${tableHtml(sensitivityTable(v, L))}
${tableHtml(failureRateTable(v, L))}
${tableHtml(turnaroundTable(v, L))}
${tableHtml(inputs)}
</body>
</html>
`;
}

/** Every output file of `mrd validate`, as relative path → content (the writer adds manifest.json). */
export function buildValidationOutputs(v: Validation, opt: ValidationOutputOptions): Map<string, string> {
  const files = new Map<string, string>();
  files.set('queries.csv', queriesCsv(v.issues));
  files.set('validation.json', validationJson(v, opt.version));
  files.set('validation.html', validationHtml(v, opt.version, VALIDATION_LABELS[opt.lang ?? 'en']));
  return files;
}
