import { expect } from 'vitest';

/** The project-wide tolerance against R reference values (SPEC.md section 4). */
export const REL_TOL = 1e-6;

/**
 * Asserts |actual - expected| <= rel * |expected| (+ abs, for expected values at or near zero).
 * `null`/`undefined` expected values (R's NA: a limit not reached) require the same in actual.
 */
export function expectClose(
  actual: number | null | undefined,
  expected: number | null | undefined,
  rel = REL_TOL,
  abs = 1e-12,
  label = '',
): void {
  if (expected === null || expected === undefined || (typeof expected === 'number' && Number.isNaN(expected))) {
    expect(actual ?? null, `${label}: expected NA/null`).toBeNull();
    return;
  }
  if (expected === Infinity || expected === -Infinity) {
    expect(actual, label).toBe(expected);
    return;
  }
  expect(typeof actual, `${label}: expected a number, got ${String(actual)}`).toBe('number');
  const diff = Math.abs((actual as number) - expected);
  const bound = rel * Math.abs(expected) + abs;
  if (!(diff <= bound)) {
    throw new Error(
      `${label ? label + ': ' : ''}${String(actual)} differs from reference ${String(expected)} by ${diff.toExponential(3)} (> ${bound.toExponential(3)})`,
    );
  }
}
