import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../pipeline/analyse.js';
import { REASONS, STATUS_LABEL } from '../../model/status.js';
import { deriveNegativityDuration } from '../../pipeline/derive/deriveNegativityDuration.js';
import { deriveConversion } from '../../pipeline/derive/deriveConversion.js';
import { BASE_PLAN, RAND_DAY, onDay, studyRunner, type Row, type StudySpec } from '../helpers/studyFixture.js';

const run = studyRunner();

const RAND = RAND_DAY;
const on = onDay;
let seq = 0;
/** A central bone-marrow sample of S1 taken `d` days after randomisation, LOD 5e-7. */
const s = (d: number, result: string, extra: Row = {}): Row => ({ USUBJID: 'S1', SAMPLEID: `M${++seq}`, COLLDT: on(d), METHOD: 'NGS', RESULT: result, CELLS: 2000000, ...extra });
const T5 = 1; // index of 1e-5 in the default thresholds

describe('combination rules (mrd.combine)', () => {
  const plan = (rule: string) => BASE_PLAN + `mrd:\n  combine: ${rule}\n`;
  const status = (a: Analysis) => Array.from(a.assessments[T5].status, (v, k) => STATUS_LABEL[v] + (a.assessments[T5].reason[k] ? `:${REASONS.text(a.assessments[T5].reason[k])}` : ''));

  it('both-negative: NGS and NGF negative 3 days apart make one NEG assessment', async () => {
    const a = await run({ plan: plan('both-negative'), mrd: [s(100, 'NEGATIVE'), s(103, 'NEGATIVE', { METHOD: 'NGF', CELLS: 1e7 })] });
    expect(a.assessments[T5].n).toBe(1);
    expect(status(a)).toEqual(['NEG']);
    expect(a.subjectMrd[T5].negative[0]).toBe(1);
  });
  it('both-negative: 8 days apart they are not paired, and a lone negative is not enough', async () => {
    const a = await run({ plan: plan('both-negative'), mrd: [s(100, 'NEGATIVE'), s(108, 'NEGATIVE', { METHOD: 'NGF', CELLS: 1e7 })] });
    expect(status(a)).toEqual(['NE:SECOND_METHOD_MISSING', 'NE:SECOND_METHOD_MISSING']);
    expect(a.subjectMrd[T5].negative[0]).toBe(0);
  });
  it('both-negative: a positive by either method makes the assessment positive', async () => {
    const a = await run({ plan: plan('both-negative'), mrd: [s(100, 'NEGATIVE'), s(100, 'POSITIVE', { METHOD: 'NGF', MRDLEVEL: '1E-4', CELLS: 1e7 })] });
    expect(status(a)).toEqual(['POS']);
  });
  it('both-negative: each sample pairs with the closest one of the other method', async () => {
    const a = await run({
      plan: plan('both-negative'),
      mrd: [s(100, 'NEGATIVE'), s(106, 'NEGATIVE'), s(105, 'NEGATIVE', { METHOD: 'NGF', CELLS: 1e7 })],
    });
    // NGF day 105 pairs with NGS day 106 (1 day), leaving NGS day 100 alone
    expect(Array.from(a.assessments[T5].sample, (i) => a.assessments[T5].sampleDay[i] - RAND)).toEqual([100, 106]);
    expect(status(a)).toEqual(['NE:SECOND_METHOD_MISSING', 'NEG']);
  });
  it('primary-then-secondary: a failed primary is replaced by the paired secondary result', async () => {
    const a = await run({ plan: plan('primary-then-secondary'), mrd: [s(100, 'FAILED'), s(102, 'NEGATIVE', { METHOD: 'NGF', CELLS: 1e7 })] });
    expect(status(a)).toEqual(['NEG']);
  });
  it('primary-then-secondary: an evaluable primary wins over the secondary', async () => {
    const a = await run({ plan: plan('primary-then-secondary'), mrd: [s(100, 'NEGATIVE'), s(100, 'POSITIVE', { METHOD: 'NGF', MRDLEVEL: '1E-3', CELLS: 1e7 })] });
    expect(status(a)).toEqual(['NEG']);
  });
  it('primary-then-secondary: a secondary sample with no primary counts on its own', async () => {
    const a = await run({ plan: plan('primary-then-secondary'), mrd: [s(100, 'NEGATIVE', { METHOD: 'NGF', CELLS: 1e7 })] });
    expect(status(a)).toEqual(['NEG']);
  });
  it('either-negative: a negative by either method makes the subject negative', async () => {
    const a = await run({ plan: plan('either-negative'), mrd: [s(100, 'POSITIVE', { MRDLEVEL: '1E-3' }), s(100, 'NEGATIVE', { METHOD: 'NGF', CELLS: 1e7 })] });
    expect(status(a).sort()).toEqual(['NEG', 'POS']);
    expect(a.subjectMrd[T5].negative[0]).toBe(1);
  });
});

