import { normalQuantile } from './distributions.js';
import { nearlyEqualTimes } from './survivalOrder.js';

/** Pointwise confidence-interval transformation of S(t) (R `survfit(conf.type =)`, SAS `CONFTYPE=`). */
export type KmConfType = 'log-log' | 'log' | 'plain';

export interface KaplanMeierOptions {
  /** Transformation for the pointwise CI; default 'log-log' (SAS PROC LIFETEST default). */
  confType?: KmConfType;
  /** Two-sided confidence level in (0, 1); default 0.95. */
  level?: number;
  /**
   * Merge times that differ by a rounding error, like R's `survfit(timefix = TRUE)` (the default
   * there, `aeqSurv`): consecutive distinct times t[k-1] < t[k] are tied when t[k] - t[k-1] is
   * <= sqrt(machine epsilon) absolutely or relative to the mean of the distinct times, and a tied
   * run is reported at its smallest time. Default true; day numbers are never affected.
   */
  timefix?: boolean;
}

/**
 * Observations counted by distinct time: what a Kaplan-Meier curve is computed from. analyseSurvival
 * counts each group's observations by the rank of their time (one pass, no sort per group).
 */
export interface TimeCounts {
  /** distinct times, strictly ascending, finite and >= 0 */
  time: Float64Array;
  /** events at each time */
  nEvent: Int32Array;
  /** censorings at each time */
  nCensor: Int32Array;
}

/**
 * A Kaplan-Meier curve in columns, one row per distinct time (event or censoring), like the
 * components of R's `survfit` object.
 */
export interface KaplanMeierCurve {
  /** Number of observations. */
  n: number;
  /** Number of events. */
  events: number;
  confType: KmConfType;
  level: number;
  /** Distinct times, ascending. */
  time: Float64Array;
  /** Number with time >= time[k]. */
  nRisk: Int32Array;
  nEvent: Int32Array;
  nCensor: Int32Array;
  /** Product-limit estimate S(time[k]) (right-continuous). */
  surv: Float64Array;
  /**
   * R's `std.err`: the Greenwood standard error of log S (= of the cumulative hazard),
   * sqrt(sum d / (n (n - d))). Infinity once S = 0 (R: Inf). The standard error of S itself is
   * `surv[k] * stdErr[k]` (what `summary()` prints).
   */
  stdErr: Float64Array;
  /** Pointwise lower limit; null where R gives NA/NaN (see kaplanMeier). */
  lower: (number | null)[];
  /** Pointwise upper limit; null where R gives NA/NaN. */
  upper: (number | null)[];
}


/**
 * Kaplan-Meier (product-limit) estimate of the survival function with Greenwood standard errors
 * and pointwise confidence limits, equal to R `survfit(Surv(time, event) ~ 1, conf.type =, conf.int =)`
 * (survival 3.5) and SAS PROC LIFETEST (CONFTYPE=LOGLOG default).
 *
 * S(t) = prod_{t_k <= t} (1 - d_k / n_k) (Kaplan & Meier, JASA 1958;53:457-481); Var(log S) by
 * Greenwood (1926): sum d_k / (n_k (n_k - d_k)). With z = qnorm(1 - (1 - level) / 2) and se the
 * standard error of log S (Kalbfleisch & Prentice, The Statistical Analysis of Failure Time
 * Data, 2nd ed. 2002):
 * - plain:   S -/+ z se S, clipped to [0, 1];
 * - log:     exp(log S -/+ z se), upper clipped at 1;
 * - log-log: exp(-exp(log(-log S) -/+ z se / log S)) (Borgan & Liestol, Scand J Stat 1990;17:35-41).
 *
 * Edges, as R: where S = 0 (the last subjects at risk all have the event) stdErr is Infinity and
 * both limits are null for every type (R: NaN for plain, NA otherwise); where S = 1 (no event
 * yet, a censoring before the first event) log-log limits are null (R: NA) while plain and log
 * give [1, 1]. A subject censored at t is at risk at t (events precede censorings at the same
 * time). Times are merged like R's default `timefix = TRUE` (see options).
 *
 * Cost: O(n log n), a native sort of the event and of the censoring times (kaplanMeierCounts takes
 * observations already counted by time). 10^6 observations take about 0.15 s on day numbers (~3650 distinct
 * times) and 0.6 s when all 10^6 times are distinct (the sort and the exp/log of 10^6 pairs of
 * limits then dominate).
 *
 * @example
 * // survival::lung (time, status - 1), 228 patients, 165 deaths
 * const km = kaplanMeier(lung.time, lung.dead);
 * // km.time[0..1] = [5, 11], km.nRisk = [228, 227, ...], km.nEvent = [1, 3, ...]
 * // km.surv[0..1] = [0.9956140, 0.9824561], km.stdErr[0..1] = [0.004395615, 0.008849904]
 * // km.lower[0..1] = [0.9692770, 0.9539352], km.upper[0..1] = [0.9993810, 0.9933791]
 */
