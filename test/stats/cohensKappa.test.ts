import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cohensKappa } from '../../analyses/stats/cohensKappa.js';
import type { PairedMrdTable } from '../../analyses/stats/percentAgreement.js';
import { expectClose } from '../helpers/approx.js';

const table = (a: number, b: number, c: number, d: number): PairedMrdTable => ({
  bothNegative: a,
  ngfNegativeNgsPositive: b,
  ngfPositiveNgsNegative: c,
  bothPositive: d,
});
const Z975 = 1.959963984540054;

/** SAS PROC FREQ's textbook formulas, literally (proportions p_ij, rows NGF, columns NGS). */
function sasLiteral(a: number, b: number, c: number, d: number) {
  const n = a + b + c + d;
  const p = [[a / n, b / n], [c / n, d / n]];
  const row = [p[0][0] + p[0][1], p[1][0] + p[1][1]];
  const col = [p[0][0] + p[1][0], p[0][1] + p[1][1]];
  const po = p[0][0] + p[1][1];
  const pe = row[0] * col[0] + row[1] * col[1];
  const k = (po - pe) / (1 - pe);
  let A = 0;
  let B = 0;
  for (let i = 0; i < 2; i++) {
    A += p[i][i] * (1 - (row[i] + col[i]) * (1 - k)) ** 2;
    for (let j = 0; j < 2; j++) if (i !== j) B += p[i][j] * (col[i] + row[j]) ** 2;
  }
  B *= (1 - k) ** 2;
  const C = (k - pe * (1 - k)) ** 2;
  const ase = Math.sqrt(A + B - C) / ((1 - pe) * Math.sqrt(n));
  const sumRC = row[0] * col[0] * (row[0] + col[0]) + row[1] * col[1] * (row[1] + col[1]);
  const ase0 = Math.sqrt(pe + pe * pe - sumRC) / ((1 - pe) * Math.sqrt(n));
  return { po, pe, k, ase, ase0 };
}

