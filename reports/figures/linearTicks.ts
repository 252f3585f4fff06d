/**
 * The ticks vega puts on a linear axis from 0 to `stop` with `count` ticks asked for and a smallest
 * step of `minStep`: vega first lowers the count to ⌊stop / minStep⌋ + 1, then d3's `ticks` takes the
 * step 1, 2 or 5 × 10^k nearest to stop / count (the thresholds between them are √2, √10 and √50),
 * never below minStep, and lists its multiples from 0 to stop. Negative powers are computed through
 * their inverse, as d3 does, so that 0.1 × 3 prints as 0.3. (Checked against vega's own axes in
 * test/figures/barFiguresSvg.test.ts.)
 *
 * @example linearTicks(21.85, 8, 1) // [0, 2, 4, …, 20]
 * @example linearTicks(1.15, 8, 1) // [0, 1]
 */
export function linearTicks(stop: number, count: number, minStep?: number): number[] {
  if (!(stop > 0)) return [0];
  const n = minStep ? Math.min(count, Math.floor(stop / minStep || 1) + 1) : count;
  const raw = stop / Math.max(1, n);
  const power = Math.floor(Math.log10(raw));
  const error = raw / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  const ticks: number[] = [];
  if (minStep && factor * 10 ** power < minStep) {
    for (let i = 0; i <= Math.floor(stop / minStep); i++) ticks.push(i * minStep);
  } else if (power < 0) {
    const inverse = 10 ** -power / factor;
    for (let i = 0; i <= Math.floor(stop * inverse); i++) ticks.push(i / inverse);
  } else {
    const step = factor * 10 ** power;
    for (let i = 0; i <= Math.floor(stop / step); i++) ticks.push(i * step);
  }
  return ticks;
}
