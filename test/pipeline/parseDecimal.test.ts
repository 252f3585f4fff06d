import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDecimal } from '../../pipeline/ingest/parseDecimal.js';

const parse = (text: string) => parseDecimal(Buffer.from(text), 0, Buffer.byteLength(text));

describe('parseDecimal', () => {
  it.each([
    ['1500000', 1500000],
    ['0', 0],
    ['000', 0],
    ['0.0', 0],
    ['1.', 1],
    ['.5', 0.5],
    ['0.1', 0.1],
    ['3.2E-06', 3.2e-6],
    ['3.20e-6', 3.2e-6],
    ['1e22', 1e22],
    ['123456789012345', 123456789012345],
    ['0.000000000000001', 1e-15],
    ['2.5e+3', 2500],
  ])('%s is what Number() gives', (text, value) => {
    expect(parse(text)).toBe(value);
    expect(parse(text)).toBe(Number(text));
  });

  it.each(['', '-1', '+1', ' 1', '1 ', '1e', 'e5', '.', '1.2.3', '1e1000', '1e-400', '1234567890123456', '0x10', 'NaN', '1,5', '１'])(
    '%s is left to the string path (-1)',
    (text) => {
      expect(parse(text)).toBe(-1);
    },
  );

  it('equals Number() on every decimal it accepts (random mantissas, fractions, exponents)', () => {
    const decimal = fc
      .tuple(fc.stringMatching(/^\d{0,12}$/), fc.option(fc.stringMatching(/^\d{0,10}$/)), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 40 }))))
      .map(([int, frac, exp]) => `${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `${exp[0]}${exp[1]}${exp[2]}`}`);
    let accepted = 0;
    fc.assert(
      fc.property(decimal, (text) => {
        const v = parse(text);
        if (v !== -1) {
          accepted++;
          expect(v).toBe(Number(text));
        } else {
          // refused only when the text is not a plain decimal or falls outside the exact fast path
          expect(/^\d*\.?\d*([eE][+-]?\d+)?$/.test(text)).toBe(true);
        }
      }),
      { numRuns: 20000, seed: 11 },
    );
    expect(accepted).toBeGreaterThan(10000);
  });
});