describe('sustained MRD negativity', () => {
  const sustained = async (mrd: Row[], more: Partial<StudySpec> = {}) => {
    const a = await run({ mrd, ...more });
    return { a, flag: a.sustained[T5].sustained[0], endpoint: a.sustainedEndpoint };
  };
  it('two negatives exactly 365 days apart are sustained; without imaging data it is the marrow-only variant', async () => {
    const r = await sustained([s(0, 'NEGATIVE'), s(365, 'NEGATIVE')]);
    expect([r.flag, r.endpoint]).toEqual([1, 'SUSTAINED_MRD_NEG_MARROW']);
    expect(r.a.sustained[T5].startDay[0] - RAND).toBe(0);
    expect(r.a.sustained[T5].confirmDay[0] - RAND).toBe(365);
  });
  it('364 days apart is not enough', async () => {
    expect((await sustained([s(0, 'NEGATIVE'), s(364, 'NEGATIVE')])).flag).toBe(0);
  });
  it('a positive in between breaks it; the clock restarts at the next negative', async () => {
    expect((await sustained([s(0, 'NEGATIVE'), s(200, 'POSITIVE', { MRDLEVEL: '1E-4' }), s(400, 'NEGATIVE')])).flag).toBe(0);
    // (the fixture's cut-off is 2024-12-31, day 730)
    const r = await sustained([s(0, 'NEGATIVE'), s(100, 'POSITIVE', { MRDLEVEL: '1E-4' }), s(200, 'NEGATIVE'), s(565, 'NEGATIVE')]);
    expect(r.flag).toBe(1);
    expect(r.a.sustained[T5].startDay[0] - RAND).toBe(200);
  });
  it('a failed test in between neither breaks nor counts', async () => {
    expect((await sustained([s(0, 'NEGATIVE'), s(200, 'FAILED'), s(365, 'NEGATIVE')])).flag).toBe(1);
    expect((await sustained([s(0, 'NEGATIVE'), s(365, 'FAILED')])).flag).toBe(0);
  });
  it('a negative not sensitive enough at the threshold does not count there', async () => {
    // second sample: 50,000 cells, LOD 2e-5: NEG at 1e-4, NE at 1e-5
    const r = await sustained([s(0, 'NEGATIVE'), s(400, 'NEGATIVE', { CELLS: 50000 })]);
    expect([r.a.sustained[0].sustained[0], r.flag]).toEqual([1, 0]);
  });
  it('with imaging data, a negative imaging assessment is needed within the span', async () => {
    const mrd = [s(0, 'NEGATIVE'), s(400, 'NEGATIVE')];
    const img = (d: number, result: string) => ({ USUBJID: 'S1', ADT: on(d), RESULT: result, MODALITY: 'PET-CT' });
    let r = await sustained(mrd, { imaging: [img(100, 'NEGATIVE')] });
    expect([r.flag, r.endpoint]).toEqual([1, 'SUSTAINED_MRD_NEG']);
    r = await sustained(mrd, { imaging: [img(400, 'NEGATIVE')] });
    expect(r.flag).toBe(1); // span ends included
    r = await sustained(mrd, { imaging: [img(500, 'NEGATIVE')] });
    expect(r.flag).toBe(0);
    r = await sustained(mrd, { imaging: [img(100, 'POSITIVE')] });
    expect(r.flag).toBe(0);
  });
  it('requireImaging: false gives the marrow-only variant even when imaging exists', async () => {
    const plan = BASE_PLAN + 'mrd:\n  sustained: { requireImaging: false, minGapDays: 300 }\n';
    const r = await sustained([s(0, 'NEGATIVE'), s(300, 'NEGATIVE')], { plan, imaging: [] });
    expect([r.flag, r.endpoint]).toEqual([1, 'SUSTAINED_MRD_NEG_MARROW']);
  });
});

