import { afterEach, describe, expect, it, vi } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../pipeline/cli.js';
import { writeStudy, type Row } from '../helpers/studyFixture.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((f) => f());
  cleanups = [];
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mrd-valcli-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}
function study(spec: Parameters<typeof writeStudy>[0]): string {
  const s = writeStudy(spec);
  cleanups.push(s.cleanup);
  return s.dir;
}
async function validate(dir: string, ...extra: string[]) {
  const out = join(tmp(), 'out');
  const so: string[] = [];
  const se: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (so.push(String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (se.push(String(s)), true));
  let code: number;
  try {
    code = await main(['validate', dir, '--out', out, '--reproducible', ...extra]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const read = (f: string) => readFileSync(join(out, f), 'utf8');
  return { code, out, stdout: so.join(''), stderr: se.join(''), read, json: () => JSON.parse(read('validation.json')) };
}

/** Two subjects in CR, each with a sensitive NGS negative at months 6 and 12, every lab field filled. */
function cleanMrd(id: string, rand: string): Row[] {
  const day = (d: number) => new Date(Date.parse(rand + 'T00:00:00Z') + d * 86_400_000).toISOString().slice(0, 10);
  return [180, 365].map((d, k) => ({
    USUBJID: id,
    SAMPLEID: `${id}-${k + 1}`,
    COLLDT: day(d),
    METHOD: 'NGS',
    RESULT: 'NEGATIVE',
    LAB: 'LAB-1',
    VISIT: k ? 'M12' : 'M6',
    CELLS: 2000000,
    CLONEID: 'Y',
    RECVDTM: `${day(d + 1)}T10:00`,
    PROCDTM: `${day(d + 2)}T09:00`,
  }));
}
const CLEAN = {
  subjects: [
    { USUBJID: 'S1', ARM: 'A', RANDDT: '2023-01-01', SITEID: 'X1' },
    { USUBJID: 'S2', ARM: 'B', RANDDT: '2023-02-01', SITEID: 'X2' },
  ],
  mrd: [...cleanMrd('S1', '2023-01-01'), ...cleanMrd('S2', '2023-02-01')],
  response: [
    { USUBJID: 'S1', ADT: '2023-06-30', AVALC: 'CR' },
    { USUBJID: 'S2', ADT: '2023-07-30', AVALC: 'CR' },
  ],
};

describe('mrd validate: exit statuses', () => {
  it('0 and a short report for a clean study', async () => {
    const r = await validate(study(CLEAN));
    expect(r.code).toBe(0);
    expect(r.json().issues).toEqual([]);
    expect(r.json().summary).toEqual([]);
    expect(r.read('queries.csv')).toBe('\uFEFFfile,line,subject,sample,rule,severity,message\r\n');
    expect(r.read('validation.html')).toContain('No issues found');
    expect(r.stdout).toContain('0 error(s), 0 warning(s), 0 info');
    expect(r.json().accounting).toEqual([
      { file: 'subjects.csv', rowsRead: 2, rowsUsed: 2, rowsRejected: 0, rowsSkipped: 0 },
      { file: 'mrd.csv', rowsRead: 4, rowsUsed: 4, rowsRejected: 0, rowsSkipped: 0 },
      { file: 'response.csv', rowsRead: 2, rowsUsed: 2, rowsRejected: 0, rowsSkipped: 0 },
      { file: 'tte.csv', rowsRead: 2, rowsUsed: 2, rowsRejected: 0, rowsSkipped: 0 },
    ]);
  });

  it('1 for the embedded sample study (its deliberate orphan row), 0 once that row is removed, with a short summary', async () => {
    const r = await validate('data-samples/sample-study');
    expect(r.code).toBe(1);
    const errors = r.json().issues.filter((i: { severity: string }) => i.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({ file: 'mrd.csv', line: 39, subject: 'X99', sample: 'X99-S1', rule: 'orphan.subject', severity: 'error' }),
    ]);
    const copy = tmp();
    cpSync('data-samples/sample-study', copy, { recursive: true });
    const mrd = readFileSync(join(copy, 'mrd.csv'), 'utf8').split('\n').filter((l) => !l.startsWith('X99,')).join('\n');
    writeFileSync(join(copy, 'mrd.csv'), mrd);
    const c = await validate(copy);
    expect(c.code).toBe(0);
    expect(c.json().status.errors).toBe(0);
    expect(c.json().summary.length).toBeLessThanOrEqual(12); // one line per rule, not per row
    expect(c.stdout.split('\n').length).toBeLessThan(16);
  });

  it('2 when the study cannot be read at all, and nothing is written', async () => {
    const cases: [string, (d: string) => void, RegExp][] = [
      ['missing required file', (d) => unlinkSync(join(d, 'tte.csv')), /tte\.csv: required input file not found.*\[file\.missing\]/],
      ['unreadable plan', (d) => writeFileSync(join(d, 'study.yaml'), 'study: [unclosed\n'), /study\.yaml/],
      ['plan with an unknown arm list', (d) => writeFileSync(join(d, 'study.yaml'), 'study: X\ncutoff: 2024-13-01\narms: []\n'), /study\.yaml/],
      ['required column missing', (d) => writeFileSync(join(d, 'mrd.csv'), 'USUBJID,SAMPLEID,COLLDT,METHOD\nS1,A,2023-01-01,NGS\n'), /\[header\.missing-column\]/],
    ];
    for (const [what, breakIt, message] of cases) {
      const dir = study(CLEAN);
      breakIt(dir);
      const r = await validate(dir);
      expect(r.code, what).toBe(2);
      expect(r.stderr, what).toMatch(message);
      expect(existsSync(r.out), what).toBe(false);
    }
    const r = await validate('/nonexistent/study');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[study.missing]');
  });

  it('2 for command-line errors', async () => {
    const so = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['validate', 'data-samples/sample-study'])).toBe(2);
    expect(await main(['validate', '--out', 'x'])).toBe(2);
    expect(await main(['validate', 'a', 'b', '--out', 'x'])).toBe(2);
    so.mockRestore();
  });

  it('is listed in the usage text', async () => {
    const out: string[] = [];
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    await main(['--help']);
    o.mockRestore();
    expect(out.join('')).toContain('mrd validate STUDY_DIR --out OUT_DIR');
  });
});

