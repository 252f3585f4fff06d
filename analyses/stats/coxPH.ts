import { maxCode, sortByStratumTime, type StratumTimeOrder } from './survivalOrder.js';
import { chiSquareUpperTail, normalQuantile, normalTwoSidedP } from './distributions.js';

export type CoxTies = 'breslow' | 'efron';

export interface CoxPHInput {
  /** follow-up time (any finite number) */
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored */
  event: ArrayLike<number>;
  /** p covariate columns, each of length n */
  covariates: ArrayLike<number>[];
  /** optional stratum code 0..s-1: separate baseline hazard per stratum */
  strata?: ArrayLike<number>;
  /** tie handling; default 'breslow' (SAS PHREG default; R's default is 'efron') */
  ties?: CoxTies;
  /** confidence level of the Wald hazard-ratio interval; default 0.95 */
  level?: number;
  /** convergence: |1 - loglik_previous / loglik_new| <= eps (R coxph.control eps); default 1e-9 */
  eps?: number;
  /** maximum Newton-Raphson iterations (R iter.max); default 20 */
  maxIter?: number;
  /** Cholesky singularity tolerance (R toler.chol); default epsilon^0.75 */
  tolerChol?: number;
  /** relative size of the remaining Newton step that flags an infinite coefficient (R toler.inf); default sqrt(eps) */
  tolerInf?: number;
  /** merge times closer than sqrt(epsilon), as R's `aeqSurv` (coxph.control timefix); default true */
  timefix?: boolean;
  /**
   * sortByStratumTime(time, strata, timefix) of these observations when the caller has it (one
   * sort shared by the log-rank test and the Cox model of an endpoint); computed here otherwise
   */
  sorted?: StratumTimeOrder;
}

export interface CoxPHResult {
  ties: CoxTies;
  level: number;
  /** observations used */
  n: number;
  events: number;
  /** log hazard ratios; null when not estimable (no events, or a covariate with no information left) */
  coef: (number | null)[];
  se: (number | null)[];
  hr: (number | null)[];
  hrLower: (number | null)[];
  hrUpper: (number | null)[];
  /** Wald z = coef / se */
  z: (number | null)[];
  /** two-sided Wald p-value per coefficient */
  p: (number | null)[];
  /** partial log-likelihood at beta = 0 and at the estimate ([0, 0] with no events, as R) */
  loglik: [number, number];
  waldChisq: number | null;
  waldP: number | null;
  scoreChisq: number | null;
  scoreP: number | null;
  lrChisq: number | null;
  lrP: number | null;
  /** number of estimable coefficients: degrees of freedom of the three global tests */
  df: number;
  /** Newton-Raphson iterations (R `fit$iter`) */
  iterations: number;
  converged: boolean;
  /**
   * Per coefficient: the likelihood was still rising along it when the log-likelihood converged
   * (monotone likelihood: the MLE is +-Infinity). Same rule as R's "Loglik converged before
   * variable ...; coefficient may be infinite" warning.
   */
  possiblyInfinite: boolean[];
  /** why coefficients are null or unreliable; null when the fit is regular */
  reason: string | null;
  warnings: string[];
}

