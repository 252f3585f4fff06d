import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../pipeline/analyse.js';
import { BASE_PLAN, RAND_DAY, onDay, studyRunner, type Row, type StudySpec } from '../helpers/studyFixture.js';

const run = studyRunner();
const RAND = RAND_DAY;
const on = onDay;
let seq = 0;
const s = (id: string, d: number, method: string, result: string, extra: Row = {}): Row => ({
  USUBJID: id, SAMPLEID: `M${++seq}`, COLLDT: on(d), METHOD: method, RESULT: result, CELLS: method === 'NGF' ? 1e7 : 2e6, ...extra,
});
const subjects = (ids: string[], extra: Row = {}) => ids.map((id, i) => ({ USUBJID: id, ARM: i % 2 ? 'B' : 'A', RANDDT: '2023-01-01', ...extra }));

describe('NGF vs NGS concordance', () => {
  it('counts pairs within 7 days that are evaluable at the threshold, whatever the combine rule', async () => {
    const a = await run({
      subjects: subjects(['S1', 'S2', 'S3', 'S4', 'S5']),
      mrd: [
        s('S1', 100, 'NGS', 'NEGATIVE'), s('S1', 102, 'NGF', 'NEGATIVE'), // both negative
        s('S2', 100, 'NGS', 'POSITIVE', { MRDLEVEL: '1E-3' }), s('S2', 100, 'NGF', 'POSITIVE', { MRDLEVEL: '1E-3' }), // both positive
        s('S3', 100, 'NGS', 'POSITIVE', { MRDLEVEL: '3E-5' }), s('S3', 107, 'NGF', 'NEGATIVE'), // NGF negative only at 1e-5
        s('S4', 100, 'NGS', 'NEGATIVE'), s('S4', 108, 'NGF', 'POSITIVE', { MRDLEVEL: '1E-3' }), // 8 days: not a pair
        s('S5', 100, 'NGS', 'NEGATIVE'), s('S5', 101, 'NGF', 'FAILED'), // pair, not evaluable
      ],
    });
    const c = a.concordance[1]; // 1e-5
    expect([c.pairs, c.n]).toEqual([4, 3]);
    expect(c.table).toEqual({ bothNegative: 1, ngfNegativeNgsPositive: 1, ngfPositiveNgsNegative: 0, bothPositive: 1 });
    // at 1e-4 the S3 clone (3e-5) is below the threshold: both negative
    expect(a.concordance[0].table).toEqual({ bothNegative: 2, ngfNegativeNgsPositive: 0, ngfPositiveNgsNegative: 0, bothPositive: 1 });
    expect(c.agreement.overall.rate).toBeCloseTo(2 / 3, 12);
  });
});

describe('assay failures', () => {
  it('counts FAILED by method, reason and arm, and rates over tests excluding NOT DONE', async () => {
    const a = await run({
      subjects: subjects(['S1', 'S2']),
      mrd: [
        s('S1', 100, 'NGS', 'FAILED', { FAILRSN: 'INSUFFICIENT_DNA', LAB: 'L1' }),
        s('S1', 200, 'NGS', 'FAILED', { LAB: 'L1' }),
        s('S1', 300, 'NGS', 'NEGATIVE', { LAB: 'L1' }),
        s('S2', 100, 'NGS', 'NOT DONE', { LAB: 'L1' }),
        s('S2', 150, 'NGS', 'FAILED', { FAILRSN: 'INSUFFICIENT_DNA', LAB: 'L2', SPEC: 'PB' }),
      ],
    });
    expect(a.failures).toEqual([
      { method: 'NGS', reason: '(not given)', arm: 'A', count: 1 },
      { method: 'NGS', reason: 'INSUFFICIENT_DNA', arm: 'A', count: 1 },
      { method: 'NGS', reason: 'INSUFFICIENT_DNA', arm: 'B', count: 1 },
    ]);
    const overall = a.failureRates.find((r) => r.by === 'method')!;
    expect([overall.failed, overall.tests]).toEqual([3, 4]);
    expect(a.failureRates.filter((r) => r.by === 'method × lab').map((r) => [r.level, r.failed, r.tests])).toEqual([['L1', 2, 3], ['L2', 1, 1]]);
  });
});

