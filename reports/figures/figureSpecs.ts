import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../../pipeline/analyse.js';
import { FIGURE_LABELS } from './figureLabels.js';
import { kaplanMeierSpec, kmByArmPlot, kmByMrdPlot } from './kaplanMeierFigure.js';
import type { KmPlot } from './kmPlot.js';
import { failureReasonsPlot, failureReasonsSpec } from './failureReasonsFigure.js';
import type { FailurePlot } from './failureReasonsPlot.js';
import { forestPlot, forestSpec } from './forestFigure.js';
import type { ForestPlot } from './forestPlot.js';
import { mrdRatesPlot, mrdRatesSpec } from './mrdRatesFigure.js';
import type { RatesPlot } from './mrdRatesPlot.js';
import { swimmerSpecs } from './swimmerFigure.js';
import type { SwimmerPage } from './swimmerPage.js';

// This module builds plain JSON specs from the Analysis and must never load vega, vega-lite or resvg
// (only their types): `mrd run` builds the specs and draws their SVGs on the main thread, and their
// PNGs in a worker (figureRenderer.ts); test/figures/figureWorker.test.ts checks the main thread's
// module graph.

/**
 * One figure before rendering: its file stem, its Vega-Lite spec (plain JSON, written as .vl.json for
 * a reviewer to reload) and the plain data its SVG is drawn from (drawFigure.ts), made from the same
 * values as the spec.
 */
export interface FigureSpec {
  id: string;
  spec: TopLevelSpec;
  drawing: FigureDrawing;
}

/** What a figure's SVG is drawn from, by kind. */
export type FigureDrawing = { kind: 'swimmer'; page: SwimmerPage } | { kind: 'km'; plot: KmPlot } | { kind: 'rates'; plot: RatesPlot } | { kind: 'failures'; plot: FailurePlot } | { kind: 'forest'; plot: ForestPlot };

/** What the figures drawn from the samples alone need: known before the subject-level derivations. */
export type SampleFigureParts = Pick<Analysis, 'plan' | 'subjects' | 'tables' | 'sampleStatus'>;

/**
 * The figures drawn from the samples' statuses and the subjects alone (the swimmer pages), in their
 * order among all figures: `mrd run` draws them while the subject-level endpoints and the statistics
 * are still being computed, and gives them back to `figureSpecs`.
 */
export function sampleFigureSpecs(parts: SampleFigureParts, lang: 'en' | 'zh'): FigureSpec[] {
  return swimmerSpecs(withDistinctArmLabels(parts), FIGURE_LABELS[lang]);
}

/**
 * The Vega-Lite spec of every figure of a run, in a fixed order. Figures with nothing to show (no
 * subgroups, no failed test, no MRD sample, no landmark analysis) are left out. `sampleFigures` are
 * those sampleFigureSpecs made for this analysis already (the same objects are returned).
 */
export function figureSpecs(analysis: Analysis, lang: 'en' | 'zh', sampleFigures: FigureSpec[] = sampleFigureSpecs(analysis, lang)): FigureSpec[] {
  const L = FIGURE_LABELS[lang];
  const a = withDistinctArmLabels(analysis);
  const out: FigureSpec[] = [];
  for (const t of a.timeToEvent) {
    if (t.groupedBy !== 'arm' || t.threshold !== null) continue;
    if (!t.analysis.groups.some((g) => g.curve)) continue;
    out.push(kmFigure(`km_${t.endpoint.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`, kmByArmPlot(t, a.plan, L)));
  }
  const byMrd = a.timeToEvent.find((t) => t.groupedBy === 'mrd' && /^PFS_BY_MRD_/.test(t.endpoint));
  if (byMrd && byMrd.analysis.groups.some((g) => g.curve)) out.push(kmFigure('km_pfs_by_mrd', kmByMrdPlot(byMrd, a.plan, L)));
  const rates = mrdRatesPlot(a, L);
  if (rates) out.push({ id: 'mrd_rates_by_threshold', spec: mrdRatesSpec(rates), drawing: { kind: 'rates', plot: rates } });
  const forest = forestPlot(a, L);
  if (forest) out.push({ id: 'forest_subgroups', spec: forestSpec(forest), drawing: { kind: 'forest', plot: forest } });
  out.push(...sampleFigures);
  const failures = failureReasonsPlot(a, L);
  if (failures) out.push({ id: 'failure_reasons', spec: failureReasonsSpec(failures), drawing: { kind: 'failures', plot: failures } });
  return out;
}

/** A Kaplan-Meier figure: its spec and its drawing, from one plot. */
function kmFigure(id: string, plot: KmPlot): FigureSpec {
  return { id, spec: kaplanMeierSpec(plot), drawing: { kind: 'km', plot } };
}

/**
 * Figures key colours, panels and columns by the arm label, so two arms printed the same (or an
 * empty label) would merge: such labels get the arm code appended.
 */
function withDistinctArmLabels<T extends Pick<Analysis, 'plan'>>(a: T): T {
  const labels = a.plan.arms.map((x) => x.label);
  if (labels.every((l, i) => l.trim() !== '' && labels.indexOf(l) === i)) return a;
  const arms = a.plan.arms.map((x) => ({ ...x, label: x.label.trim() === '' ? x.code : `${x.label} (${x.code})` }));
  return { ...a, plan: { ...a.plan, arms } };
}
