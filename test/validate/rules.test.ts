import { afterEach, describe, expect, it } from 'vitest';
import { validateStudy } from '../../pipeline/validate/validateStudy.js';
import { quantileSorted } from '../../pipeline/validate/labMetrics.js';
import { compareIssues, issue, summariseIssues } from '../../pipeline/validate/issues.js';
import { BASE_PLAN, writeStudy, type Row, type StudySpec } from '../helpers/studyFixture.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((f) => f());
  cleanups = [];
});

/** Runs the checks on a small study; returns `rule@line` (or `rule@subject` for subject-level issues). */
async function rulesOf(spec: StudySpec, prefix = ''): Promise<string[]> {
  const s = writeStudy(spec);
  cleanups.push(s.cleanup);
  const v = await validateStudy(s.dir);
  return v.issues.filter((i) => i.rule.startsWith(prefix)).map((i) => `${i.rule}@${i.line ?? i.subject}`);
}

const ngs = (over: Row): Row => ({ USUBJID: 'S1', SAMPLEID: `X${Math.random().toString(36).slice(2, 8)}`, COLLDT: '2023-07-01', METHOD: 'NGS', RESULT: 'NEGATIVE', CELLS: 2000000, CLONEID: 'Y', ...over });
const ngf = (over: Row): Row => ({ USUBJID: 'S1', SAMPLEID: `F${Math.random().toString(36).slice(2, 8)}`, COLLDT: '2023-07-01', METHOD: 'NGF', RESULT: 'NEGATIVE', CELLS: 4000000, HEMODIL: 'N', PROCDTM: '2023-07-02T08:00', ...over });

describe('NGF time to processing, measured from the end of the collection day', () => {
  it('flags a delay only when it certainly exceeds the limit', async () => {
    const r = await rulesOf({
      mrd: [
        ngs({ COLLDT: '2023-01-10' }),
        ngf({ COLLDT: '2024-03-01', PROCDTM: '2024-03-03T00:00' }), // exactly 24 h after the end of 1 March
        ngf({ COLLDT: '2024-03-01', PROCDTM: '2024-03-03T00:01' }),
        ngf({ COLLDT: '2024-03-01', PROCDTM: undefined }),
        ngf({ COLLDT: '2024-03-01', PROCDTM: undefined, RESULT: 'NOT DONE', CELLS: undefined }),
      ],
    }, 'mrd.');
    expect(r).toEqual(['mrd.ngf-processing-late@4', 'mrd.ngf-processing-time-missing@5']);
  });
  it('follows mrd.ngf.maxHoursToProcessing', async () => {
    const plan = BASE_PLAN + 'mrd:\n  ngf: { maxHoursToProcessing: 48 }\n';
    expect(await rulesOf({ plan, mrd: [ngs({ COLLDT: '2023-01-10' }), ngf({ COLLDT: '2024-03-01', PROCDTM: '2024-03-03T00:01' })] }, 'mrd.')).toEqual([]);
  });
});

