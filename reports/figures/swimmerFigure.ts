import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../../pipeline/analyse.js';
import { DAYS_PER_MONTH } from '../../pipeline/ingest/dates.js';
import { STATUS_LABEL } from '../../model/status.js';
import { subjectOf } from '../../pipeline/derive/deriveSubjects.js';
import { thresholdLabel } from '../format.js';
import { byCodeUnit } from './figureFormat.js';
import type { FigureLabels } from './figureLabels.js';
import { textWidth } from './fontMetrics.js';
import { CONFIG, SCHEMA, STATUS_COLOURS } from './theme.js';
import { methodOffset, SWIMMER, type SwimmerPage, type SwimmerSample } from './swimmerPage.js';

/** What the swimmer pages are drawn from (all known once the samples have their statuses). */
type SwimmerParts = Pick<Analysis, 'plan' | 'subjects' | 'tables' | 'sampleStatus'>;

const STATUS_ORDER = ['NEG', 'POS', 'NE', 'EXCLUDED'];
const METHOD_SHAPES: Record<string, string> = { NGF: 'circle', NGS: 'triangle-up' };
const OTHER_SHAPES = ['square', 'diamond', 'cross', 'triangle-down'];

/**
 * Swimmer plot of the MRD samples: one lane per subject with at least one sample, longest follow-up
 * first (the last sample, progression or death, or start of subsequent therapy), one panel per arm,
 * report.swimmer.pageSize subjects per page and report.swimmer.maxPages pages at most (each page a
 * figure; the subtitle says which subjects it holds and how many are not drawn). x = months from
 * randomisation (days / 30.4375); shape = method, colour = the sample's status at the primary
 * threshold; progression or death and the start of subsequent therapy as their own markers on the
 * lane. Lanes are 14 px and markers at most 8 px high, offset within the lane by method, so lanes never
 * overlap. Empty when there is no MRD sample.
 */
export function swimmerSpecs(a: SwimmerParts, L: FigureLabels): { id: string; spec: TopLevelSpec; drawing: { kind: 'swimmer'; page: SwimmerPage } }[] {
  const { plan, subjects } = a;
  const m = a.tables.mrd;
  if (m.n === 0) return [];
  const k = plan.mrd.thresholds.indexOf(plan.mrd.primaryThreshold);
  const status = a.sampleStatus[k].status;
  const ms = subjectOf(m, subjects);
  // per subject with a sample: the extent of its lane (months)
  const first = new Float64Array(subjects.n).fill(Number.NaN);
  const last = new Float64Array(subjects.n).fill(Number.NaN);
  for (let i = 0; i < m.n; i++) {
    const sj = ms[i];
    const month = (m.num.COLLDT[i] - subjects.randDay[sj]) / DAYS_PER_MONTH;
    // NaN (no sample yet) compares false, so the first sample sets both
    if (!(first[sj] <= month)) first[sj] = month;
    if (!(last[sj] >= month)) last[sj] = month;
  }
  const eventMonth = (day: number, sj: number) => (Number.isFinite(day) && day <= plan.cutoffDay ? (day - subjects.randDay[sj]) / DAYS_PER_MONTH : Number.NaN);
  let withSamples = 0;
  const end = new Float64Array(subjects.n).fill(Number.NaN);
  for (let sj = 0; sj < subjects.n; sj++) {
    if (Number.isNaN(first[sj])) continue;
    withSamples++;
    let e = last[sj];
    // NaN (no event, or after the cut-off) compares false
    const progression = eventMonth(subjects.progressionDay[sj], sj);
    if (progression > e) e = progression;
    const therapy = eventMonth(subjects.newTherapyDay[sj], sj);
    if (therapy > e) e = therapy;
    end[sj] = e;
  }
  const { pageSize, maxPages } = plan.report.swimmer;
  const pages = Math.min(maxPages, Math.ceil(withSamples / pageSize));
  const omitted = Math.max(0, withSamples - pages * pageSize);
  // only the lanes drawn are ordered: at 10^6 subjects 1,000 of them (sorting every subject took 0.2 s)
  const drawn = longestFollowUpFirst(end, pages * pageSize);
  // each drawn subject's lane (its position in `drawn`; -1: not drawn), and each page's sample rows,
  // in one pass over mrd.csv
  const laneOf = new Int32Array(subjects.n).fill(-1);
  drawn.forEach((sj, k) => (laneOf[sj] = k));
  const rowsOf: number[][] = Array.from({ length: pages }, () => []);
  for (let i = 0; i < m.n; i++) {
    const lane = laneOf[ms[i]];
    if (lane >= 0) rowsOf[Math.floor(lane / pageSize)].push(i);
  }
  const out: ReturnType<typeof swimmerSpecs> = [];
  for (let page = 0; page < pages; page++) {
    const chunk = drawn.slice(page * pageSize, (page + 1) * pageSize);
    const model = swimmerPage(a, L, chunk, rowsOf[page], laneOf, ms, status, first, end, eventMonth, L.swimmerSubtitle(page * pageSize + 1, page * pageSize + chunk.length, withSamples, page + 1, pages, omitted));
    out.push({ id: page === 0 ? 'swimmer_mrd' : `swimmer_mrd_p${page + 1}`, spec: pageSpec(model), drawing: { kind: 'swimmer', page: model } });
  }
  return out;
}

