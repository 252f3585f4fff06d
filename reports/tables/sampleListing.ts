import type { Analysis } from '../../pipeline/analyse.js';
import { formatDay } from '../../pipeline/ingest/dates.js';
import { LOD_SOURCE } from '../../pipeline/derive/deriveSampleSensitivity.js';
import { STATUS_LABEL } from '../../pipeline/derive/status.js';
import { thresholdLabel } from '../format.js';
import type { Labels } from '../labels.js';
import type { ReportTable } from './table.js';

/** Every MRD sample with its achieved LOD and its status (and NE reason) at each threshold. */
export function sampleListing(a: Analysis, L: Labels): ReportTable {
  const m = a.tables.mrd;
  const th = a.plan.mrd.thresholds;
  const columns = ['USUBJID', 'SAMPLEID', 'LINE', 'COLLDT', 'METHOD', 'SPEC', 'CENTRAL', 'RESULT', 'MRDLEVEL', 'CELLS', 'LOD', 'LOD_SOURCE', 'EXCLUDED', ...th.flatMap((t) => [`STATUS_${thresholdLabel(t)}`, `REASON_${thresholdLabel(t)}`])];
  const rows: string[][] = [];
  for (let i = 0; i < m.n; i++) {
    const lv = m.num.MRDLEVEL[i];
    const cells = a.sensitivity.cells[i];
    const lod = a.sensitivity.lod[i];
    rows.push([
      m.text.USUBJID[i]!,
      m.text.SAMPLEID[i]!,
      String(m.line[i]),
      formatDay(m.num.COLLDT[i]),
      m.text.METHOD[i]!,
      m.text.SPEC[i] ?? '',
      m.text.CENTRAL[i] ?? '',
      m.text.RESULT[i]!,
      Number.isNaN(lv) ? '' : String(lv),
      Number.isNaN(cells) ? '' : String(Math.round(cells)),
      Number.isNaN(lod) ? '' : lod.toExponential(3),
      LOD_SOURCE[a.sensitivity.source[i]],
      a.exclusion[i] ?? '',
      ...a.sampleStatus.flatMap((s) => [STATUS_LABEL[s.status[i]], s.reason[i] ?? '']),
    ]);
  }
  return { id: 'mrd_samples', title: L.samplesTitle, subtitle: `${m.n} samples`, columns, rows, footnotes: [] };
}

/** Every rejected input row with its file, line, column, value and rule. */
export function rejectedListing(a: Analysis, L: Labels): ReportTable {
  return {
    id: 'rejected_rows',
    title: L.rejectedTitle,
    subtitle: `${a.rejected.length} rows`,
    columns: ['file', 'line', 'column', 'value', 'rule', 'message'],
    rows: a.rejected.map((p) => [p.file ?? '', p.line === undefined ? '' : String(p.line), p.column ?? '', p.value ?? '', p.rule, p.message]),
    footnotes: [],
  };
}