describe('anti-CD38 epitope masking window', () => {
  it('covers STDT to ENDT + 180 days, or to the cut-off + 180 when ongoing; NGF results only', async () => {
    const therapy = [
      { USUBJID: 'S1', DRUG: 'DARATUMUMAB', CLASS: 'ANTI-CD38', STDT: '2023-02-01', ENDT: '2023-06-01' },
      { USUBJID: 'S2', DRUG: 'ISATUXIMAB', CLASS: 'anti cd38', STDT: '2023-03-01' },
      { USUBJID: 'S1', DRUG: 'LENALIDOMIDE', CLASS: 'IMID', STDT: '2023-01-01' },
    ];
    const r = await rulesOf({
      subjects: [
        { USUBJID: 'S1', ARM: 'A', RANDDT: '2023-01-01' },
        { USUBJID: 'S2', ARM: 'B', RANDDT: '2023-01-01' },
      ],
      therapy,
      mrd: [
        ngs({ COLLDT: '2023-01-10' }),
        ngf({ COLLDT: '2023-01-31', PROCDTM: '2023-02-01T08:00' }), // line 3: before STDT
        ngf({ COLLDT: '2023-02-01', PROCDTM: '2023-02-02T08:00' }), // line 4: first day
        ngf({ COLLDT: '2023-11-28', PROCDTM: '2023-11-29T08:00' }), // line 5: ENDT + 180
        ngf({ COLLDT: '2023-11-29', PROCDTM: '2023-11-30T08:00' }), // line 6: ENDT + 181
        ngs({ COLLDT: '2023-04-01' }), // line 7: NGS is not affected
        ngf({ COLLDT: '2023-04-01', RESULT: 'FAILED', FAILRSN: 'QC', CELLS: undefined, PROCDTM: '2023-04-02T08:00' }), // line 8: no result
        ngf({ USUBJID: 'S2', COLLDT: '2024-12-31', PROCDTM: '2025-01-01T08:00' }), // line 9: ongoing
        ngs({ USUBJID: 'S2', COLLDT: '2023-01-10' }),
      ],
    });
    expect(r.filter((x) => x.startsWith('mrd.anti-cd38'))).toEqual(['mrd.anti-cd38-masking@4', 'mrd.anti-cd38-masking@5', 'mrd.anti-cd38-masking@9']);
  });
});

describe('levels and sensitivity at the primary threshold (1e-5)', () => {
  it('reads a LOD equal to the threshold as reaching it, and one cell fewer as not', async () => {
    const r = await rulesOf({
      mrd: [
        ngf({ CELLS: 2000000 }), // 20 / 2e6 = 1e-5
        ngf({ CELLS: 1999999 }),
        ngs({ CELLS: undefined, DNANG: 650 }), // 1e5 cells from DNA: LOD 1e-5 up to rounding
        ngs({ CELLS: undefined, DNANG: 649 }),
        ngs({ CELLS: undefined }),
        ngs({ RESULT: 'POSITIVE', MRDLEVEL: '5E-06', CELLS: 50000 }), // a negative call below T needs the LOD too
      ],
    }, 'mrd.');
    expect(r).toEqual(['mrd.sensitivity-below-primary@3', 'mrd.sensitivity-below-primary@5', 'mrd.sensitivity-unknown@6', 'mrd.sensitivity-below-primary@7']);
  });
  it('checks MRDLEVEL against (0, 1] and against the result', async () => {
    const r = await rulesOf({
      mrd: [
        ngs({ MRDLEVEL: '1E-05' }), // line 2: NEGATIVE at the threshold: contradictory
        ngs({ MRDLEVEL: '9.9E-06' }), // line 3: below T: allowed
        ngs({ RESULT: 'POSITIVE', MRDLEVEL: '1' }), // line 4: 100 %: allowed
        ngs({ RESULT: 'POSITIVE', MRDLEVEL: '1.5' }), // line 5
        ngs({ RESULT: 'POSITIVE', MRDLEVEL: '0' }), // line 6
        ngs({ MRDLEVEL: '0' }), // line 7
        ngs({ RESULT: 'POSITIVE' }), // line 8
        ngs({ CLONEID: 'N' }), // line 9
        ngs({ CLONEID: undefined }), // line 10
        ngs({ RESULT: 'FAILED', CELLS: undefined }), // line 11
        ngs({ LOD: '1E-07', CELLS: 1000000 }), // line 12: below one cell in 1e6
        ngs({ LOD: '1E-06', CELLS: 1000000 }), // line 13: exactly one cell
        ngf({ RESULT: 'POSITIVE', MRDLEVEL: '1E-05', CELLS: 4000000 }), // line 14: LLOQ 1.25e-5
        ngf({ HEMODIL: 'Y' }), // line 15
      ],
    });
    expect(r).toEqual([
      'mrd.negative-with-level@2',
      'mrd.level-out-of-range@5',
      'mrd.level-out-of-range@6',
      'mrd.level-zero-negative@7',
      'mrd.positive-no-level@8',
      'mrd.ngs-no-clone@9',
      'mrd.ngs-clone-unknown@10',
      'mrd.failed-no-reason@11',
      'mrd.lod-below-one-cell@12',
      'mrd.level-below-lloq@14',
      'mrd.hemodiluted-negative@15',
      'completeness.unconfirmed-negative@S1',
    ]);
  });
});

