/**
 * "One procedure away" (ADaM principle): every figure of results.json for the imroz-like sample is
 * recomputed by R from the transport files `mrd run` writes, read with haven::read_xpt, with one
 * standard call per figure (binom.test, survfit, coxph, survdiff; test/adam/oneProcedureAway.R), and
 * must agree to 1e-9. R is part of CI (.ci/run installs it); without R outside CI the test is skipped
 * and says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { writeOutputsAtomically } from '../../pipeline/write/writeOutputs.js';
import { adamFiles } from '../../reports/adam/adamFiles.js';
import { buildResults } from '../../reports/buildResults.js';
import { mrdParameters } from '../../reports/adam/mrdParameters.js';
import { tteParameters } from '../../reports/adam/buildAdtte.js';
import { admrdStrataNames } from '../../reports/adam/buildAdmrd.js';

const haveR = spawnSync('Rscript', ['--version']).status === 0;
if (!haveR && process.env.CI) throw new Error('Rscript is required in CI for the one-procedure-away check');

interface Rate { endpoint: string; population: string; threshold: number; arm: string; x: number; n: number; ciLower: number | null; ciUpper: number | null }
interface Km { endpoint: string; threshold: number | null; group: string; n: number; events: number; median: number | null; medianLower: number | null; medianUpper: number | null }
interface Hr { endpoint: string; threshold: number | null; group: string; hr: number; hrLower: number; hrUpper: number; logrankP: number }
interface Results { mrdRates: Rate[]; conversion: (Omit<Rate, 'endpoint' | 'population'>)[]; survival: Km[]; survivalComparisons: Hr[] }
interface FromR {
  rates: { paramcd: string; population: string; arm: string; x: number; n: number; lower: number | null; upper: number | null }[];
  km: { paramcd: string; group: string; n: number; events: number; median: number | null; lower: number | null; upper: number | null }[];
  cox: { paramcd: string; group: string; hr: number; lower: number; upper: number; logrankP: number }[];
}

/** |a - b| <= 1e-9 relative (or absolute below 1); null and NA agree. */
function close(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

let dir: string;
let a: Analysis;
let results: Results;
let fromR: FromR;

beforeAll(async () => {
  if (!haveR) return;
  dir = mkdtempSync(join(tmpdir(), 'mrd-adam-r-'));
  a = await analyseStudy('data-samples/imroz-like');
  await writeOutputsAtomically(join(dir, 'out'), adamFiles(a, 'test'));
  results = buildResults(a, 'test') as Results;
  const control = a.plan.arms.find((x) => x.control)!.code;
  const strata = admrdStrataNames(a).map((s) => s.name).join(',');
  const r = spawnSync('Rscript', ['--vanilla', new URL('./oneProcedureAway.R', import.meta.url).pathname, join(dir, 'out', 'adam'), strata, control], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`R failed: ${r.stderr}`);
  fromR = JSON.parse(r.stdout) as FromR;
}, 120_000);
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!haveR)('ADaM transport files reproduce results.json in R (haven::read_xpt)', () => {
  it('every MRD rate and its Clopper-Pearson CI: binom.test on ADMRD, AVALC = "Y" among the population flag', () => {
    const params = new Map(mrdParameters(a.plan, a.endpoints, a.compositeEndpoint).map((p) => [p.paramcd, p]));
    let compared = 0;
    for (const r of fromR.rates) {
      const p = params.get(r.paramcd)!;
      const ours =
        p.endpoint === 'CONVERSION'
          ? results.conversion.find((c) => c.threshold === p.threshold && c.arm === r.arm)
          : results.mrdRates.find((m) => m.endpoint === p.endpoint && m.threshold === p.threshold && m.population === r.population && m.arm === r.arm);
      expect(ours, `${r.paramcd} ${r.population} ${r.arm}`).toBeDefined();
      expect([ours!.x, ours!.n], `${r.paramcd} ${r.population} ${r.arm}`).toEqual([r.x, r.n]);
      expect(close(ours!.ciLower, r.lower) && close(ours!.ciUpper, r.upper), `${r.paramcd} ${r.population} ${r.arm}: [${ours!.ciLower}, ${ours!.ciUpper}] vs R [${r.lower}, ${r.upper}]`).toBe(true);
      compared++;
    }
    // 5 endpoints x 3 populations x 2 arms x 3 thresholds, and conversion x 2 arms x 3 thresholds
    expect(compared).toBe(96);
  });

  it('the label figures of IMROZ table 9: MRD-negative CR at 1E-05, ITT, 147/265 and 74/181', () => {
    const t9 = fromR.rates.filter((r) => r.paramcd === 'MRDNCR5' && r.population === 'ITT');
    expect(t9.map((r) => [r.arm, r.x, r.n, Math.round(r.lower! * 100), Math.round(r.upper! * 100)])).toEqual([
      ['ISA', 147, 265, 49, 62],
      ['CTL', 74, 181, 34, 48],
    ]);
  });

  it('every Kaplan-Meier median with its log-log CI: survfit on ADTTE AVAL and CNSR', () => {
    const params = new Map(tteParameters(a).map((p) => [p.paramcd, p]));
    for (const r of fromR.km) {
      const p = params.get(r.paramcd)!;
      const ours = results.survival.find((s) => s.endpoint === p.endpoint && s.threshold === p.threshold && s.group === r.group)!;
      expect(ours, `${r.paramcd} ${r.group}`).toBeDefined();
      expect([ours.n, ours.events]).toEqual([r.n, r.events]);
      expect(close(ours.median, r.median) && close(ours.medianLower, r.lower) && close(ours.medianUpper, r.upper), `${r.paramcd} ${r.group}: ${ours.median} [${ours.medianLower}, ${ours.medianUpper}] vs R ${r.median} [${r.lower}, ${r.upper}]`).toBe(true);
    }
    expect(fromR.km.length).toBe(12);
    expect(fromR.km.filter((r) => r.median !== null).length).toBeGreaterThanOrEqual(4);
  });

  it('every hazard ratio (coxph, Breslow, stratified as the tables) and log-rank p (survdiff)', () => {
    const params = new Map(tteParameters(a).map((p) => [p.paramcd, p]));
    for (const r of fromR.cox) {
      const p = params.get(r.paramcd)!;
      const ours = results.survivalComparisons.find((s) => s.endpoint === p.endpoint && s.threshold === p.threshold && s.group === r.group)!;
      expect(close(ours.hr, r.hr) && close(ours.hrLower, r.lower) && close(ours.hrUpper, r.upper), `${r.paramcd}: HR ${ours.hr} [${ours.hrLower}, ${ours.hrUpper}] vs R ${r.hr} [${r.lower}, ${r.upper}]`).toBe(true);
      expect(close(ours.logrankP, r.logrankP), `${r.paramcd}: log-rank p ${ours.logrankP} vs R ${r.logrankP}`).toBe(true);
    }
    expect(fromR.cox.map((r) => r.paramcd)).toEqual(['OS', 'PFS', 'MRDDUR4', 'MRDDUR5', 'MRDDUR6', 'PFSLM12']);
  });
});