describe('cohensKappa', () => {
  it('matches a table worked by hand: a = 4, b = 1, c = 1, d = 4', () => {
    // n = 10, all margins 5/10, so Po = 0.8, Pe = 0.5 * 0.5 + 0.5 * 0.5 = 0.5, kappa = (0.8 - 0.5) / 0.5 = 0.6.
    // SAS ASE: A = sum p_ii [1 - (p_i. + p_.i)(1 - k)]^2 = 2 * 0.4 * (1 - 1 * 0.4)^2 = 0.288
    //          B = (1 - k)^2 sum_{i!=j} p_ij (p_.i + p_j.)^2 = 0.16 * (0.1 * 1 + 0.1 * 1) = 0.032
    //          C = (k - Pe (1 - k))^2 = (0.6 - 0.2)^2 = 0.16
    //          ASE = sqrt(0.288 + 0.032 - 0.16) / ((1 - 0.5) sqrt(10)) = 0.4 / (0.5 sqrt(10)) = 0.2529822
    // ASE under H0 = sqrt(Pe + Pe^2 - sum p_i. p_.i (p_i. + p_.i)) / ((1 - Pe) sqrt(n))
    //              = sqrt(0.5 + 0.25 - 2 * 0.25 * 1) / (0.5 sqrt(10)) = 0.5 / (0.5 sqrt(10)) = 1 / sqrt(10)
    // Z = 0.6 sqrt(10) = 1.8973666, and Z^2 = 3.6 = Pearson's chi-square 10 (16 - 1)^2 / 5^4.
    const r = cohensKappa(table(4, 1, 1, 4));
    expect(r.n).toBe(10);
    expectClose(r.observedAgreement, 0.8, 1e-15);
    expectClose(r.expectedAgreement, 0.5, 1e-15);
    expectClose(r.kappa, 0.6, 1e-15);
    expectClose(r.ase, 0.4 / (0.5 * Math.sqrt(10)), 1e-14);
    expectClose(r.aseNull, 1 / Math.sqrt(10), 1e-14);
    expectClose(r.z, 0.6 * Math.sqrt(10), 1e-14);
    expectClose(r.z! ** 2, 3.6, 1e-14);
    // Wald limits are not truncated at 1 (as SAS): 0.6 + 1.96 * 0.253 = 1.0958
    expectClose(r.ciLower, 0.6 - Z975 * 0.4 / (0.5 * Math.sqrt(10)), 1e-14);
    expectClose(r.ciUpper, 0.6 + Z975 * 0.4 / (0.5 * Math.sqrt(10)), 1e-14);
    expect(r.ciUpper!).toBeGreaterThan(1);
    // R: 2 * pnorm(-0.6 * sqrt(10)); pnorm(0.6 * sqrt(10), lower.tail = FALSE)
    expectClose(r.pValue, 0.0577795711235972, 1e-10);
    expectClose(r.pValueOneSided, 0.0288897855617986, 1e-10);
  });

  it('matches the 2 x 2 closed form kappa = 2 (ad - bc) / ((a+b)(b+d) + (a+c)(c+d)) for 40/5/3/52', () => {
    const r = cohensKappa(table(40, 5, 3, 52));
    expect(r.kappa).toBe((2 * (40 * 52 - 5 * 3)) / (45 * 57 + 43 * 55)); // 4130 / 4930
    expectClose(r.expectedAgreement, 0.507, 1e-15);
    // vcd::Kappa(matrix(c(40, 3, 5, 52), 2))
    expectClose(r.ase, 0.0549733999461425, 1e-12);
  });

  it('gives kappa = 1 with ASE 0 under perfect agreement, and -1 with ASE 0 under complete disagreement with b = c', () => {
    const perfect = cohensKappa(table(30, 0, 0, 20));
    expect(perfect).toMatchObject({ kappa: 1, ase: 0, ciLower: 1, ciUpper: 1 });
    expect(perfect.z).toBeGreaterThan(0);
    const opposite = cohensKappa(table(0, 7, 7, 0));
    expect(opposite).toMatchObject({ kappa: -1, ase: 0, observedAgreement: 0 });
    expect(opposite.z).toBeLessThan(0);
  });

  it('is null when every sample is in one concordant cell (Pe = 1) or the table is empty', () => {
    for (const t of [table(50, 0, 0, 0), table(0, 0, 0, 50)]) {
      expect(cohensKappa(t)).toMatchObject({ observedAgreement: 1, expectedAgreement: 1, kappa: null, ase: null, ciLower: null });
      expect(cohensKappa(t)).toMatchObject({ aseNull: null, z: null, pValue: null, pValueOneSided: null });
    }
    expect(cohensKappa(table(0, 0, 0, 0))).toMatchObject({ n: 0, observedAgreement: null, kappa: null, pValueOneSided: null });
  });

  it('gives kappa = 0 and no test when one method has a single result (ASE under H0 = 0)', () => {
    // NGF calls every sample negative
    const r = cohensKappa(table(30, 10, 0, 0));
    expect(r.kappa).toBe(0);
    expect(r.aseNull).toBe(0);
    expect(r.ase).toBe(0); // exact: SAS's A + B - C is 0 here, evaluated as a difference it gives ~1e-17
    expect([r.z, r.pValue, r.pValueOneSided]).toEqual([null, null, null]);
  });

  it('is symmetric in the two methods (transposing the table changes nothing)', () => {
    const r = cohensKappa(table(112, 14, 9, 65));
    const t = cohensKappa(table(112, 9, 14, 65));
    for (const key of ['kappa', 'ase', 'aseNull', 'z', 'pValue'] as const) expectClose(t[key], r[key], 1e-14);
  });

  it('agrees with the literal SAS formulas on random tables', () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(500), fc.nat(500), fc.nat(500), fc.nat(500)), ([a, b, c, d]) => {
        const n = a + b + c + d;
        fc.pre(n > 0 && (a + b) * (c + d) * (a + c) * (b + d) > 0);
        const r = cohensKappa(table(a, b, c, d));
        const s = sasLiteral(a, b, c, d);
        expectClose(r.observedAgreement, s.po, 1e-13);
        expectClose(r.expectedAgreement, s.pe, 1e-13);
        expectClose(r.kappa, s.k, 1e-11, 1e-13);
        // the literal difference A + B - C carries ~1e-16 absolute rounding: compare on that scale
        expectClose(r.ase, s.ase, 1e-9, 1e-12);
        expectClose(r.aseNull, s.ase0, 1e-9, 1e-12);
        expect(r.kappa!).toBeGreaterThanOrEqual(-1);
        expect(r.kappa!).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it('honours the level and rejects bad input', () => {
    const r90 = cohensKappa(table(4, 1, 1, 4), { level: 0.9 });
    expectClose(r90.ciUpper! - r90.kappa!, 1.644853626951472 * r90.ase!, 1e-13);
    expect(() => cohensKappa(table(4, 1, -1, 4))).toThrow(RangeError);
    expect(() => cohensKappa(table(4, 1, 0.5, 4))).toThrow(RangeError);
    expect(() => cohensKappa(table(4, 1, 1, 4), { level: 95 })).toThrow(RangeError);
  });

  it('is O(1) in the counts: 10^7 samples', () => {
    const r = cohensKappa(table(5e6, 2000, 2600, 5e6 - 4600));
    expect(r.kappa!).toBeGreaterThan(0.999);
    expect(r.ase!).toBeGreaterThan(0);
  });
});
