import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runSurvivalCommand, survivalJson } from '../../pipeline/commands/survival.js';
import { expectClose } from '../helpers/approx.js';

interface Landmark { time: number; surv: number; lower: number | null; upper: number | null; nRisk: number }
interface Group { group: string; n: number; events: number; median: number | null; medianLower: number | null; medianUpper: number | null; quartiles: Quartile[]; landmarks: Landmark[] }
interface Quartile { prob: number; estimate: number | null; lower: number | null; upper: number | null }
interface Case {
  name: string; time: string; event: string | null; cnsr: string | null; group: string | null; reference: string | null;
  strata: string | string[]; confType: 'log-log' | 'log' | 'plain'; ties: 'breslow' | 'efron'; landmarks: number | number[]; level: number;
  groups: Group[]; file?: string | null; where?: string | string[] | null; logrankP?: number; hazardRatios?: { group: string; hr: number; hrLower: number; hrUpper: number }[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/survivalCli.json', import.meta.url), 'utf8')) as { cases: Case[] };
const arr = <T,>(v: T | T[] | null | undefined): T[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe('mrd survival on whole files (CSV; ADaM ADTTE transport files with --where) equals R (test/oracle/survivalCli.R)', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { analysis } = await runSurvivalCommand({
      data: c.file ? new URL(`../../${c.file}`, import.meta.url).pathname : new URL(`./fixtures/survivalCli/${c.name}.csv`, import.meta.url).pathname,
      where: arr(c.where).map((w) => ({ column: w.slice(0, w.indexOf('=')), values: w.slice(w.indexOf('=') + 1).split(',') })),
      time: c.time,
      event: c.event ?? undefined,
      cnsr: c.cnsr ?? undefined,
      group: c.group ?? undefined,
      reference: c.reference ?? undefined,
      strata: arr(c.strata),
      confType: c.confType,
      ties: c.ties,
      landmarks: arr(c.landmarks),
      level: c.level,
    });
    const j = survivalJson(analysis) as { groups: Group[]; logrankP: number | null; hazardRatios: { group: string; hr: number; hrLower: number; hrUpper: number }[] };
    expect(j.groups.map((g) => g.group)).toEqual(c.groups.map((g) => g.group));
    c.groups.forEach((ref, k) => {
      const g = j.groups[k];
      expect([g.n, g.events]).toEqual([ref.n, ref.events]);
      for (const key of ['median', 'medianLower', 'medianUpper'] as const) expectClose(g[key], ref[key], 1e-9, 1e-12, `${ref.group} ${key}`);
      expect(g.quartiles.map((q) => q.prob)).toEqual([0.25, 0.5, 0.75]);
      ref.quartiles.forEach((q, i) => {
        for (const key of ['estimate', 'lower', 'upper'] as const) expectClose(g.quartiles[i][key], q[key] ?? null, 1e-9, 1e-12, `${ref.group} q${q.prob} ${key}`);
      });
      arr(ref.landmarks).forEach((l, i) => {
        expect(g.landmarks[i].nRisk).toBe(l.nRisk);
        for (const key of ['surv', 'lower', 'upper'] as const) expectClose(g.landmarks[i][key], l[key], 1e-9, 1e-12, `${ref.group} t=${l.time} ${key}`);
      });
    });
    if (c.logrankP === undefined) {
      expect(j.logrankP).toBeNull();
    } else {
      expectClose(j.logrankP, c.logrankP, 1e-9, 0, 'log-rank p');
      const hrs = arr(c.hazardRatios);
      expect(j.hazardRatios.map((h) => h.group)).toEqual(hrs.map((h) => h.group));
      hrs.forEach((h, i) => {
        expectClose(j.hazardRatios[i].hr, h.hr, 1e-9, 0, `${h.group} hr`);
        expectClose(j.hazardRatios[i].hrLower, h.hrLower, 1e-9, 0, `${h.group} lower`);
        expectClose(j.hazardRatios[i].hrUpper, h.hrUpper, 1e-9, 0, `${h.group} upper`);
      });
    }
  });

  it('names the line of a time that is not a number', async () => {
    const err = await runSurvivalCommand({
      data: new URL('./fixtures/survivalCli/veteran_strata.csv', import.meta.url).pathname,
      time: 'celltype', event: 'status', strata: [], confType: 'log-log', ties: 'breslow', landmarks: [], level: 0.95,
    }).catch((e: Error) => e);
    expect(String(err)).toContain('veteran_strata.csv:2: column CELLTYPE, value "squamous": the time must be a number >= 0');
  });
});