export function kaplanMeier(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  options: KaplanMeierOptions = {},
): KaplanMeierCurve {
  const opt = checkedOptions(options);
  const n = time.length;
  if (event.length !== n) {
    throw new RangeError(`time and event must have the same length, got ${n} and ${event.length}`);
  }
  if (n === 0) throw new RangeError('kaplanMeier needs at least one observation');

  // Validate; count the events.
  let events = 0;
  for (let i = 0; i < n; i++) {
    const e = event[i];
    if (e === 1) events++;
    else if (e !== 0) throw new RangeError(`event[${i}] must be 0 or 1, got ${String(e)}`);
    const t = time[i];
    if (!(Number.isFinite(t) && t >= 0)) {
      throw new RangeError(`time[${i}] must be a finite number >= 0, got ${String(t)}`);
    }
  }
  // Distinct times with event and censoring counts.
  const distinct = new Float64Array(n);
  const dEvent = new Int32Array(n);
  const dCensor = new Int32Array(n);
  const m = countByTime(time, event, events, distinct, dEvent, dCensor);
  return productLimit(distinct, dEvent, dCensor, m, n, events, opt);
}

/**
 * The Kaplan-Meier curve of observations already counted by distinct time: the same curve as
 * kaplanMeier of the observations (see there), without sorting them.
 *
 * @example
 * // the six subjects of kaplanMeier's tests: times 3, 5, 5, 8, 10, 12, events 1, 1, 0, 1, 0, 1
 * kaplanMeierCounts({ time: Float64Array.of(3, 5, 8, 10, 12), nEvent: Int32Array.of(1, 1, 1, 0, 1), nCensor: Int32Array.of(0, 1, 0, 1, 0) })
 */
export function kaplanMeierCounts(counts: TimeCounts, options: KaplanMeierOptions = {}): KaplanMeierCurve {
  const opt = checkedOptions(options);
  const m = counts.time.length;
  if (counts.nEvent.length !== m || counts.nCensor.length !== m) {
    throw new RangeError(`time, nEvent and nCensor must have the same length, got ${m}, ${counts.nEvent.length} and ${counts.nCensor.length}`);
  }
  let n = 0;
  let events = 0;
  for (let k = 0; k < m; k++) {
    const t = counts.time[k];
    if (!(Number.isFinite(t) && t >= 0) || (k > 0 && !(t > counts.time[k - 1]))) {
      throw new RangeError(`time[${k}] must be finite, >= 0 and above time[${k - 1}], got ${String(t)}`);
    }
    if (!(counts.nEvent[k] >= 0 && counts.nCensor[k] >= 0)) throw new RangeError(`counts at time[${k}] must be >= 0`);
    n += counts.nEvent[k] + counts.nCensor[k];
    events += counts.nEvent[k];
  }
  if (n === 0) throw new RangeError('kaplanMeier needs at least one observation');
  // times with no observation are left out, as kaplanMeier never sees them
  const distinct = new Float64Array(m);
  const dEvent = new Int32Array(m);
  const dCensor = new Int32Array(m);
  let w = 0;
  for (let k = 0; k < m; k++) {
    if (counts.nEvent[k] + counts.nCensor[k] === 0) continue;
    distinct[w] = counts.time[k] === 0 ? 0 : counts.time[k]; // -0 -> 0
    dEvent[w] = counts.nEvent[k];
    dCensor[w] = counts.nCensor[k];
    w++;
  }
  return productLimit(distinct, dEvent, dCensor, w, n, events, opt);
}

