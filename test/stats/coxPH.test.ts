import { describe, expect, it } from 'vitest';
import { coxPH } from '../../analyses/stats/coxPH.js';
import { logRank } from '../../analyses/stats/logRank.js';
import { chiSquareUpperTail, normalQuantile } from '../../analyses/stats/distributions.js';
import { expectClose } from '../helpers/approx.js';
import { seededUniform } from '../../data-samples/random.js';

const rng = seededUniform;

function simulate(n: number, seed: number, nStrata = 1) {
  const u = rng(seed);
  const time: number[] = [];
  const event: number[] = [];
  const arm: number[] = [];
  const age: number[] = [];
  const strata: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = u() < 0.5 ? 1 : 0;
    const s = Math.floor(u() * nStrata);
    const x = Math.round((50 + 30 * u()) * 10) / 10;
    const t = -Math.log(u()) / (0.01 * Math.exp(-0.5 * a + 0.3 * s + 0.02 * (x - 65)));
    const c = 20 + 150 * u();
    time.push(Math.ceil(Math.min(t, c)));
    event.push(t <= c ? 1 : 0);
    arm.push(a);
    age.push(x);
    strata.push(s);
  }
  return { time, event, arm, age, strata };
}

describe('coxPH by hand', () => {
  // Same 6 subjects as the log-rank hand case: x = 1 dies at 1, 3, 5; x = 0 dies at 2, 4, censored at 6.
  const data = { time: [1, 2, 3, 4, 5, 6], event: [1, 1, 1, 1, 1, 0], covariates: [[1, 0, 1, 0, 1, 0]] };

  it('starts from loglik = -log(6 * 5 * 4 * 3 * 2) and its Breslow score test is the log-rank 529/1091', () => {
    // At beta = 0 each death contributes -log(N at risk): N = 6, 5, 4, 3, 2.
    // Score U = O - E = 3 - 67/30 = 23/30 and information I = V = 1091/900 (no ties), so
    // U^2 / I = 529/1091, the log-rank chi-square.
    const fit = coxPH(data);
    expectClose(fit.loglik[0], -Math.log(720), 1e-14);
    expectClose(fit.scoreChisq, 529 / 1091, 1e-12);
    expectClose(fit.scoreChisq, logRank({ ...data, group: data.covariates[0] }).chisq, 1e-12);
    expect(fit).toMatchObject({ n: 6, events: 5, df: 1, converged: true, reason: null, ties: 'breslow' });
  });

  it('gives identical Breslow and Efron fits without ties', () => {
    const b = coxPH(data);
    const e = coxPH({ ...data, ties: 'efron' });
    expectClose(e.coef[0], b.coef[0], 1e-12);
    expectClose(e.se[0], b.se[0], 1e-12);
    expectClose(e.loglik[1], b.loglik[1], 1e-12);
  });

  it('is at a stationary point with the Wald interval, z and p built from coef and se', () => {
    const fit = coxPH(data);
    const b = fit.coef[0]!;
    const se = fit.se[0]!;
    // d/db loglik = sum over deaths (x_i - sum_R x e^{bx} / sum_R e^{bx}) = 0 at the estimate
    const riskSets = [[1, 0, 1, 0, 1, 0], [0, 1, 0, 1, 0], [1, 0, 1, 0], [0, 1, 0], [1, 0]];
    const deadX = [1, 0, 1, 0, 1];
    let score = 0;
    let info = 0;
    riskSets.forEach((xs, j) => {
      const w = xs.map((x) => Math.exp(b * x));
      const s0 = w.reduce((s, v) => s + v, 0);
      const s1 = xs.reduce((s, x, k) => s + x * w[k], 0);
      score += deadX[j] - s1 / s0;
      info += s1 / s0 - (s1 / s0) ** 2; // x is 0/1, so sum x^2 w = s1
    });
    expect(Math.abs(score)).toBeLessThan(1e-9);
    expectClose(se, 1 / Math.sqrt(info), 1e-9);
    const zq = normalQuantile(0.975);
    expectClose(fit.hr[0], Math.exp(b), 1e-14);
    expectClose(fit.hrLower[0], Math.exp(b - zq * se), 1e-14);
    expectClose(fit.hrUpper[0], Math.exp(b + zq * se), 1e-14);
    expectClose(fit.z[0], b / se, 1e-14);
    expectClose(fit.p[0], chiSquareUpperTail((b / se) ** 2, 1), 1e-12);
    expectClose(fit.waldChisq, (b / se) ** 2, 1e-10);
    expectClose(fit.lrChisq, 2 * (fit.loglik[1] - fit.loglik[0]), 1e-14);
    const f90 = coxPH({ ...data, level: 0.9 });
    expectClose(f90.hrLower[0], Math.exp(b - normalQuantile(0.95) * se), 1e-14);
  });

  it('treats one tie by Breslow and Efron as written out', () => {
    // time 1, 1, 2, 3 (all deaths), x = 1, 0, 1, 0.
    // Breslow at beta = 0: t=1 gives -2 log 4, t=2 -log 2, t=3 -log 1 -> -5 log 2.
    // Efron: t=1 gives -log 4 - log(2 + 2/2) = -log 4 - log 3 -> -log 24 in total.
    // Score U = deaths' x (2) - sum D * mean x (2 * 1/2 + 1/2 + 0) = 1/2; information 3/4 for both
    // methods here, so the score test is 1/3.
    const d = { time: [1, 1, 2, 3], event: [1, 1, 1, 1], covariates: [[1, 0, 1, 0]] };
    const b = coxPH(d);
    const e = coxPH({ ...d, ties: 'efron' });
    expectClose(b.loglik[0], -5 * Math.log(2), 1e-14);
    expectClose(e.loglik[0], -Math.log(24), 1e-14);
    expectClose(b.scoreChisq, 1 / 3, 1e-12);
    expectClose(e.scoreChisq, 1 / 3, 1e-12);
  });
});

