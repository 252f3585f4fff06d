import { normalQuantile } from './distributions.js';

export interface WilsonCI {
  x: number;
  n: number;
  /** x / n; NaN when n = 0 */
  rate: number;
  ciLower: number;
  ciUpper: number;
}

/**
 * Wilson score confidence interval for a binomial proportion, without continuity correction
 * (R `prop.test(x, n, correct = FALSE)$conf.int`; SAS PROC FREQ BINOMIAL(CL=WILSON)).
 *
 * The limits are the two roots p of (x/n - p)^2 = z^2 p (1 - p) / n, z = Phi^-1(1 - alpha/2)
 * (Wilson, JASA 1927;22:209-212; Newcombe, Stat Med 1998;17:857-872, method 3):
 * (x + z^2/2 -+ z sqrt(x (n - x) / n + z^2/4)) / (n + z^2).
 * For x <= n/2 the upper root is the sum above and the lower one the product of the roots,
 * (x/n)^2 / (1 + z^2/n), divided by the upper (no cancellation for small x); x > n/2 is the mirror
 * image (limits of 1 - p for n - x). lower = 0 at x = 0 and upper = 1 at x = n exactly, as R sets them. With n = 0 rate and both limits are NaN (written as null).
 *
 * @example wilson(7, 20) // { rate: 0.35, ciLower: 0.1811918, ciUpper: 0.5671457 }
 */
export function wilson(x: number, n: number, level = 0.95): WilsonCI {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) {
    throw new RangeError(`wilson needs integers 0 <= x <= n, got x=${x}, n=${n}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  if (n === 0) return { x, n, rate: Number.NaN, ciLower: Number.NaN, ciUpper: Number.NaN };
  const z = normalQuantile(1 - (1 - level) / 2);
  if (2 * x <= n) {
    const [ciLower, ciUpper] = limits(x, n, z);
    return { x, n, rate: x / n, ciLower, ciUpper };
  }
  const [lowerOfFailures, upperOfFailures] = limits(n - x, n, z);
  return { x, n, rate: x / n, ciLower: 1 - upperOfFailures, ciUpper: 1 - lowerOfFailures };
}

/** Wilson limits for x <= n / 2: upper = centre + half, lower = product of the roots / upper. */
function limits(x: number, n: number, z: number): [number, number] {
  const z2 = z * z;
  const upper = (x + z2 / 2 + z * Math.sqrt((x * (n - x)) / n + z2 / 4)) / (n + z2);
  const p = x / n;
  return [x === 0 ? 0 : (p * p) / (1 + z2 / n) / upper, upper];
}