/**
 * The first `k` subjects by longest follow-up (`end`, NaN: no sample, never drawn); the subject's
 * position (USUBJID order) breaks ties, so the order never depends on the file. A bounded heap holds
 * the k best so far with the one that sorts last at its root: O(n log k), not a sort of every subject.
 */
export function longestFollowUpFirst(end: Float64Array, k: number): number[] {
  // p sorts before q
  const before = (p: number, q: number) => end[p] > end[q] || (end[p] === end[q] && p < q);
  const heap: number[] = [];
  const down = (at: number) => {
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let worst = at;
      if (l < heap.length && before(heap[worst], heap[l])) worst = l;
      if (r < heap.length && before(heap[worst], heap[r])) worst = r;
      if (worst === at) return;
      [heap[at], heap[worst]] = [heap[worst], heap[at]];
      at = worst;
    }
  };
  for (let sj = 0; sj < end.length && k > 0; sj++) {
    if (Number.isNaN(end[sj])) continue;
    if (heap.length < k) {
      heap.push(sj);
      for (let at = heap.length - 1; at > 0; ) {
        const up = (at - 1) >> 1;
        if (!before(heap[up], heap[at])) break;
        [heap[at], heap[up]] = [heap[up], heap[at]];
        at = up;
      }
    } else if (before(sj, heap[0])) {
      heap[0] = sj;
      down(0);
    }
  }
  return heap.sort((p, q) => (before(p, q) ? -1 : 1));
}

function swimmerPage(
  a: SwimmerParts,
  L: FigureLabels,
  chunk: number[],
  rows: number[],
  laneOf: Int32Array,
  ms: Int32Array,
  status: Uint8Array,
  first: Float64Array,
  end: Float64Array,
  eventMonth: (day: number, sj: number) => number,
  subtitle: string,
): SwimmerPage {
  const { plan, subjects } = a;
  const m = a.tables.mrd;
  const armLabel = (code: string) => plan.arms.find((x) => x.code === code)?.label ?? code;
  const samples: SwimmerSample[] = [];
  // a fixed order (lane, date, sample, method) so that the spec does not depend on row order
  const sampleId = m.text.SAMPLEID;
  const method = m.text.METHOD;
  rows.sort((p, q) => laneOf[ms[p]] - laneOf[ms[q]] || m.num.COLLDT[p] - m.num.COLLDT[q] || byCodeUnit(sampleId.at(p)!, sampleId.at(q)!) || byCodeUnit(method.at(p)!, method.at(q)!));
  for (const i of rows) {
    const sj = ms[i];
    samples.push({ subject: subjects.id[sj], arm: armLabel(subjects.arm[sj]), month: (m.num.COLLDT[i] - subjects.randDay[sj]) / DAYS_PER_MONTH, method: method.at(i)!, status: STATUS_LABEL[status[i]] });
  }
  const lanes = chunk.map((sj) => ({ subject: subjects.id[sj], arm: armLabel(subjects.arm[sj]), from: Math.min(0, first[sj]), to: end[sj] }));
  const events = chunk.flatMap((sj) =>
    (
      [
        ['PROGRESSION', eventMonth(subjects.progressionDay[sj], sj)],
        ['NEW_THERAPY', eventMonth(subjects.newTherapyDay[sj], sj)],
      ] as const
    )
      .filter(([, month]) => !Number.isNaN(month))
      .map(([code, month]) => ({ subject: subjects.id[sj], arm: armLabel(subjects.arm[sj]), month, event: L.swimmerEvent(code) })),
  );

  const methods = [...new Set(samples.map((s) => s.method))].sort(byCodeUnit);
  let other = 0;
  const shapes = methods.map((x) => METHOD_SHAPES[x] ?? OTHER_SHAPES[other++ % OTHER_SHAPES.length]);
  const statuses = STATUS_ORDER.filter((x) => samples.some((s) => s.status === x));
  for (const s of samples) s.status = L.statusLabel(s.status);
  const arms = plan.arms.map((x) => x.label).filter((label) => lanes.some((l) => l.arm === label));

  const minMonth = Math.min(0, ...lanes.map((l) => l.from));
  const maxMonth = Math.max(1, ...lanes.map((l) => l.to));
  const step = maxMonth <= 48 ? 6 : 12;
  // samples before randomisation (they do not count) widen the axis by whole months only
  const xMin = minMonth < 0 ? Math.floor(minMonth) : 0;
  const xMax = Math.ceil(maxMonth / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= xMax; t += step) ticks.push(t);
  // methods and events share one shape scale (and legend): the events are drawn in red on the lane
  const eventNames = [L.swimmerEvent('PROGRESSION'), L.swimmerEvent('NEW_THERAPY')].filter((e) => events.some((x) => x.event === e));
  return {
    title: L.swimmerTitle(thresholdLabel(plan.mrd.primaryThreshold)),
    subtitle,
    xTitle: L.monthsAxis,
    xMin,
    xMax,
    ticks,
    laneLabelWidth: Math.ceil(Math.max(...lanes.map((l) => textWidth(l.subject, 11, false)))),
    status: { title: L.status, domain: statuses.map((x) => L.statusLabel(x)), colours: statuses.map((st) => STATUS_COLOURS[st]) },
    shape: {
      title: `${L.method} / ${L.swimmerEvents}`,
      domain: [...methods, ...eventNames],
      shapes: [...shapes, ...eventNames.map((e) => (e === L.swimmerEvent('PROGRESSION') ? 'cross' : 'triangle-right'))],
    },
    methods,
    arms,
    lanes,
    samples,
    events,
  };
}