describe('coxPH properties', () => {
  const sim = simulate(400, 99, 3);

  it('does not depend on centring or scaling of the covariates', () => {
    const a = coxPH({ time: sim.time, event: sim.event, covariates: [sim.arm, sim.age], strata: sim.strata });
    const shifted = sim.age.map((x) => 1000 + 3 * x);
    const armShift = sim.arm.map((x) => 2 * x - 5); // no longer 0/1: centred and scaled internally
    const b = coxPH({ time: sim.time, event: sim.event, covariates: [armShift, shifted], strata: sim.strata });
    expectClose(b.coef[0]! * 2, a.coef[0], 1e-9);
    expectClose(b.coef[1]! * 3, a.coef[1], 1e-9);
    expectClose(b.se[1]! * 3, a.se[1], 1e-9);
    expectClose(b.z[0], a.z[0], 1e-9);
    expectClose(b.p[1], a.p[1], 1e-9);
    for (const k of ['waldChisq', 'scoreChisq', 'lrChisq'] as const) expectClose(b[k], a[k], 1e-9);
    expectClose(b.loglik[1], a.loglik[1], 1e-12);
  });

  it('is invariant to the order of the rows', () => {
    const u = rng(5);
    const perm = sim.time.map((_, i) => i).sort(() => u() - 0.5);
    const pick = <T,>(v: T[]) => perm.map((i) => v[i]);
    const a = coxPH({ time: sim.time, event: sim.event, covariates: [sim.arm], strata: sim.strata, ties: 'efron' });
    const b = coxPH({ time: pick(sim.time), event: pick(sim.event), covariates: [pick(sim.arm)], strata: pick(sim.strata), ties: 'efron' });
    expectClose(b.coef[0], a.coef[0], 1e-10);
    expectClose(b.se[0], a.se[0], 1e-10);
  });

  it('lets a stratum holding one arm only add nothing but a constant to the log-likelihood', () => {
    const strata = sim.strata.slice();
    const arm = sim.arm.map((a, i) => (strata[i] === 2 ? 0 : a)); // stratum 2: arm 0 only
    const all = coxPH({ time: sim.time, event: sim.event, covariates: [arm], strata });
    const keep = strata.map((s, i) => (s === 2 ? -1 : i)).filter((i) => i >= 0);
    const sub = coxPH({
      time: keep.map((i) => sim.time[i]),
      event: keep.map((i) => sim.event[i]),
      covariates: [keep.map((i) => arm[i])],
      strata: keep.map((i) => strata[i]),
    });
    expectClose(all.coef[0], sub.coef[0], 1e-10);
    expectClose(all.se[0], sub.se[0], 1e-10);
    expectClose(all.scoreChisq, sub.scoreChisq, 1e-10);
    expectClose(all.lrChisq, sub.lrChisq, 1e-8);
    expect(all.n).toBe(sim.time.length);
  });

  it('equals the stratified log-rank in its Breslow score test when no times are tied', () => {
    const u = rng(17);
    const n = 300;
    const time = Array.from({ length: n }, (_, i) => i + 1).sort(() => u() - 0.5);
    const event = time.map(() => (u() < 0.7 ? 1 : 0));
    const arm = time.map(() => (u() < 0.5 ? 1 : 0));
    const strata = time.map(() => Math.floor(u() * 3));
    const lr = logRank({ time, event, group: arm, strata });
    const cox = coxPH({ time, event, covariates: [arm], strata });
    expectClose(cox.scoreChisq, lr.chisq, 1e-12);
    expectClose(cox.scoreP, lr.p, 1e-12);
  });
});