describe('composite: MRD negative + negative imaging + normal FLC ratio', () => {
  const plan = BASE_PLAN;
  const base = { subjects: subjects(['S1', 'S2', 'S3']), mrd: [s('S1', 100, 'NGS', 'NEGATIVE'), s('S2', 100, 'NGS', 'NEGATIVE'), s('S3', 100, 'NGS', 'NEGATIVE')] };
  it('needs all three; imaging showing EMD or after progression does not count', async () => {
    const a = await run({
      plan,
      ...base,
      response: [
        { USUBJID: 'S1', ADT: on(120), AVALC: 'CR', FLCNORM: 'Y' },
        { USUBJID: 'S2', ADT: on(120), AVALC: 'CR', FLCNORM: 'Y' },
        { USUBJID: 'S3', ADT: on(120), AVALC: 'CR', FLCNORM: 'N' },
      ],
      imaging: [
        { USUBJID: 'S1', ADT: on(130), RESULT: 'NEGATIVE', EMD: 'N' },
        { USUBJID: 'S2', ADT: on(130), RESULT: 'NEGATIVE', EMD: 'Y' },
        { USUBJID: 'S3', ADT: on(130), RESULT: 'NEGATIVE' },
      ],
    });
    expect(a.compositeEndpoint).toBe('MRD_NEG_IMAGING_FLC');
    const r = a.mrdRates.find((q) => q.endpoint === 'MRD_NEG_IMAGING_FLC' && q.population === 'ITT' && q.threshold === 1e-5 && q.arm === 'A')!;
    expect([r.x, r.n]).toEqual([1, 2]); // S1 yes; S3 (arm A) FLC not normal
    const b = a.mrdRates.find((q) => q.endpoint === 'MRD_NEG_IMAGING_FLC' && q.population === 'ITT' && q.threshold === 1e-5 && q.arm === 'B')!;
    expect([b.x, b.n]).toEqual([0, 1]); // S2: imaging shows EMD
  });
  it('is not reported without imaging data', async () => {
    const a = await run(base);
    expect(a.compositeEndpoint).toBeNull();
    expect(a.mrdRates.some((q) => q.endpoint === 'MRD_NEG_IMAGING_FLC')).toBe(false);
  });
});

describe('interference flags', () => {
  it('flags NGF samples during anti-CD38 therapy and up to 180 days after it, not NGS ones', async () => {
    const a = await run({
      subjects: subjects(['S1']),
      mrd: [s('S1', 50, 'NGF', 'NEGATIVE'), s('S1', 280, 'NGF', 'NEGATIVE'), s('S1', 281, 'NGF', 'NEGATIVE'), s('S1', 60, 'NGS', 'NEGATIVE')],
      therapy: [{ USUBJID: 'S1', DRUG: 'ISATUXIMAB', CLASS: 'ANTI-CD38', STDT: on(0), ENDT: on(100), NEWTHER: 'N' }],
    });
    expect(a.flags.ngfAntiCd38.map((f) => [f.collected, f.daysAfterEnd])).toEqual([[on(50), -50], [on(280), 180]]);
  });
  it('flags IgG-kappa subjects on an anti-CD38 antibody with best response VGPR and a positive last IFE', async () => {
    const a = await run({
      subjects: [
        { USUBJID: 'S1', ARM: 'A', RANDDT: '2023-01-01', ISOTYPE: 'IGG-KAPPA' },
        { USUBJID: 'S2', ARM: 'A', RANDDT: '2023-01-01', ISOTYPE: 'IGA-LAMBDA' },
        { USUBJID: 'S3', ARM: 'B', RANDDT: '2023-01-01', ISOTYPE: 'IGG-KAPPA' },
      ],
      response: ['S1', 'S2', 'S3'].flatMap((id) => [
        { USUBJID: id, ADT: on(90), AVALC: 'VGPR', IFE: 'POS' },
        { USUBJID: id, ADT: on(180), AVALC: 'VGPR', IFE: 'POS' },
      ]),
      therapy: ['S1', 'S2'].map((id) => ({ USUBJID: id, DRUG: 'ISATUXIMAB', CLASS: 'ANTI-CD38', STDT: on(0), NEWTHER: 'N' })),
    });
    expect(a.flags.maskedCr).toEqual([{ subject: 'S1', bestResponse: 'VGPR', lastIfeDate: on(180), drug: 'ISATUXIMAB' }]);
  });
});

describe('conversion from MRD positive to negative', () => {
  it('is the share of ITT subjects with a POS assessment who have a later NEG one', async () => {
    const a = await run({
      subjects: subjects(['S1', 'S2', 'S3']),
      mrd: [s('S1', 50, 'NGS', 'POSITIVE', { MRDLEVEL: '1E-3' }), s('S1', 150, 'NGS', 'NEGATIVE'), s('S3', 50, 'NGS', 'POSITIVE', { MRDLEVEL: '1E-3' })],
    });
    const r = a.conversion.find((c) => c.threshold === 1e-5 && c.arm === 'A')!;
    expect([r.x, r.n]).toEqual([1, 2]);
  });
});