/**
 * Cox proportional hazards regression (Cox, JRSS B 1972;34:187-220) by maximum partial likelihood,
 * with Breslow (Biometrics 1974;30:89-99) or Efron (JASA 1977;72:557-565) handling of tied event
 * times and optional strata (separate baseline hazards, one partial likelihood summed over strata).
 *
 * Fitting follows R survival's `coxph` (survival 3.5, `coxfit6`) step for step, so results agree
 * to rounding: covariates other than those taking only the values -1, 0, 1 are centred and scaled by
 * their mean absolute deviation (the partial likelihood and Newton iterates do not depend on this);
 * Newton-Raphson from beta = 0, the first step always taken; a step that lowers the log-likelihood
 * is pulled back towards the last accepted beta (beta + (new - beta) / (h + 1) at the h-th
 * consecutive failure); stop when |1 - loglik_best / loglik_new| <= eps (1e-9), the estimate and
 * information being those of the last evaluated beta. After 20 iterations without that, the last
 * accepted beta is returned with `converged: false` (R warns "Ran out of iterations"). Singular information
 * (Cholesky pivot < toler.chol x largest diagonal) makes the coefficient null (R: NA).
 * Wald CI exp(coef -+ z_{(1+level)/2} se); per-coefficient p = 2 Phi(-|z|); global Wald test
 * coef' V^-1 coef, score test at beta = 0, likelihood-ratio test 2 (loglik1 - loglik0), each
 * chi-square on `df` = number of estimable coefficients (R `summary(fit)` waldtest, sctest, logtest;
 * R prints the Wald statistic rounded to 2 decimals, here it is unrounded).
 *
 * Matches R `coxph(Surv(time, event) ~ x1 + ... + strata(s), ties = ...)` and SAS
 * `PROC PHREG; MODEL time*event(0) = x1 ... / TIES = BRESLOW | EFRON RISKLIMITS; STRATA s`.
 *
 * Edge cases: no events returns null estimates and tests with `reason` (R returns NA coefficients);
 * strata holding one arm only simply contribute no information on that arm's coefficient.
 * Monotone likelihood (e.g. no events in one arm): like R, the fit stops when the log-likelihood
 * converges, returning R's large finite coefficient and huge standard error; `possiblyInfinite`
 * flags it (R's warning rule) and `reason` says so. Such a coefficient, its HR, CI, z and p are
 * not interpretable; the likelihood-ratio and score tests remain valid.
 * Non-finite results (e.g. the upper HR limit of such a coefficient overflowing) are null. Inputs must
 * be complete (R drops rows with NA; here NaN throws a RangeError: the validate stage removes them).
 * Cost: one sort by (stratum, time) (radix on the time bits, then a stable pass by stratum: O(n)),
 * then O(n p^2) per iteration with risk-set sums accumulated from the latest time backwards.
 *
 * @example
 * coxPH({ time: [1, 2, 3, 4, 5, 6], event: [1, 1, 1, 1, 1, 0], covariates: [[1, 0, 1, 0, 1, 0]] })
 * // { ties: 'breslow', n: 6, events: 5, coef: [0.6320516961543721], se: [0.9219821041340991],
 * //   hr: [1.8814668202338884], hrLower: [0.30881897278933734], hrUpper: [11.46275879252987],
 * //   z: [0.6855357531564868], p: [0.4930059073712071], loglik: [-6.579251212010101, -6.3381727070312195],
 * //   waldChisq: 0.4699592688558316, scoreChisq: 0.48487626031164066, lrChisq: 0.48215700995776345,
 * //   df: 1, iterations: 3, converged: true, possiblyInfinite: [false], reason: null, ... }
 * // R: coef 0.63205169615437207, score 0.48487626031164066 (= the log-rank chi-square: no ties)
 */
