import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../../pipeline/analyse.js';
import { DAYS_PER_MONTH } from '../../pipeline/ingest/dates.js';
import { STATUS_LABEL } from '../../pipeline/derive/status.js';
import { subjectOf } from '../../pipeline/derive/deriveSubjects.js';
import { thresholdLabel } from '../format.js';
import { byCodeUnit } from './figureFormat.js';
import type { FigureLabels } from './figureLabels.js';
import { textWidth } from './fontMetrics.js';
import { CONFIG, SCHEMA, STATUS_COLOURS } from './theme.js';
import { mapUint8 } from '../../analyses/typedMap.js';

/** Subjects drawn at most; larger studies show the first ones in USUBJID order and say so. */
export const SWIMMER_MAX_SUBJECTS = 100;
const LANE = 14;
const WIDTH = 760;
const STATUS_ORDER = ['NEG', 'POS', 'NE', 'EXCLUDED'];
const METHOD_SHAPES: Record<string, string> = { NGF: 'circle', NGS: 'triangle-up' };
const OTHER_SHAPES = ['square', 'diamond', 'cross', 'triangle-down'];

/**
 * Swimmer plot of the MRD samples: one lane per subject with at least one sample (first
 * SWIMMER_MAX_SUBJECTS in USUBJID order), one panel per arm; x = months from randomisation to
 * collection (days / 30.4375), shape = method, colour = the sample's status at the primary threshold
 * (NEG, POS, NE, or EXCLUDED for a sample that does not count). Null when there is no MRD sample.
 */
export function swimmerSpec(a: Analysis, L: FigureLabels): TopLevelSpec | null {
  const { plan, subjects } = a;
  const m = a.tables.mrd;
  if (m.n === 0) return null;
  const k = plan.mrd.thresholds.indexOf(plan.mrd.primaryThreshold);
  const status = a.sampleStatus[k].status;

  // subjects with a sample, in USUBJID order (subjects are indexed in that order)
  const ms = subjectOf(m, subjects);
  const hasSample = new Uint8Array(subjects.n);
  for (let i = 0; i < m.n; i++) hasSample[ms[i]] = 1;
  const ids = subjects.id.filter((_, s) => hasSample[s]);
  const shown = new Set(ids.slice(0, SWIMMER_MAX_SUBJECTS));
  const isShown = mapUint8(subjects.id, (id) => (shown.has(id) ? 1 : 0));
  const armLabel = (code: string) => plan.arms.find((x) => x.code === code)?.label ?? code;

  const samples: { subject: string; arm: string; month: number; method: string; status: string }[] = [];
  const span = new Map<string, { arm: string; first: number; last: number }>();
  const rows: number[] = [];
  for (let i = 0; i < m.n; i++) if (isShown[ms[i]]) rows.push(i);
  // a fixed order (subject, date, sample, method) so that the spec does not depend on row order
  const sampleId = m.text.SAMPLEID;
  const method = m.text.METHOD;
  rows.sort((p, q) => ms[p] - ms[q] || m.num.COLLDT[p] - m.num.COLLDT[q] || byCodeUnit(sampleId.at(p)!, sampleId.at(q)!) || byCodeUnit(method.at(p)!, method.at(q)!));
  for (const i of rows) {
    const s = ms[i];
    const id = subjects.id[s];
    const month = (m.num.COLLDT[i] - subjects.randDay[s]) / DAYS_PER_MONTH;
    const arm = armLabel(subjects.arm[s]);
    samples.push({ subject: id, arm, month, method: method.at(i)!, status: STATUS_LABEL[status[i]] });
    const sp = span.get(id);
    if (!sp) span.set(id, { arm, first: month, last: month });
    else {
      sp.first = Math.min(sp.first, month);
      sp.last = Math.max(sp.last, month);
    }
  }
  const lanes = [...span.entries()].map(([subject, sp]) => ({ subject, arm: sp.arm, from: Math.min(0, sp.first), to: sp.last }));

  const methods = [...new Set(samples.map((s) => s.method))].sort(byCodeUnit);
  let other = 0;
  const shapes = methods.map((x) => METHOD_SHAPES[x] ?? OTHER_SHAPES[other++ % OTHER_SHAPES.length]);
  const statuses = STATUS_ORDER.filter((x) => samples.some((s) => s.status === x));
  const statusText = statuses.map((x) => L.statusLabel(x));
  for (const s of samples) s.status = L.statusLabel(s.status);
  const armsShown = plan.arms.map((x) => x.label).filter((label) => lanes.some((l) => l.arm === label));

  const minMonth = Math.min(0, ...lanes.map((l) => l.from));
  const maxMonth = Math.max(1, ...lanes.map((l) => l.to));
  const step = maxMonth <= 48 ? 6 : 12;
  // samples before randomisation (they do not count) widen the axis by whole months only
  const xMin = minMonth < 0 ? Math.floor(minMonth) : 0;
  const xMax = Math.ceil(maxMonth / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= xMax; t += step) ticks.push(t);
  const x = { type: 'quantitative', scale: { domain: [xMin, xMax], nice: false }, axis: { values: ticks, format: 'd', title: L.monthsAxis, grid: true, gridColor: '#eeeeee' } };

  const laneLabelWidth = Math.ceil(Math.max(...lanes.map((l) => textWidth(l.subject, 11, false))));
  const y = { field: 'subject', type: 'ordinal', sort: 'ascending', title: null, axis: { ticks: false, domain: false, minExtent: laneLabelWidth } };
  const fill = {
    field: 'status',
    type: 'nominal',
    scale: { domain: statusText, range: statuses.map((st) => STATUS_COLOURS[st]) },
    legend: { title: L.status, orient: 'top', direction: 'horizontal', symbolStrokeWidth: 0.6, symbolStrokeColor: '#333333', columnPadding: 18 },
  };
  const shape = {
    field: 'method',
    type: 'nominal',
    scale: { domain: methods, range: shapes },
    legend: { title: L.method, orient: 'top', direction: 'horizontal', symbolFillColor: '#8c8c8c', columnPadding: 18 },
  };
  // one panel per arm (in plan order), lanes in USUBJID order
  const panels = armsShown.map((arm) => ({
    title: { text: arm, anchor: 'start', fontSize: 13.5, fontWeight: 'bold', offset: 6 },
    width: WIDTH,
    height: { step: LANE },
    layer: [
      {
        data: { values: lanes.filter((l) => l.arm === arm) },
        mark: { type: 'rule', color: '#b0b0b0', strokeWidth: 1.2 },
        encoding: { y, x: { ...x, field: 'from' }, x2: { field: 'to' } },
      },
      // one layer per method, offset within the lane, so that an NGF and an NGS sample of one day both show
      ...methods.map((method, i) => ({
        data: { values: samples.filter((x) => x.arm === arm && x.method === method) },
        mark: { type: 'point', filled: true, size: 46, stroke: '#333333', strokeWidth: 0.6, opacity: 1, yOffset: methods.length === 1 ? 0 : -3 + (6 * i) / (methods.length - 1) },
        encoding: { y, x: { ...x, field: 'month' }, fill, shape },
      })),
    ],
  }));
  return {
    $schema: SCHEMA,
    title: { text: L.swimmerTitle(thresholdLabel(plan.mrd.primaryThreshold)), subtitle: [L.swimmerSubtitle(shown.size, ids.length)] },
    config: { ...CONFIG, axisY: { labelFontSize: 11, labelPadding: 4 } },
    vconcat: panels,
    spacing: 16,
    resolve: { scale: { fill: 'shared', shape: 'shared' } },
  } as unknown as TopLevelSpec;
}
