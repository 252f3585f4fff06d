import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../pipeline/analyse.js';
import { REASONS, STATUS_LABEL } from '../../model/status.js';
import { reachesThreshold } from '../../pipeline/derive/deriveSampleStatus.js';
import { deriveSampleSensitivity } from '../../pipeline/derive/deriveSampleSensitivity.js';
import { TextColumn } from '../../pipeline/ingest/textColumn.js';
import type { Table } from '../../pipeline/ingest/readTable.js';
import type { Plan } from '../../model/plan.js';
import { BASE_PLAN, studyRunner, type Row, type StudySpec } from '../helpers/studyFixture.js';

const run = studyRunner();

/** Status and reason of sample `i` at each threshold, as `NEG` or `NE:REASON`. */
function statuses(a: Analysis, i = 0): string[] {
  return a.sampleStatus.map((s) => STATUS_LABEL[s.status[i]] + (s.reason[i] ? `:${REASONS.text(s.reason[i])}` : ''));
}

const sample = (extra: Row): Row => ({ USUBJID: 'S1', SAMPLEID: 'M1', COLLDT: '2023-07-01', METHOD: 'NGS', RESULT: 'NEGATIVE', ...extra });

describe('achieved sensitivity (LOD)', () => {
  it('NGS: 1 / cells evaluated; 2e6 cells give LOD 5e-7, negative at every threshold', async () => {
    const a = await run({ mrd: [sample({ CELLS: 2000000 })] });
    expect(a.sensitivity.lod[0]).toBe(5e-7);
    expect(statuses(a)).toEqual(['NEG', 'NEG', 'NEG']);
  });
  it('NGS: cells from DNA when CELLS is empty: 650 ng / 6.5 pg = 1e5 cells, LOD 1e-5 reaches 1e-5', async () => {
    const a = await run({ mrd: [sample({ DNANG: 650 })] });
    expect(a.sensitivity.cells[0]).toBeCloseTo(100000, 6);
    expect(statuses(a)).toEqual(['NEG', 'NEG', 'NE:LOD_ABOVE_THRESHOLD']);
  });
  it('NGS: lodCells = 3 (Poisson 95% rule) triples the LOD', async () => {
    const plan = BASE_PLAN + 'mrd:\n  ngs: { lodCells: 3 }\n';
    const a = await run({ plan, mrd: [sample({ CELLS: 300000 })] });
    expect(a.sensitivity.lod[0]).toBe(1e-5);
    expect(statuses(a)).toEqual(['NEG', 'NEG', 'NE:LOD_ABOVE_THRESHOLD']);
  });
  it('NGF: 20 events / cells; exactly 2e6 cells give LOD = 1e-5, which reaches 1e-5', async () => {
    const plan = BASE_PLAN + 'mrd:\n  primaryMethod: NGF\n';
    const a = await run({ plan, mrd: [sample({ METHOD: 'NGF', CELLS: 2000000 })] });
    expect(a.sensitivity.lod[0]).toBe(1e-5);
    expect(statuses(a)).toEqual(['NEG', 'NEG', 'NE:LOD_ABOVE_THRESHOLD']);
  });
  it('NGF: one cell fewer than 2e6 misses 1e-5', async () => {
    const plan = BASE_PLAN + 'mrd:\n  primaryMethod: NGF\n';
    const a = await run({ plan, mrd: [sample({ METHOD: 'NGF', CELLS: 1999999 })] });
    expect(statuses(a)).toEqual(['NEG', 'NE:LOD_ABOVE_THRESHOLD', 'NE:LOD_ABOVE_THRESHOLD']);
  });
  it('the lab-reported LOD wins over the cell count', async () => {
    const a = await run({ mrd: [sample({ CELLS: 2000000, LOD: '2E-5' })] });
    expect(a.sensitivity.lod[0]).toBe(2e-5);
    expect(statuses(a)).toEqual(['NEG', 'NE:LOD_ABOVE_THRESHOLD', 'NE:LOD_ABOVE_THRESHOLD']);
  });
  it('a negative with no cells, DNA or LOD is not evaluable', async () => {
    const a = await run({ mrd: [sample({})] });
    expect(statuses(a)).toEqual(['NE:NO_CELL_COUNT_OR_LOD', 'NE:NO_CELL_COUNT_OR_LOD', 'NE:NO_CELL_COUNT_OR_LOD']);
  });
  it('cells evaluated: the CELLS column itself while no row differs; from the first DNA row a copy, CELLS unchanged', async () => {
    const plain = await run({ mrd: [sample({ CELLS: 2000000 }), sample({ SAMPLEID: 'M2' }), sample({ SAMPLEID: 'M3', CELLS: 150000 })] });
    expect(plain.sensitivity.cells).toBe(plain.tables.mrd.num.CELLS);
    expect(Array.from(plain.sensitivity.cells)).toEqual([2000000, Number.NaN, 150000]);
    const mixed = await run({ mrd: [sample({ CELLS: 2000000 }), sample({ SAMPLEID: 'M2', DNANG: 650 }), sample({ SAMPLEID: 'M3', CELLS: 0 }), sample({ SAMPLEID: 'M4', CELLS: 300000 })] });
    const cells = Array.from(mixed.sensitivity.cells);
    expect([cells[0], cells[2], cells[3]]).toEqual([2000000, Number.NaN, 300000]);
    expect(cells[1]).toBeCloseTo(100000, 6);
    // CELLS is then read by nothing else: the Analysis keeps the MRD table without it
    expect(mixed.tables.mrd.num.CELLS).toBeUndefined();
  });
  it('deriveSampleSensitivity leaves CELLS as read when it copies', () => {
    const CELLS = new Float64Array([2000000, Number.NaN, 0, 300000]);
    const mrd = { n: 4, text: { METHOD: TextColumn.from(['NGS', 'NGS', 'NGS', 'NGS']) }, num: { CELLS, DNANG: new Float64Array([Number.NaN, 650, Number.NaN, Number.NaN]), LOD: new Float64Array(4).fill(Number.NaN) } } as unknown as Table;
    const plan = { mrd: { ngf: { lodEvents: 20 }, ngs: { lodCells: 1, dnaPerCellPg: 6.5 } } } as unknown as Plan;
    const s = deriveSampleSensitivity(mrd, plan);
    expect(s.cells).not.toBe(CELLS);
    expect(Array.from(CELLS)).toEqual([2000000, Number.NaN, 0, 300000]);
    expect(s.cells[2]).toBeNaN();
  });
  it('reachesThreshold allows only floating-point slack', () => {
    expect(reachesThreshold(1e-5 * (1 + 1e-12), 1e-5)).toBe(true);
    expect(reachesThreshold(1.0000001e-5, 1e-5)).toBe(false);
  });
});