describe('dates', () => {
  it('flags out-of-order and out-of-window dates', async () => {
    const r = await rulesOf({
      subjects: [
        { USUBJID: 'S1', ARM: 'A', RANDDT: '2023-01-01' },
        { USUBJID: 'S2', ARM: 'B', RANDDT: '2025-01-02' },
      ],
      tte: [{ USUBJID: 'S1', PARAMCD: 'PFS', STARTDT: '2023-01-01', ADT: '2024-12-31', CNSR: 1 }],
      mrd: [
        ngs({ COLLDT: '2022-12-31', RESULT: 'POSITIVE', MRDLEVEL: '0.2' }), // line 2: baseline
        ngs({ COLLDT: '2022-12-31' }), // line 3
        ngs({ COLLDT: '2023-01-01', RECVDTM: '2022-12-31T23:59' }), // line 4: received before the collection day
        ngs({ COLLDT: '2023-01-02', RECVDTM: '2023-01-02T00:00', PROCDTM: '2023-01-01T23:00' }), // line 5
        ngs({ COLLDT: '2025-01-01', RESULT: 'POSITIVE', MRDLEVEL: '0.01' }), // line 6
      ],
      response: [
        { USUBJID: 'S1', ADT: '2022-12-31', AVALC: 'PR' },
        { USUBJID: 'S1', ADT: '2025-01-01', AVALC: 'PR' },
      ],
      therapy: [{ USUBJID: 'S1', DRUG: 'D', STDT: '2023-01-01', ENDT: '2022-12-31' }],
    });
    expect(r).toEqual([
      'mrd.pre-randomisation-positive@2',
      'mrd.before-randomisation@3',
      'mrd.received-before-collection@4',
      'mrd.processed-before-received@5',
      'mrd.after-cutoff@6',
      'response.before-randomisation@2',
      'response.after-cutoff@3',
      'subject.randomised-after-cutoff@3',
      'therapy.end-before-start@2',
    ]);
  });
});

describe('completeness', () => {
  const plan = BASE_PLAN + 'mrd:\n  timepoints: [{ name: M12, month: 12, windowMonths: 3 }]\n';
  const subjects = [{ USUBJID: 'S1', ARM: 'A', RANDDT: '2022-01-01' }];
  it('expects an MRD assessment for a CR, and lists why the ones found are not evaluable', async () => {
    const r = await rulesOf({
      subjects,
      response: [{ USUBJID: 'S1', ADT: '2022-07-01', AVALC: 'CR' }],
      mrd: [ngf({ COLLDT: '2023-01-02', HEMODIL: 'Y', PROCDTM: '2023-01-03T08:00' })],
      plan: BASE_PLAN + 'mrd:\n  primaryMethod: NGF\n',
    });
    expect(r).toEqual(['mrd.hemodiluted-negative@2', 'completeness.cr-without-mrd@S1']);
  });
  it('expects a confirmation only when the first negative is more than minGapDays before the cut-off', async () => {
    const at = (d: string) => rulesOf({ subjects, mrd: [ngs({ COLLDT: d })] });
    expect(await at('2024-01-01')).toEqual([]); // 365 days before the 2024-12-31 cut-off
    expect(await at('2023-12-31')).toEqual(['completeness.unconfirmed-negative@S1']);
    expect(await rulesOf({ subjects, mrd: [ngs({ COLLDT: '2023-06-01' }), ngs({ COLLDT: '2024-06-01', RESULT: 'FAILED', CELLS: undefined, FAILRSN: 'QC' })] })).toEqual([
      'completeness.unconfirmed-negative@S1',
    ]);
    expect(await rulesOf({ subjects, mrd: [ngs({ COLLDT: '2023-06-01' }), ngs({ COLLDT: '2024-06-01', RESULT: 'POSITIVE', MRDLEVEL: '0.001' })] })).toEqual([]);
    // progression before the confirmation was due: nothing to ask
    expect(await rulesOf({ subjects, mrd: [ngs({ COLLDT: '2023-06-01' })], response: [{ USUBJID: 'S1', ADT: '2024-01-01', AVALC: 'PD' }] })).toEqual([]);
  });
  it('expects a sample in each timepoint window the subject was followed through without progression', async () => {
    const pos = (d: string) => ngs({ COLLDT: d, RESULT: 'POSITIVE', MRDLEVEL: '0.001' });
    // window: 274 to 456 days after 2022-01-01, i.e. 2022-10-02 to 2023-04-02
    expect(await rulesOf({ plan, subjects, mrd: [pos('2022-10-02')] })).toEqual([]);
    expect(await rulesOf({ plan, subjects, mrd: [pos('2023-04-02')] })).toEqual([]);
    expect(await rulesOf({ plan, subjects, mrd: [pos('2022-10-01'), pos('2023-04-03')] })).toEqual(['completeness.timepoint-missing@S1']);
    // only a peripheral-blood sample in the window: it does not count
    expect(await rulesOf({ plan, subjects, mrd: [{ ...pos('2023-01-01'), SPEC: 'PB' }] })).toEqual(['completeness.timepoint-missing@S1']);
    // followed only until 2023-03-01 (tte), or progressed before the window: not expected
    const tte = [{ USUBJID: 'S1', PARAMCD: 'OS', STARTDT: '2022-01-01', ADT: '2023-03-01', CNSR: 1 }];
    expect(await rulesOf({ plan, subjects, tte, mrd: [] })).toEqual([]);
    expect(await rulesOf({ plan, subjects, mrd: [], response: [{ USUBJID: 'S1', ADT: '2022-09-01', AVALC: 'PD' }] })).toEqual([]);
  });
});

