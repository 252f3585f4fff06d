/** Forest plot (issue 15): axis fitted to the data, markers sized by n, interaction p per variable, readable labels. */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { forestPlot, forestSpec } from '../../reports/figures/forestFigure.js';
import { FIGURE_LABELS } from '../../reports/figures/figureLabels.js';

let a: Analysis;
beforeAll(async () => {
  a = await analyseStudy('data-samples/imroz-like');
}, 60_000);

describe('forest plot layout', () => {
  it('fits the log axis to the CIs (imroz-like: 0.69 to 15.2 gives 0.5 to 20), markers by n, interaction p on each variable row', () => {
    const spec = forestSpec(forestPlot(a, FIGURE_LABELS.en)!) as unknown as { datasets: Record<string, Record<string, unknown>[]> };
    const text = JSON.stringify(spec);
    expect(text).toContain('"domain":[0.5,20]');
    expect(text).toContain('"values":[0.5,1,2,5,10,20]');
    const marks = Object.values(spec.datasets).find((d) => d.some((r) => 'size' in r))!;
    const levels = marks.filter((m) => m.shape === 'square');
    const sizes = levels.map((m) => m.size as number);
    expect(Math.max(...sizes)).toBe(220);
    // R-ISS III/unclassified has 34 + 17 subjects, stage I-II 231 + 164: area in proportion
    expect(Math.min(...sizes)).toBe(Math.round((220 * 51) / 395));
    const rows = Object.values(spec.datasets).find((d) => d.some((r) => r.kind === 'variable'))!;
    const variableRows = rows.filter((r) => r.kind === 'variable');
    expect(variableRows.map((r) => r.label)).toEqual(['Age', 'R-ISS stage at screening', 'Sex', 'Age', 'R-ISS stage at screening', 'Sex']);
    const p = a.subgroups.find((s) => s.endpoint === 'MRD_NEG' && s.variable === 'AGEGRP')!.interactionP!;
    expect(variableRows[0].orText).toBe(`interaction p = ${p.toFixed(4)}`);
    expect(rows.filter((r) => r.kind === 'level').map((r) => r.label)).toContain('Stage III or unclassified');
  });
});

describe('Kaplan-Meier time axis', () => {
  it('ends at the last follow-up, with 6- or 12-month ticks up to it', async () => {
    const { kmTicks, lastFollowUp } = await import('../../reports/figures/kaplanMeierFigure.js');
    const curve = (last: number) => ({ label: 'g', curve: { time: [1, last] } }) as never;
    expect(kmTicks([curve(73.4)])).toEqual([0, 12, 24, 36, 48, 60, 72]);
    expect(lastFollowUp([curve(73.4), curve(70)])).toBe(73.4);
    expect(kmTicks([curve(40)])).toEqual([0, 6, 12, 18, 24, 30, 36]);
    expect(kmTicks([curve(3)])).toEqual([0, 6]);
  });
});

describe('Kaplan-Meier risk table', () => {
  it('cumulative events and censored on or before each tick, by hand', async () => {
    const { cumulativeCounts } = await import('../../reports/figures/kaplanMeierFigure.js');
    // times 2 (1 event), 5 (1 censored), 6 (2 events), 13 (1 censored)
    const curve = { time: new Float64Array([2, 5, 6, 13]), nEvent: new Int32Array([1, 0, 2, 0]), nCensor: new Int32Array([0, 1, 0, 1]) } as never;
    expect(cumulativeCounts(curve, [0, 6, 12, 18])).toEqual({ events: [0, 3, 3, 3], censored: [0, 1, 1, 2] });
  });

  it('report.kmRiskTable: at-risk-events-censored prints "n (events; censored)" under its own title; the default prints n', async () => {
    const { kaplanMeierSpec, kmByArmPlot } = await import('../../reports/figures/kaplanMeierFigure.js');
    const kmByArmSpec = (...args: Parameters<typeof kmByArmPlot>) => kaplanMeierSpec(kmByArmPlot(...args));
    const pfs = a.timeToEvent.find((t) => t.endpoint === 'PFS')!;
    const plain = JSON.stringify(kmByArmSpec(pfs, a.plan, FIGURE_LABELS.en));
    expect(plain).toContain('"text":"265"');
    const withCounts = JSON.stringify(kmByArmSpec(pfs, { ...a.plan, report: { ...a.plan.report, kmRiskTable: 'at-risk-events-censored' } }, FIGURE_LABELS.en));
    expect(withCounts).toContain('"text":"265 (0; 0)"');
    expect(withCounts).toContain('Number at risk (cumulative events; censored)');
    const isa = pfs.analysis.groups.find((g) => g.group === 'ISA')!;
    // by the last tick every event of the arm has happened
    const last = [...withCounts.matchAll(/"group":"Isa-VRd","tick":\d+,"n":\d+,"text":"\d+ \((\d+); (\d+)\)"/g)].at(-1)!;
    expect(Number(last[1])).toBeLessThanOrEqual(isa.events);
    expect(Number(last[1]) + Number(last[2])).toBeLessThanOrEqual(isa.n);
  });
});