describe('status at each threshold', () => {
  it('a clone at 3e-5 is NEG at 1e-4 and POS at 1e-5 and 1e-6', async () => {
    const a = await run({ mrd: [sample({ RESULT: 'POSITIVE', MRDLEVEL: '3.0E-05', CELLS: 2000000 })] });
    expect(statuses(a)).toEqual(['NEG', 'POS', 'POS']);
  });
  it('a level exactly at the threshold is POS (MRDLEVEL >= T)', async () => {
    const a = await run({ mrd: [sample({ RESULT: 'POSITIVE', MRDLEVEL: '1E-5', CELLS: 2000000 })] });
    expect(statuses(a)).toEqual(['NEG', 'POS', 'POS']);
  });
  it('POSITIVE with no level is POS at every threshold', async () => {
    const a = await run({ mrd: [sample({ RESULT: 'POSITIVE', CELLS: 2000000 })] });
    expect(statuses(a)).toEqual(['POS', 'POS', 'POS']);
  });
  it('FAILED and NOT DONE are not evaluable, with their reason', async () => {
    const a = await run({ mrd: [sample({ RESULT: 'FAILED', FAILRSN: 'INSUFFICIENT_DNA' }), sample({ SAMPLEID: 'M2', RESULT: 'NOT DONE' })] });
    expect(statuses(a, 0)).toEqual(['NE:FAILED', 'NE:FAILED', 'NE:FAILED']);
    expect(statuses(a, 1)).toEqual(['NE:NOT_DONE', 'NE:NOT_DONE', 'NE:NOT_DONE']);
  });
  it('a hemodiluted negative is NE by default and NEG with hemodilutedNegative: negative', async () => {
    const m = [sample({ CELLS: 2000000, HEMODIL: 'Y' })];
    expect(statuses(await run({ mrd: m }))).toEqual(['NE:HEMODILUTED_NEGATIVE', 'NE:HEMODILUTED_NEGATIVE', 'NE:HEMODILUTED_NEGATIVE']);
    const plan = BASE_PLAN + 'mrd:\n  hemodilutedNegative: negative\n';
    expect(statuses(await run({ plan, mrd: m }))).toEqual(['NEG', 'NEG', 'NEG']);
  });
  it('a hemodiluted positive stays POS', async () => {
    const a = await run({ mrd: [sample({ RESULT: 'POSITIVE', MRDLEVEL: '1E-3', CELLS: 2000000, HEMODIL: 'Y' })] });
    expect(statuses(a)).toEqual(['POS', 'POS', 'POS']);
  });
});

