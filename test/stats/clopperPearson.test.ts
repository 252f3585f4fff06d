import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { clopperPearson } from '../../analyses/stats/clopperPearson.js';
import { expectClose } from '../helpers/approx.js';

interface Case { x: number; n: number; level: number; lower: number; upper: number }
const fixture = JSON.parse(readFileSync(new URL('../oracle/fixtures/clopperPearson.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

describe('clopperPearson against R binom.test (test/oracle/clopperPearson.R)', () => {
  it(`matches all ${fixture.cases.length} reference intervals to 1e-6 relative`, () => {
    expect(fixture.cases.length).toBeGreaterThan(200);
    for (const c of fixture.cases) {
      const ci = clopperPearson(c.x, c.n, c.level);
      const label = `x=${c.x} n=${c.n} level=${c.level}`;
      expectClose(ci.ciLower, c.lower, 1e-6, 1e-12, `${label} lower`);
      expectClose(ci.ciUpper, c.upper, 1e-6, 1e-12, `${label} upper`);
    }
  });

  it('sets the limits exactly at the edges x = 0 and x = n', () => {
    expect(clopperPearson(0, 10)).toMatchObject({ rate: 0, ciLower: 0 });
    expect(clopperPearson(10, 10)).toMatchObject({ rate: 1, ciUpper: 1 });
    // x = 0: upper = 1 - (alpha/2)^(1/n), closed form
    expectClose(clopperPearson(0, 10).ciUpper, 1 - Math.pow(0.025, 1 / 10), 1e-9);
    expectClose(clopperPearson(10, 10).ciLower, Math.pow(0.025, 1 / 10), 1e-9);
  });

  it('gives NaN limits for n = 0 and rejects impossible counts', () => {
    const empty = clopperPearson(0, 0);
    expect(Number.isNaN(empty.rate) && Number.isNaN(empty.ciLower) && Number.isNaN(empty.ciUpper)).toBe(true);
    expect(() => clopperPearson(5, 3)).toThrow(RangeError);
    expect(() => clopperPearson(-1, 3)).toThrow(RangeError);
    expect(() => clopperPearson(1.5, 3)).toThrow(RangeError);
  });
});

describe('clopperPearson reproduces the printed label figures', () => {
  const pct = (v: number) => Math.round(v * 100);
  const dec = (v: number, d: number) => v.toFixed(d);
  it.each([
    // isatuximab label, IMROZ table 9 (percent, rounded)
    [147, 265, 49, 62], [74, 181, 34, 48], // MRD-negative CR, ITT
    [147, 198, 68, 80], [74, 116, 54, 73], // MRD-negative among >= CR
    [198, 265, 69, 80], [116, 181, 57, 71], // >= CR
    [242, 265, 87, 94], [167, 181, 87, 96], // ORR
  ])('IMROZ %i/%i -> [%i~%i]%%', (x, n, lo, hi) => {
    const ci = clopperPearson(x, n);
    expect([pct(ci.ciLower), pct(ci.ciUpper)]).toEqual([lo, hi]);
  });
  it.each([
    // isatuximab label, ICARIA-MM table 8 (4 decimals)
    [93, 154, '0.5220', '0.6817'], [54, 153, '0.2775', '0.4342'],
    [49, 154, '0.2455', '0.3980'], [13, 153, '0.0460', '0.1409'],
  ])('ICARIA-MM %i/%i -> [%s~%s]', (x, n, lo, hi) => {
    const ci = clopperPearson(x as number, n as number);
    expect([dec(ci.ciLower, 4), dec(ci.ciUpper, 4)]).toEqual([lo, hi]);
  });
  it('tocilizumab label 39/51 -> 62.5% to 87.2%', () => {
    const ci = clopperPearson(39, 51);
    expect([(ci.ciLower * 100).toFixed(1), (ci.ciUpper * 100).toFixed(1)]).toEqual(['62.5', '87.2']);
  });
});