describe('mrd validate: outputs safe to open', () => {
  // an export with properly quoted fields: an orphan row whose IDs look like formulas or markup
  const hostileMrd =
    'USUBJID,SAMPLEID,COLLDT,METHOD,RESULT,CELLS,CLONEID\n' +
    '"=HYPERLINK(""http://evil.example"",""x"")",+SUM(A1),2023-07-01,NGS,NEGATIVE,2000000,Y\n' +
    '<script>alert(1)</script>,@x,2023-07-01,NGS,NEGATIVE,2000000,Y\n';
  const hostile = { ...CLEAN, mrd: [], raw: { 'mrd.csv': hostileMrd } };

  it('neutralises formula-looking values in queries.csv', async () => {
    const r = await validate(study(hostile));
    expect(r.code).toBe(1);
    const lines = r.read('queries.csv').replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('file,line,subject,sample,rule,severity,message');
    const row = lines.find((l) => l.includes('HYPERLINK'))!;
    expect(row.startsWith('mrd.csv,2,"\'=HYPERLINK(""http://evil.example"",""x"")",\'+SUM(A1),orphan.subject,error,')).toBe(true);
    expect(lines.find((l) => l.startsWith('mrd.csv,3,'))).toContain(",'@x,orphan.subject,error,");
  });

  it('escapes every data value in validation.html', async () => {
    const r = await validate(study(hostile));
    const html = r.read('validation.html');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<a [^>]*href="http/);
  });
});

describe('mrd validate: time stamp', () => {
  it('takes the manifest time stamp from SOURCE_DATE_EPOCH', async () => {
    const out = join(tmp(), 'o');
    const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.stubEnv('SOURCE_DATE_EPOCH', '1700000000');
    try {
      expect(await main(['validate', study(CLEAN), '--out', out])).toBe(0);
    } finally {
      vi.unstubAllEnvs();
      o.mockRestore();
    }
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).runAt).toBe('2023-11-14T22:13:20.000Z');
  });
});

describe('mrd validate --lang zh', () => {
  it('writes validation.html and the console summary in Chinese; queries.csv and validation.json stay the same data', async () => {
    const en = await validate('data-samples/messy-lab');
    const zh = await validate('data-samples/messy-lab', '--lang', 'zh');
    expect([en.code, zh.code]).toEqual([1, 1]);
    expect(zh.read('queries.csv')).toBe(en.read('queries.csv'));
    expect(zh.read('validation.json')).toBe(en.read('validation.json'));
    const html = zh.read('validation.html');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('MESSY-LAB-MRD-002：MRD 数据核查');
    expect(html).toContain('<h2>记录核算</h2>');
    expect(html).toContain('<code>subject.randomised-after-cutoff</code> — RANDDT 晚于数据截止日期；该受试者未使用 (1)');
    expect(html).not.toMatch(/what it means|Record accounting|Failure rates|no errors \(exit status 0\)/);
    expect(zh.stdout).toMatch(/^mrd validate：MESSY-LAB-MRD-002，数据截止 2024-06-30：32 个错误，28 个警告，8 个提示\n/);
    expect(zh.stdout).toContain('  错误    orphan.subject                     9\n');
    expect(en.stdout).toContain('  error   orphan.subject                     9\n');
    expect((await validate('data-samples/messy-lab', '--lang', 'fr')).code).toBe(2);
  });

  it('gives every rule a Chinese meaning', async () => {
    const { RULES } = await import('../../pipeline/validate/issues.js');
    const { VALIDATION_LABELS } = await import('../../reports/validation/validationLabels.js');
    const missing = Object.keys(RULES).filter((r) => !/\p{Script=Han}/u.test(VALIDATION_LABELS.zh.ruleTitle(r) ?? ''));
    expect(missing).toEqual([]);
  });
});