describe('sample eligibility', () => {
  const subj = [{ USUBJID: 'S1', ARM: 'A', RANDDT: '2023-01-01' }];
  const cases: [string, Row, string, Partial<StudySpec>?][] = [
    ['peripheral blood', { SPEC: 'PB', CELLS: 2e6 }, 'SPECIMEN_NOT_BM'],
    ['local lab', { CENTRAL: 'N', CELLS: 2e6 }, 'LOCAL_LAB'],
    ['NGF under primary-only NGS', { METHOD: 'NGF', CELLS: 2e7 }, 'METHOD_NOT_IN_COMBINE_RULE'],
    ['the day before randomisation', { COLLDT: '2022-12-31', CELLS: 2e6 }, 'BEFORE_RANDOMISATION'],
    ['the day after the cut-off', { COLLDT: '2025-01-01', CELLS: 2e6 }, 'AFTER_CUTOFF'],
    ['on the day of progression', { COLLDT: '2023-09-01', CELLS: 2e6 }, 'ON_OR_AFTER_PROGRESSION', { response: [{ USUBJID: 'S1', ADT: '2023-09-01', AVALC: 'PD' }] }],
    ['on the first day of new therapy', { COLLDT: '2023-09-01', CELLS: 2e6 }, 'ON_OR_AFTER_NEW_THERAPY', { therapy: [{ USUBJID: 'S1', DRUG: 'X', STDT: '2023-09-01', NEWTHER: 'Y' }] }],
  ];
  it.each(cases)('a sample taken %s does not count', async (_name, extra, reason, more) => {
    const a = await run({ subjects: subj, mrd: [sample(extra)], ...(more ?? {}) });
    expect(REASONS.text(a.exclusion[0])).toBe(reason);
    expect(statuses(a)).toEqual([`EXCLUDED:${reason}`, `EXCLUDED:${reason}`, `EXCLUDED:${reason}`]);
    expect(a.subjectMrd[1].negative[0]).toBe(0);
  });
  it('samples on the randomisation day, on the cut-off day and the day before progression count', async () => {
    const a = await run({
      subjects: subj,
      mrd: [sample({ COLLDT: '2023-01-01', CELLS: 2e6 }), sample({ SAMPLEID: 'M2', COLLDT: '2024-12-31', CELLS: 2e6 }), sample({ SAMPLEID: 'M3', COLLDT: '2024-12-30', CELLS: 2e6 })],
      response: [{ USUBJID: 'S1', ADT: '2024-12-31', AVALC: 'PD' }],
    });
    expect(Array.from(a.exclusion, (c) => REASONS.text(c))).toEqual([null, 'ON_OR_AFTER_PROGRESSION', null]);
  });
  it('a PFS event in tte.csv also ends the window (progression or death)', async () => {
    const a = await run({
      subjects: subj,
      mrd: [sample({ COLLDT: '2023-06-01', CELLS: 2e6 })],
      tte: [{ USUBJID: 'S1', PARAMCD: 'PFS', STARTDT: '2023-01-01', ADT: '2023-05-01', CNSR: 0 }],
    });
    expect(REASONS.text(a.exclusion[0])).toBe('ON_OR_AFTER_PROGRESSION');
  });
  it('either-negative lets NGF samples count', async () => {
    const plan = BASE_PLAN + 'mrd:\n  combine: either-negative\n';
    // 20 events / 1e7 cells = LOD 2e-6
    const a = await run({ plan, mrd: [sample({ METHOD: 'NGF', CELLS: 1e7 })] });
    expect(statuses(a)).toEqual(['NEG', 'NEG', 'NE:LOD_ABOVE_THRESHOLD']);
  });
});