function checkedOptions(options: KaplanMeierOptions): { confType: KmConfType; level: number; timefix: boolean } {
  const confType = options.confType ?? 'log-log';
  const level = options.level ?? 0.95;
  const timefix = options.timefix ?? true;
  if (confType !== 'log-log' && confType !== 'log' && confType !== 'plain') {
    throw new RangeError(`confType must be 'log-log', 'log' or 'plain', got ${String(confType)}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  return { confType, level, timefix };
}

/**
 * The curve from the first m distinct times (ascending) with their event and censoring counts, n
 * observations and `events` events in all. The count arrays are folded in place by timefix.
 */
function productLimit(
  distinct: Float64Array,
  dEvent: Int32Array,
  dCensor: Int32Array,
  m: number,
  n: number,
  events: number,
  { confType, level, timefix }: { confType: KmConfType; level: number; timefix: boolean },
): KaplanMeierCurve {
  // timefix: fold runs of nearly equal times into the first time of the run.
  if (timefix && m > 1) {
    let sum = 0;
    for (let k = 0; k < m; k++) sum += distinct[k];
    const mean = sum / m;
    let w = 0;
    for (let k = 1; k < m; k++) {
      if (nearlyEqualTimes(distinct[k - 1], distinct[k], mean)) {
        dEvent[w] += dEvent[k];
        dCensor[w] += dCensor[k];
      } else {
        w++;
        distinct[w] = distinct[k];
        dEvent[w] = dEvent[k];
        dCensor[w] = dCensor[k];
      }
    }
    m = w + 1;
  }

  const z = normalQuantile(1 - (1 - level) / 2);
  const out: KaplanMeierCurve = {
    n,
    events,
    confType,
    level,
    time: distinct.slice(0, m),
    nRisk: new Int32Array(m),
    nEvent: dEvent.slice(0, m),
    nCensor: dCensor.slice(0, m),
    surv: new Float64Array(m),
    stdErr: new Float64Array(m),
    lower: new Array<number | null>(m),
    upper: new Array<number | null>(m),
  };
  let atRisk = n;
  let s = 1;
  let greenwood = 0;
  for (let k = 0; k < m; k++) {
    const d = out.nEvent[k];
    out.nRisk[k] = atRisk;
    if (d > 0) {
      s *= (atRisk - d) / atRisk;
      greenwood += d / (atRisk * (atRisk - d)); // Infinity when d = atRisk (S = 0)
    }
    const se = Math.sqrt(greenwood);
    out.surv[k] = s;
    out.stdErr[k] = se;
    const [lo, hi] = pointwiseLimits(s, se, confType, z);
    out.lower[k] = lo;
    out.upper[k] = hi;
    atRisk -= d + out.nCensor[k];
  }
  return out;
}

/**
 * Counts events and censorings per distinct time into distinct, dEvent and dCensor (ascending);
 * returns the number of distinct times. The event times and the censoring times are copied into
 * two typed arrays and sorted natively (no comparator; the order within a tie does not matter
 * because only the counts per distinct time are used), then merged in one linear pass.
 */
function countByTime(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  events: number,
  distinct: Float64Array,
  dEvent: Int32Array,
  dCensor: Int32Array,
): number {
  const n = time.length;
  const eventTimes = new Float64Array(events);
  const censorTimes = new Float64Array(n - events);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    const t = time[i] === 0 ? 0 : time[i]; // -0 -> 0
    if (event[i] === 1) eventTimes[a++] = t;
    else censorTimes[b++] = t;
  }
  eventTimes.sort();
  censorTimes.sort();
  let m = 0;
  let a = 0;
  let b = 0;
  const na = eventTimes.length;
  const nb = censorTimes.length;
  while (a < na || b < nb) {
    const t = b >= nb || (a < na && eventTimes[a] <= censorTimes[b]) ? eventTimes[a] : censorTimes[b];
    let d = 0;
    let c = 0;
    while (a < na && eventTimes[a] === t) { a++; d++; }
    while (b < nb && censorTimes[b] === t) { b++; c++; }
    distinct[m] = t;
    dEvent[m] = d;
    dCensor[m] = c;
    m++;
  }
  return m;
}

/** Pointwise limits of S from se = SE(log S), as R's survfit_confint with logse = TRUE. */
function pointwiseLimits(s: number, se: number, type: KmConfType, z: number): [number | null, number | null] {
  if (s === 0) return [null, null];
  if (type === 'plain') {
    const half = z * se * s;
    return [Math.max(s - half, 0), Math.min(s + half, 1)];
  }
  if (type === 'log') {
    const ls = Math.log(s);
    return [Math.exp(ls - z * se), Math.min(Math.exp(ls + z * se), 1)];
  }
  if (s === 1) return [null, null];
  const ls = Math.log(s);
  const shift = (z * se) / ls;
  const lll = Math.log(-ls);
  return [Math.exp(-Math.exp(lll - shift)), Math.exp(-Math.exp(lll + shift))];
}