describe('issue ordering and summary', () => {
  it('sorts by file, line (subject-level last), rule; summarises errors first', () => {
    const list = [
      issue('mrd.csv', null, 'S2', null, 'completeness.cr-without-mrd', 'm'),
      issue('mrd.csv', 10, 'S1', 'A', 'mrd.positive-no-level', 'm'),
      issue('mrd.csv', 2, 'S1', 'A', 'orphan.subject', 'm'),
      issue('mrd.csv', 2, 'S1', 'A', 'mrd.failed-no-reason', 'm'),
      issue('imaging.csv', 5, 'S1', null, 'value.allowed', 'm'),
    ].sort(compareIssues);
    expect(list.map((i) => `${i.file}:${i.line}:${i.rule}`)).toEqual([
      'imaging.csv:5:value.allowed',
      'mrd.csv:2:mrd.failed-no-reason',
      'mrd.csv:2:orphan.subject',
      'mrd.csv:10:mrd.positive-no-level',
      'mrd.csv:null:completeness.cr-without-mrd',
    ]);
    expect(summariseIssues(list).map((s) => `${s.severity} ${s.rule} ${s.count}`)).toEqual([
      'error orphan.subject 1',
      'error value.allowed 1',
      'warning completeness.cr-without-mrd 1',
      'warning mrd.failed-no-reason 1',
      'warning mrd.positive-no-level 1',
    ]);
  });
});

describe('quantileSorted (R quantile type 7)', () => {
  it('matches R', () => {
    expect(quantileSorted([1, 2, 3, 4, 10], 0.5)).toBe(3);
    expect(quantileSorted([1, 2, 3, 4, 10], 0.9)).toBeCloseTo(7.6, 12); // quantile(c(1,2,3,4,10), .9)
    expect(quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
    expect(quantileSorted([5], 0.9)).toBe(5);
    expect(quantileSorted([], 0.5)).toBeNull();
  });
});

describe('docs/validation.md', () => {
  it('documents every rule with the severity the code uses', async () => {
    const { readFileSync } = await import('node:fs');
    const { RULES } = await import('../../pipeline/validate/issues.js');
    const doc = readFileSync('docs/validation.md', 'utf8');
    const documented = new Map([...doc.matchAll(/^\| `([a-z0-9.-]+)` \| (error|warning|info) \|/gm)].map((m) => [m[1], m[2]]));
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(Object.entries(RULES).map(([r, i]) => [r, i.severity])));
  });
});