describe('subject-level MRD negativity and populations', () => {
  it('ITT counts subjects with no sample or only failures as not negative; CR and evaluable are subsets', async () => {
    const subjects = ['S1', 'S2', 'S3', 'S4'].map((id) => ({ USUBJID: id, ARM: 'A', RANDDT: '2023-01-01' }));
    subjects.push({ USUBJID: 'S5', ARM: 'B', RANDDT: '2023-01-01' });
    const a = await run({
      subjects,
      mrd: [
        sample({ CELLS: 2e6 }), // S1 NEG
        { ...sample({ RESULT: 'FAILED' }), USUBJID: 'S2' }, // S2 failed only
        { ...sample({ RESULT: 'POSITIVE', MRDLEVEL: '1E-3', CELLS: 2e6 }), USUBJID: 'S3' }, // S3 POS
      ],
      response: [
        { USUBJID: 'S1', ADT: '2023-06-01', AVALC: 'CR' },
        { USUBJID: 'S2', ADT: '2023-06-01', AVALC: 'CR' },
        { USUBJID: 'S3', ADT: '2023-06-01', AVALC: 'VGPR' },
      ],
    });
    const at = (endpoint: string, population: string, arm = 'A') =>
      a.mrdRates.find((r) => r.endpoint === endpoint && r.population === population && r.threshold === 1e-5 && r.arm === arm)!;
    expect([at('MRD_NEG', 'ITT').x, at('MRD_NEG', 'ITT').n]).toEqual([1, 4]);
    expect([at('MRD_NEG_CR', 'ITT').x, at('MRD_NEG_CR', 'ITT').n]).toEqual([1, 4]);
    expect([at('MRD_NEG', 'CR').x, at('MRD_NEG', 'CR').n]).toEqual([1, 2]);
    expect([at('MRD_NEG', 'EVALUABLE').x, at('MRD_NEG', 'EVALUABLE').n]).toEqual([1, 2]);
    expect([at('MRD_NEG', 'ITT', 'B').x, at('MRD_NEG', 'ITT', 'B').n]).toEqual([0, 1]);
  });
  it('ITTFL = N removes a subject from every denominator', async () => {
    const a = await run({
      subjects: [{ USUBJID: 'S1', ARM: 'A', RANDDT: '2023-01-01', ITTFL: 'N' }, { USUBJID: 'S2', ARM: 'A', RANDDT: '2023-01-01' }],
      mrd: [sample({ CELLS: 2e6 })],
    });
    const itt = a.mrdRates.find((r) => r.endpoint === 'MRD_NEG' && r.population === 'ITT' && r.arm === 'A')!;
    expect([itt.x, itt.n]).toEqual([0, 1]);
  });
  it('best response ignores assessments after progression and before randomisation', async () => {
    const a = await run({
      response: [
        { USUBJID: 'S1', ADT: '2022-12-01', AVALC: 'CR' },
        { USUBJID: 'S1', ADT: '2023-03-01', AVALC: 'PR' },
        { USUBJID: 'S1', ADT: '2023-06-01', AVALC: 'PD' },
        { USUBJID: 'S1', ADT: '2023-09-01', AVALC: 'CR' },
      ],
    });
    expect(a.bestResponse[0]).toBe('PR');
  });
});