export function coxPH(input: CoxPHInput): CoxPHResult {
  const { time, event, covariates, strata } = input;
  const ties: CoxTies = input.ties ?? 'breslow';
  const level = input.level ?? 0.95;
  const eps = input.eps ?? 1e-9;
  const maxIter = input.maxIter ?? 20;
  const tolerChol = input.tolerChol ?? Math.pow(2.220446049250313e-16, 0.75);
  const tolerInf = input.tolerInf ?? Math.sqrt(eps);
  const n = time.length;
  const p = covariates.length;

  if (ties !== 'breslow' && ties !== 'efron') throw new RangeError(`coxPH: ties must be 'breslow' or 'efron', got ${String(ties)}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`coxPH: confidence level must be in (0, 1), got ${level}`);
  if (!(eps > 0)) throw new RangeError(`coxPH: eps must be > 0, got ${eps}`);
  if (!Number.isInteger(maxIter) || maxIter < 0) throw new RangeError(`coxPH: maxIter must be an integer >= 0, got ${maxIter}`);
  if (p < 1) throw new RangeError('coxPH needs at least one covariate column');
  if (event.length !== n || (strata !== undefined && strata.length !== n)) {
    throw new RangeError(`coxPH: time, event${strata ? ', strata' : ''} must have equal length, got ${n}, ${event.length}` + (strata ? `, ${strata.length}` : ''));
  }
  const events = countEvents(time, event);
  covariates.forEach(checkCovariate(n));

  const nulls = (): (number | null)[] => new Array<number | null>(p).fill(null);
  if (events === 0) {
    return {
      ties, level, n, events,
      coef: nulls(), se: nulls(), hr: nulls(), hrLower: nulls(), hrUpper: nulls(), z: nulls(), p: nulls(),
      loglik: [0, 0],
      waldChisq: null, waldP: null, scoreChisq: null, scoreP: null, lrChisq: null, lrP: null,
      df: 0, iterations: 0, converged: false,
      possiblyInfinite: new Array<boolean>(p).fill(false),
      reason: 'no events: the coefficients are not estimable',
      warnings: [],
    };
  }

  // ---- sort once, centre and scale (R coxfit6 with nocenter = c(-1, 0, 1)) ----
  const { order, sortedTime, stratumStart } = input.sorted ?? sortByStratumTime(time, strata, input.timefix ?? true);
  const status = inOrder(event, order);
  const lastInStratum = new Uint8Array(n);
  for (let s = 1; s < stratumStart.length; s++) if (stratumStart[s] > stratumStart[s - 1]) lastInStratum[stratumStart[s] - 1] = 1;
  const x = new Float64Array(n * p); // row-major, sorted order
  const scale = new Float64Array(p);
  for (let j = 0; j < p; j++) scale[j] = centreAndScale(covariates[j], order, x, j, p);

  const pattern = covariatePatterns(x, n, p);
  const nPatterns = pattern === null ? 0 : 3 ** p;
  const zOf = new Float64Array(nPatterns);
  const riskOf = new Float64Array(nPatterns);

  // ---- one pass over the data: loglik, score u and information imat at beta ----
  const u = new Float64Array(p);
  const imat = new Float64Array(p * p);
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const cmat = new Float64Array(p * p);
  const cmat2 = new Float64Array(p * p);
  const efron = ties === 'efron';
  const evaluate = (beta: Float64Array): number => {
    // exp(x'beta) once per covariate pattern, summed in the same order as per row: the same numbers
    for (let q = 0; q < nPatterns; q++) {
      let zbeta = 0;
      for (let i = 0, r = q; i < p; i++, r = (r - (r % 3)) / 3) zbeta += beta[i] * ((r % 3) - 1);
      zOf[q] = zbeta;
      riskOf[q] = Math.exp(zbeta);
    }
    let loglik = 0;
    u.fill(0);
    imat.fill(0);
    a2.fill(0);
    cmat2.fill(0);
    let denom = 0;
    let person = n - 1;
    while (person >= 0) {
      if (lastInStratum[person] === 1) {
        denom = 0;
        a.fill(0);
        cmat.fill(0);
      }
      const dtime = sortedTime[person];
      let ndead = 0;
      let denom2 = 0;
      while (person >= 0 && sortedTime[person] === dtime) {
        const off = person * p;
        let zbeta = 0;
        let risk: number;
        if (pattern !== null) {
          zbeta = zOf[pattern[person]];
          risk = riskOf[pattern[person]];
        } else {
          for (let i = 0; i < p; i++) zbeta += beta[i] * x[off + i];
          risk = Math.exp(zbeta);
        }
        if (p === 1) {
          // one covariate (two arms): the loops below with i = j = 0, unrolled
          const xv = x[person];
          const rx = risk * xv;
          if (status[person] === 0) {
            denom += risk;
            a[0] += rx;
            cmat[0] += rx * xv;
          } else {
            ndead++;
            denom2 += risk;
            loglik += zbeta;
            u[0] += xv;
            a2[0] += rx;
            cmat2[0] += rx * xv;
          }
        } else if (status[person] === 0) {
          denom += risk;
          for (let i = 0; i < p; i++) {
            const rx = risk * x[off + i];
            a[i] += rx;
            for (let j = 0; j <= i; j++) cmat[i * p + j] += rx * x[off + j];
          }
        } else {
          ndead++;
          denom2 += risk;
          loglik += zbeta;
          for (let i = 0; i < p; i++) {
            const rx = risk * x[off + i];
            u[i] += x[off + i];
            a2[i] += rx;
            for (let j = 0; j <= i; j++) cmat2[i * p + j] += rx * x[off + j];
          }
        }
        person--;
        if (person >= 0 && lastInStratum[person] === 1) break; // ties never cross strata
      }
      if (ndead === 0) continue;
      if (!efron || ndead === 1) {
        denom += denom2;
        loglik -= ndead * Math.log(denom);
        for (let i = 0; i < p; i++) {
          a[i] += a2[i];
          const mean = a[i] / denom;
          u[i] -= ndead * mean;
          for (let j = 0; j <= i; j++) {
            cmat[i * p + j] += cmat2[i * p + j];
            imat[j * p + i] += (ndead * (cmat[i * p + j] - mean * a[j])) / denom;
          }
        }
      } else {
        // Efron: the d tied deaths leave the risk set a fraction 1/d at a time.
        for (let r = 0; r < ndead; r++) {
          denom += denom2 / ndead;
          loglik -= Math.log(denom);
          for (let i = 0; i < p; i++) {
            a[i] += a2[i] / ndead;
            const mean = a[i] / denom;
            u[i] -= mean;
            for (let j = 0; j <= i; j++) {
              cmat[i * p + j] += cmat2[i * p + j] / ndead;
              imat[j * p + i] += (cmat[i * p + j] - mean * a[j]) / denom;
            }
          }
        }
      }
      a2.fill(0);
      cmat2.fill(0);
    }
    for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[i * p + j] = imat[j * p + i];
    return loglik;
  };

  // ---- Newton-Raphson (R coxfit6) ----
  const beta = new Float64Array(p);
  const newbeta = new Float64Array(p);
  const loglik0 = evaluate(beta);
  let best = loglik0;
  const step = Float64Array.from(u);
  const fac0 = ldl(imat, p, tolerChol);
  ldlSolve(fac0.m, p, step);
  let scoreChisq = 0;
  for (let i = 0; i < p; i++) scoreChisq += u[i] * step[i];

  let iterations = 0;
  let converged = false;
  let rank = fac0.rank;
  let finalLoglik = loglik0;
  let factor = fac0.m;
  if (maxIter === 0 || !Number.isFinite(loglik0)) {
    converged = maxIter === 0;
  } else {
    for (let i = 0; i < p; i++) newbeta[i] = beta[i] + step[i];
    let halving = 0;
    for (iterations = 1; iterations <= maxIter; iterations++) {
      const newlk = evaluate(newbeta);
      const fac = ldl(imat, p, tolerChol);
      rank = fac.rank;
      factor = fac.m;
      let finite = Number.isFinite(newlk);
      for (let i = 0; i < p && finite; i++) if (!Number.isFinite(u[i])) finite = false;
      for (let i = 0; i < p * p && finite; i++) if (!Number.isFinite(imat[i])) finite = false;
      if (finite && Math.abs(1 - best / newlk) <= eps) {
        finalLoglik = newlk;
        beta.set(newbeta);
        converged = true;
        break;
      }
      if (iterations === maxIter) break;
      if (!finite || newlk < best) {
        halving++;
        for (let i = 0; i < p; i++) newbeta[i] = (newbeta[i] + halving * beta[i]) / (halving + 1);
      } else {
        halving = 0;
        best = newlk;
        const s = Float64Array.from(u);
        ldlSolve(fac.m, p, s);
        for (let i = 0; i < p; i++) {
          beta[i] = newbeta[i];
          newbeta[i] += s[i];
        }
      }
    }
    if (!converged) {
      // Out of iterations: report the last accepted beta, as R does.
      iterations = Math.min(iterations, maxIter);
      if (maxIter > 1) {
        finalLoglik = evaluate(beta);
        const fac = ldl(imat, p, tolerChol);
        rank = fac.rank;
        factor = fac.m;
      } else {
        finalLoglik = best;
      }
    }
  }

  // ---- back to the original scale ----
  const inv = ldlInverse(factor, p);
  const coefAll = new Float64Array(p);
  const v = new Float64Array(p * p);
  const uOrig = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    coefAll[i] = beta[i] * scale[i];
    uOrig[i] = u[i] / scale[i];
    for (let j = 0; j < p; j++) v[i * p + j] = inv[i * p + j] * scale[i] * scale[j];
  }
  const singular: boolean[] = [];
  for (let i = 0; i < p; i++) singular.push(rank < p && v[i * p + i] === 0);
  const possiblyInfinite: boolean[] = [];
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < p; i++) s += uOrig[i] * v[i * p + j];
    const inf = Math.abs(s);
    possiblyInfinite.push(
      converged && maxIter > 1 && !singular[j] && (!Number.isFinite(uOrig[j]) || (inf > eps && inf > tolerInf * Math.abs(coefAll[j]))),
    );
  }

  const zq = normalQuantile((1 + level) / 2);
  const coef = nulls(), se = nulls(), hr = nulls(), hrLower = nulls(), hrUpper = nulls(), z = nulls(), pv = nulls();
  const est: number[] = [];
  for (let i = 0; i < p; i++) {
    if (singular[i]) continue;
    est.push(i);
    const b = coefAll[i];
    const sd = Math.sqrt(v[i * p + i]);
    coef[i] = finiteOrNull(b);
    se[i] = finiteOrNull(sd);
    hr[i] = finiteOrNull(Math.exp(b));
    hrLower[i] = finiteOrNull(Math.exp(b - zq * sd));
    hrUpper[i] = finiteOrNull(Math.exp(b + zq * sd));
    z[i] = finiteOrNull(b / sd);
    pv[i] = z[i] === null ? null : normalTwoSidedP(b / sd);
  }
  const df = est.length;

  // Wald test over the estimable coefficients: coef' V^-1 coef (R coxph.wtest).
  let waldChisq: number | null = null;
  if (df > 0) {
    const sub = new Float64Array(df * df);
    const rhs = new Float64Array(df);
    for (let r = 0; r < df; r++) {
      rhs[r] = coefAll[est[r]];
      for (let c = 0; c < df; c++) sub[r * df + c] = v[est[r] * p + est[c]];
    }
    const fac = ldl(sub, df, tolerChol);
    const sol = Float64Array.from(rhs);
    ldlSolve(fac.m, df, sol);
    let w = 0;
    for (let r = 0; r < df; r++) w += rhs[r] * sol[r];
    waldChisq = finiteOrNull(w);
  }
  const lrChisq = finiteOrNull(2 * (finalLoglik - loglik0));
  const chiP = (q: number | null): number | null => (q === null || df === 0 ? null : chiSquareUpperTail(q, df));

  const warnings: string[] = [];
  const reasons: string[] = [];
  if (!converged && maxIter > 0) warnings.push(`did not converge in ${maxIter} iterations`);
  const sing = singular.flatMap((s, i) => (s ? [i] : []));
  if (sing.length) reasons.push(`covariate(s) ${sing.join(', ')} not estimable: no information left (collinear or constant within strata)`);
  const infs = possiblyInfinite.flatMap((s, i) => (s ? [i] : []));
  if (infs.length) {
    const msg = `log-likelihood converged before covariate(s) ${infs.join(', ')}: monotone likelihood, coefficient may be infinite`;
    warnings.push(msg);
    reasons.push(msg);
  }
  if (!converged && maxIter > 0) reasons.push(`did not converge in ${maxIter} iterations`);

  return {
    ties, level, n, events,
    coef, se, hr, hrLower, hrUpper, z, p: pv,
    loglik: [loglik0, finalLoglik],
    waldChisq,
    waldP: chiP(waldChisq),
    scoreChisq: df === 0 ? null : finiteOrNull(scoreChisq),
    scoreP: df === 0 ? null : chiP(finiteOrNull(scoreChisq)),
    lrChisq: df === 0 ? null : lrChisq,
    lrP: df === 0 ? null : chiP(lrChisq),
    df,
    iterations,
    converged,
    possiblyInfinite,
    reason: reasons.length ? reasons.join('; ') : null,
    warnings,
  };
}

// The passes over the observations are small functions of their own: each is compiled once and
// stays optimised across the endpoints of a run, where one long function would run every later loop
// in unoptimised code again after the first loop's end (V8 on-stack replacement).

/** Checks times and events; returns the number of events. */
function countEvents(time: ArrayLike<number>, event: ArrayLike<number>): number {
  let events = 0;
  for (let i = 0; i < time.length; i++) {
    if (!Number.isFinite(time[i])) throw new RangeError(`coxPH: time[${i}] must be finite, got ${time[i]}`);
    const e = event[i];
    if (e !== 0 && e !== 1) throw new RangeError(`coxPH: event[${i}] must be 0 or 1, got ${e}`);
    events += e;
  }
  return events;
}

function checkCovariate(n: number): (col: ArrayLike<number>, j: number) => void {
  return (col, j) => {
    if (col.length !== n) throw new RangeError(`coxPH: covariate ${j} has length ${col.length}, expected ${n}`);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(col[i])) throw new RangeError(`coxPH: covariate ${j} [${i}] must be finite, got ${col[i]}`);
    }
  };
}

/** The events in sorted order. */
function inOrder(event: ArrayLike<number>, order: Uint32Array): Uint8Array {
  const out = new Uint8Array(order.length);
  for (let k = 0; k < order.length; k++) out[k] = event[order[k]];
  return out;
}

/**
 * Column j of x (row-major, p columns, sorted order) from `col`: as is when it takes only the values
 * -1, 0, 1, else centred on its mean and scaled by its mean absolute deviation (R coxfit6 with
 * nocenter = c(-1, 0, 1)). Returns the scale.
 */
function centreAndScale(col: ArrayLike<number>, order: Uint32Array, x: Float64Array, j: number, p: number): number {
  const n = order.length;
  let ternary = true;
  for (let i = 0; i < n && ternary; i++) {
    const v = col[i];
    if (v !== 0 && v !== 1 && v !== -1) ternary = false;
  }
  for (let k = 0; k < n; k++) x[k * p + j] = col[order[k]];
  if (ternary) return 1;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += x[k * p + j];
  const mean = sum / n;
  let sumAbs = 0;
  for (let k = 0; k < n; k++) {
    const v = x[k * p + j] - mean;
    x[k * p + j] = v;
    sumAbs += Math.abs(v);
  }
  const sc = sumAbs > 0 ? n / sumAbs : 1;
  for (let k = 0; k < n; k++) x[k * p + j] *= sc;
  return sc;
}

/** Covariate patterns are used up to this many covariates (3^5 = 243 patterns). */
const MAX_PATTERN_COVARIATES = 5;

/**
 * When every (centred and scaled) covariate takes only the values -1, 0, 1 (group indicators), the
 * pattern of each sorted row as a base-3 number (digit x + 1 per covariate, the first covariate
 * lowest), so that exp(x'beta) is computed once per pattern and Newton iteration instead of once per
 * row; null otherwise.
 */
function covariatePatterns(x: Float64Array, n: number, p: number): Uint8Array | null {
  if (p > MAX_PATTERN_COVARIATES) return null;
  const pattern = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    let q = 0;
    for (let j = p - 1; j >= 0; j--) {
      const v = x[k * p + j];
      if (v !== 0 && v !== 1 && v !== -1) return null;
      q = q * 3 + v + 1;
    }
    pattern[k] = q;
  }
  return pattern;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * In-place-free LDL' factorisation of a symmetric p x p matrix (row-major, full) with R's
 * `cholesky2` singularity rule: a pivot that is not finite or below tol x (largest positive
 * diagonal) is set to 0 and its column of L to 0. Returns L (unit lower, below the diagonal) and D
 * (on the diagonal) in one matrix, and the rank.
 */
function ldl(mat: Float64Array, p: number, tol: number): { m: Float64Array; rank: number } {
  const m = Float64Array.from(mat);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) if (m[i * p + i] > maxDiag) maxDiag = m[i * p + i];
  const eps = maxDiag === 0 ? tol : maxDiag * tol;
  let rank = 0;
  for (let i = 0; i < p; i++) {
    const pivot = m[i * p + i];
    if (!Number.isFinite(pivot) || pivot < eps) {
      m[i * p + i] = 0;
      for (let j = i + 1; j < p; j++) m[j * p + i] = 0;
      continue;
    }
    rank++;
    for (let j = i + 1; j < p; j++) {
      const f = m[j * p + i] / pivot;
      m[j * p + i] = f;
      m[j * p + j] -= f * f * pivot;
      for (let k = j + 1; k < p; k++) m[k * p + j] -= f * m[k * p + i];
    }
  }
  return { m, rank };
}

/** Solves (L D L') x = y in place; components on a zero pivot are set to 0. */
function ldlSolve(m: Float64Array, p: number, y: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let t = y[i];
    for (let j = 0; j < i; j++) t -= y[j] * m[i * p + j];
    y[i] = t;
  }
  for (let i = p - 1; i >= 0; i--) {
    const d = m[i * p + i];
    if (d === 0) {
      y[i] = 0;
      continue;
    }
    let t = y[i] / d;
    for (let j = i + 1; j < p; j++) t -= y[j] * m[j * p + i];
    y[i] = t;
  }
}

/** Generalised inverse (L D L')^- with rows and columns of zero pivots set to 0. */
function ldlInverse(m: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    if (m[c * p + c] === 0) continue;
    e.fill(0);
    e[c] = 1;
    ldlSolve(m, p, e);
    for (let r = 0; r < p; r++) out[r * p + c] = m[r * p + r] === 0 ? 0 : e[r];
  }
  // symmetrise against rounding
  for (let r = 0; r < p; r++) {
    for (let c = 0; c < r; c++) {
      const s = (out[r * p + c] + out[c * p + r]) / 2;
      out[r * p + c] = s;
      out[c * p + r] = s;
    }
  }
  return out;
}