/** The Vega-Lite spec of a swimmer page (written as its .vl.json). */
function pageSpec(page: SwimmerPage): TopLevelSpec {
  const { lanes, samples, events, methods } = page;
  const x = { type: 'quantitative', scale: { domain: [page.xMin, page.xMax], nice: false }, axis: { values: page.ticks, format: 'd', title: page.xTitle, grid: true, gridColor: SWIMMER.gridColour } };
  const y = { field: 'subject', type: 'ordinal', sort: lanes.map((l) => l.subject), title: null, axis: { ticks: false, domain: false, minExtent: page.laneLabelWidth } };
  const fill = {
    field: 'status',
    type: 'nominal',
    scale: { domain: page.status.domain, range: page.status.colours },
    legend: { title: page.status.title, orient: 'top', direction: 'horizontal', symbolStrokeWidth: 0.6, symbolStrokeColor: SWIMMER.markStroke, columnPadding: 18 },
  };
  const shape = {
    field: 'method',
    type: 'nominal',
    scale: { domain: page.shape.domain, range: page.shape.shapes },
    legend: { title: page.shape.title, orient: 'top', direction: 'horizontal', symbolFillColor: '#8c8c8c', columnPadding: 18 },
  };
  // one panel per arm (in plan order), lanes longest follow-up first
  const panels = page.arms.map((arm) => ({
    title: { text: arm, anchor: 'start', fontSize: 13.5, fontWeight: 'bold', offset: 6 },
    width: SWIMMER.width,
    height: { step: SWIMMER.lane },
    layer: [
      {
        data: { values: lanes.filter((l) => l.arm === arm) },
        mark: { type: 'rule', color: SWIMMER.ruleColour, strokeWidth: 1.2 },
        encoding: { y, x: { ...x, field: 'from' }, x2: { field: 'to' } },
      },
      // one layer per method, offset within the lane, so that an NGF and an NGS sample of one day both show
      ...methods.map((method, i) => ({
        data: { values: samples.filter((x) => x.arm === arm && x.method === method) },
        mark: { type: 'point', filled: true, size: SWIMMER.sampleSize, stroke: SWIMMER.markStroke, strokeWidth: 0.6, opacity: 1, yOffset: methodOffset(methods.length, i) },
        encoding: { y, x: { ...x, field: 'month' }, fill, shape },
      })),
      {
        data: { values: events.filter((e) => e.arm === arm).map((e) => ({ ...e, method: e.event })) },
        mark: { type: 'point', filled: true, size: SWIMMER.eventSize, color: SWIMMER.eventColour, opacity: 1 },
        encoding: { y, x: { ...x, field: 'month' }, shape },
      },
    ],
  }));
  return {
    $schema: SCHEMA,
    title: { text: page.title, subtitle: [page.subtitle] },
    config: { ...CONFIG, axisY: { labelFontSize: 11, labelPadding: 4 } },
    vconcat: panels,
    spacing: 16,
    resolve: { scale: { fill: 'shared', shape: 'shared' } },
  } as unknown as TopLevelSpec;
}
