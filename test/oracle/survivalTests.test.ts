import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { logRank } from '../../analyses/stats/logRank.js';
import { coxPH, type CoxPHResult } from '../../analyses/stats/coxPH.js';
import { expectClose } from '../helpers/approx.js';

type Num = number | null;
interface CoxRef {
  coef: Num[]; se: Num[]; hr: Num[]; lower95: Num[]; upper95: Num[]; lower90: Num[]; upper90: Num[];
  z: Num[]; p: Num[]; loglik: number[];
  waldChisq: Num; waldP: Num; scoreChisq: Num; scoreP: Num; lrChisq: Num; lrP: Num;
  df: number; iter: number; n: number; events: number; warnings: string[];
}
interface Case {
  name: string;
  data: { time: number[]; event: number[]; group: number[] | null; strata: number[] | null; covariates: number[][] };
  logrank: {
    chisq: number; df: number; p: number; observed: number[]; expected: number[]; variance: number[][]; n: number[];
  } | null;
  cox: { breslow: CoxRef; efron: CoxRef } | null;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/survivalTests.json', import.meta.url), 'utf8')) as {
  source: string;
  cases: Case[];
};

const REL = 1e-6;
const ABS = 1e-12;
const closeAll = (actual: readonly Num[], expected: readonly Num[], label: string) => {
  expect(actual.length, label).toBe(expected.length);
  expected.forEach((e, i) => expectClose(actual[i], e, REL, ABS, `${label}[${i}]`));
};

/** Covariate numbers (0-based) named in R's "Loglik converged before variable  1,2 ; ..." warning. */
function rInfinite(warnings: string[], p: number): boolean[] {
  const flags = new Array<boolean>(p).fill(false);
  for (const w of warnings) {
    const m = /Loglik converged before variable\s+([\d,\s]+);/.exec(w);
    if (m) for (const v of m[1].split(',')) flags[Number(v.trim()) - 1] = true;
  }
  return flags;
}

describe(`logRank against R survdiff (${fixture.source})`, () => {
  const cases = fixture.cases.filter((c) => c.logrank !== null);
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ref = c.logrank!;
    const r = logRank({ time: c.data.time, event: c.data.event, group: c.data.group!, strata: c.data.strata ?? undefined });
    expectClose(r.chisq, ref.chisq, REL, ABS, 'chisq');
    expect(r.df).toBe(ref.df);
    expectClose(r.p, ref.p, REL, ABS, 'p');
    closeAll(r.observed, ref.observed, 'observed');
    closeAll(r.expected, ref.expected, 'expected');
    closeAll(r.n, ref.n, 'n');
    expect(r.variance.length).toBe(ref.variance.length);
    ref.variance.forEach((row, g) => closeAll(r.variance[g], row, `variance[${g}]`));
  });
});

describe(`coxPH against R coxph + summary.coxph (${fixture.source})`, () => {
  const rows = fixture.cases
    .filter((c) => c.cox !== null)
    .flatMap((c) => (['breslow', 'efron'] as const).map((ties) => [`${c.name} [${ties}]`, c, ties] as const));
  it.each(rows)('%s', (_name, c, ties) => {
    const ref = c.cox![ties];
    const input = { time: c.data.time, event: c.data.event, covariates: c.data.covariates, strata: c.data.strata ?? undefined, ties };
    const fit: CoxPHResult = coxPH(input);
    const fit90 = coxPH({ ...input, level: 0.9 });
    // The fit follows R step for step: same number of Newton-Raphson iterations.
    expect(fit.iterations).toBe(ref.iter);
    expect(fit.n).toBe(ref.n);
    expect(fit.events).toBe(ref.events);
    expect(fit.df).toBe(ref.df);
    closeAll(fit.coef, ref.coef, 'coef');
    closeAll(fit.se, ref.se, 'se');
    closeAll(fit.hr, ref.hr, 'hr');
    closeAll(fit.hrLower, ref.lower95, 'lower95');
    closeAll(fit.hrUpper, ref.upper95, 'upper95');
    closeAll(fit90.hrLower, ref.lower90, 'lower90');
    closeAll(fit90.hrUpper, ref.upper90, 'upper90');
    closeAll(fit.z, ref.z, 'z');
    closeAll(fit.p, ref.p, 'p');
    closeAll(fit.loglik, ref.loglik, 'loglik');
    expectClose(fit.waldChisq, ref.waldChisq, REL, ABS, 'waldChisq');
    expectClose(fit.waldP, ref.waldP, REL, ABS, 'waldP');
    expectClose(fit.scoreChisq, ref.scoreChisq, REL, ABS, 'scoreChisq');
    expectClose(fit.scoreP, ref.scoreP, REL, ABS, 'scoreP');
    expectClose(fit.lrChisq, ref.lrChisq, REL, ABS, 'lrChisq');
    expectClose(fit.lrP, ref.lrP, REL, ABS, 'lrP');
    // R's "coefficient may be infinite" warning <=> possiblyInfinite
    expect(fit.possiblyInfinite).toEqual(rInfinite(ref.warnings, c.data.covariates.length));
    expect(fit.converged).toBe(!ref.warnings.some((w) => /did not converge/.test(w)));
    if (ref.coef.some((b) => b === null) || fit.possiblyInfinite.some(Boolean)) expect(fit.reason).not.toBeNull();
    else expect(fit.reason).toBeNull();
  });

  it('covers the cases the brief asks for', () => {
    const names = fixture.cases.map((c) => c.name).join('\n');
    for (const key of ['lung: sex', 'sex + age', 'strata(ph.ecog)', 'veteran: trt', 'strata(celltype)', 'trt + karno',
      'heavy ties', 'one arm only', '3-group', 'zero events', 'single event', 'random n = 2000']) {
      expect(names).toContain(key);
    }
  });
});