describe('coxPH edge cases', () => {
  it('returns null estimates with a reason when there are no events, without throwing', () => {
    const fit = coxPH({ time: [1, 2, 3], event: [0, 0, 0], covariates: [[0, 1, 0]] });
    expect(fit).toMatchObject({
      coef: [null], se: [null], hr: [null], hrLower: [null], hrUpper: [null], z: [null], p: [null],
      loglik: [0, 0], waldChisq: null, scoreChisq: null, lrChisq: null, lrP: null, df: 0, events: 0, iterations: 0,
    });
    expect(fit.reason).toMatch(/no events/);
  });

  it('flags a monotone likelihood (no events in one arm) and stops like R', () => {
    const time = [2, 3, 5, 7, 8, 11, 13, 4, 6, 9, 10, 12, 14, 15];
    const event = [1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    const arm = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1];
    for (const ties of ['breslow', 'efron'] as const) {
      const fit = coxPH({ time, event, covariates: [arm], ties });
      expect(fit.possiblyInfinite).toEqual([true]);
      expect(fit.converged).toBe(true);
      expect(fit.iterations).toBeLessThanOrEqual(20);
      expect(fit.coef[0]!).toBeLessThan(-10);
      expect(fit.reason).toMatch(/monotone likelihood/);
      expect(fit.warnings.length).toBe(1);
      // The likelihood-ratio and score tests stay finite and meaningful.
      expect(fit.lrChisq!).toBeGreaterThan(0);
      expect(Number.isFinite(fit.scoreChisq!)).toBe(true);
    }
  });

  it('stops after maxIter when the likelihood keeps rising and says it did not converge', () => {
    // loglik(b) = b - log(1 + e^b): rises to 0 as b -> infinity, relative change never below eps.
    const fit = coxPH({ time: [1, 2], event: [1, 1], covariates: [[1, 0]] });
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(20);
    expect(fit.reason).toMatch(/did not converge/);
    expect(fit.coef[0]!).toBeGreaterThan(10);
  });

  it('gives a null coefficient for a covariate with no information (collinear), like R NA', () => {
    const sim = simulate(200, 3);
    const fit = coxPH({ time: sim.time, event: sim.event, covariates: [sim.arm, sim.arm.map((a) => 2 * a + 1)] });
    const one = coxPH({ time: sim.time, event: sim.event, covariates: [sim.arm] });
    expect(fit.coef[1]).toBeNull();
    expect(fit.se[1]).toBeNull();
    expect(fit.df).toBe(1);
    expect(fit.reason).toMatch(/covariate\(s\) 1 not estimable/);
    expectClose(fit.coef[0], one.coef[0], 1e-9);
    expectClose(fit.waldChisq, one.waldChisq, 1e-9);
    expectClose(fit.scoreChisq, one.scoreChisq, 1e-9);
  });

  it('ignores strata with no events and single-subject strata', () => {
    const fit = coxPH({
      time: [4, 2, 6, 7, 7, 9, 1, 2],
      event: [1, 0, 1, 0, 1, 1, 0, 0],
      covariates: [[1, 0, 1, 1, 0, 0, 1, 0]],
      strata: [0, 1, 1, 1, 1, 1, 2, 2],
    });
    const only1 = coxPH({ time: [2, 6, 7, 7, 9], event: [0, 1, 0, 1, 1], covariates: [[0, 1, 1, 0, 0]] });
    expectClose(fit.coef[0], only1.coef[0], 1e-12);
    expectClose(fit.loglik[1], only1.loglik[1], 1e-12);
  });

  it('rejects invalid input with RangeError', () => {
    const ok = { time: [1, 2, 3], event: [1, 0, 1], covariates: [[0, 1, 0]] };
    expect(() => coxPH({ ...ok, covariates: [] })).toThrow(RangeError);
    expect(() => coxPH({ ...ok, covariates: [[0, 1]] })).toThrow(RangeError);
    expect(() => coxPH({ ...ok, covariates: [[0, Number.NaN, 1]] })).toThrow(RangeError);
    expect(() => coxPH({ ...ok, event: [1, 0] })).toThrow(RangeError);
    expect(() => coxPH({ ...ok, event: [1, 0, -1] })).toThrow(RangeError);
    expect(() => coxPH({ ...ok, time: [1, Infinity, 3] })).toThrow(RangeError);
    expect(() => coxPH({ ...ok, strata: [0, 1] })).toThrow(RangeError);
    expect(() => coxPH({ ...ok, strata: [0, 1, 1.5] })).toThrow(RangeError);
    expect(() => coxPH({ ...ok, level: 1 })).toThrow(RangeError);
    expect(() => coxPH({ ...ok, ties: 'exact' as 'efron' })).toThrow(RangeError);
    expect(() => coxPH({ ...ok, maxIter: -1 })).toThrow(RangeError);
  });
});