describe('MRD-negative CR at a timepoint', () => {
  const plan = BASE_PLAN + 'mrd:\n  timepoints: [{ name: M12, month: 12, windowMonths: 3 }]\n';
  // window: 12 ± 3 months of 30.4375 days = days 273.9375 to 456.5625 after randomisation
  const rate = (a: Analysis) => a.mrdRates.find((r) => r.endpoint === 'MRD_NEG_CR_M12' && r.population === 'ITT' && r.threshold === 1e-5 && r.arm === 'A')!.x;
  it.each([
    [274, 200, 1, 'inside the window'],
    [273, 200, 0, 'one day before the window'],
    [456, 200, 1, 'last day of the window'],
    [457, 200, 0, 'one day after the window'],
    [300, 456, 1, 'CR reached on the last day of the window'],
    [300, 460, 0, 'CR reached after the window'],
  ])('negative on day %i, CR on day %i -> %i (%s)', async (negDay, crDay, expected) => {
    const a = await run({ plan, mrd: [s(negDay, 'NEGATIVE')], response: [{ USUBJID: 'S1', ADT: on(crDay), AVALC: 'CR' }] });
    expect(rate(a)).toBe(expected);
  });
});

describe('duration of MRD negativity and conversion', () => {
  it('runs from the first negative to the first later positive (event), else to the last evaluable assessment (censored)', async () => {
    const a = await run({
      subjects: [{ USUBJID: 'S1', ARM: 'A', RANDDT: '2023-01-01' }, { USUBJID: 'S2', ARM: 'A', RANDDT: '2023-01-01' }, { USUBJID: 'S3', ARM: 'B', RANDDT: '2023-01-01' }],
      mrd: [
        s(30, 'NEGATIVE'), s(180, 'NEGATIVE'), s(400, 'POSITIVE', { MRDLEVEL: '1E-4' }),
        { ...s(60, 'NEGATIVE'), USUBJID: 'S2' }, { ...s(260, 'NEGATIVE'), USUBJID: 'S2' }, { ...s(300, 'FAILED'), USUBJID: 'S2' },
        { ...s(60, 'POSITIVE', { MRDLEVEL: '1E-3' }), USUBJID: 'S3' },
      ],
    });
    const d = deriveNegativityDuration(a.assessments[T5], a.subjects.n, null);
    expect(Array.from(d.subject)).toEqual([0, 1]); // S3 never negative: not analysed
    expect(Array.from(d.event)).toEqual([1, 0]);
    expect(d.months[0]).toBeCloseTo(370 / 30.4375, 12);
    expect(d.months[1]).toBeCloseTo(200 / 30.4375, 12);
  });
  it('with reappearance-progression-death, progression before reappearance ends it', async () => {
    const a = await run({ mrd: [s(30, 'NEGATIVE'), s(200, 'NEGATIVE')], response: [{ USUBJID: 'S1', ADT: on(330), AVALC: 'PD' }] });
    const d = deriveNegativityDuration(a.assessments[T5], a.subjects.n, a.subjects.progressionDay);
    expect([d.event[0], d.months[0]]).toEqual([1, 300 / 30.4375]);
  });
  it('conversion needs a negative after a positive', async () => {
    const a = await run({
      subjects: [{ USUBJID: 'S1', ARM: 'A', RANDDT: '2023-01-01' }, { USUBJID: 'S2', ARM: 'A', RANDDT: '2023-01-01' }],
      mrd: [s(30, 'POSITIVE', { MRDLEVEL: '1E-3' }), s(200, 'NEGATIVE'), { ...s(30, 'NEGATIVE'), USUBJID: 'S2' }, { ...s(200, 'POSITIVE', { MRDLEVEL: '1E-3' }), USUBJID: 'S2' }],
    });
    const c = deriveConversion(a.assessments[T5], a.subjects.n);
    expect(Array.from(c.everPositive)).toEqual([1, 1]);
    expect(Array.from(c.converted)).toEqual([1, 0]);
  });
});
