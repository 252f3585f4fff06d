import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { main } from '../../pipeline/cli.js';
import { figureCache } from '../helpers/figureRenderers.js';
import { SCENARIOS, sampleStudyFiles } from '../../data-samples/sample-study/generate.js';
import { expectClose } from '../helpers/approx.js';

const DIR = 'data-samples/sample-study';
const cp = JSON.parse(readFileSync('test/oracle/fixtures/clopperPearson.json', 'utf8')) as {
  cases: { x: number; n: number; level: number; lower: number; upper: number }[];
};
const rRef = (x: number, n: number) => cp.cases.find((c) => c.x === x && c.n === n && c.level === 0.95)!;

let a: Analysis;
beforeAll(async () => {
  a = await analyseStudy(DIR);
});

describe('the embedded sample study', () => {
  it('is exactly what its committed generator writes', () => {
    for (const [name, text] of sampleStudyFiles()) expect(readFileSync(join(DIR, name), 'utf8'), name).toBe(text);
  });

  it('gives every subject the MRD-negative flags worked out by hand in generate.ts', () => {
    for (const s of SCENARIOS) {
      const i = a.subjects.index.get(s.id)!;
      expect(a.subjectMrd.map((m) => m.negative[i]), `${s.id}: ${s.why}`).toEqual(s.expect);
    }
  });

  // Counted by hand from the scenario table (see data-samples/sample-study/README.md).
  const expected: [string, string, string, number[], number[]][] = [
    ['MRD_NEG', 'ITT', 'EXP', [10, 8, 5], [20, 20, 20]],
    ['MRD_NEG', 'ITT', 'CTL', [9, 8, 4], [19, 19, 19]],
    ['MRD_NEG_CR', 'ITT', 'EXP', [9, 7, 4], [20, 20, 20]],
    ['MRD_NEG_CR', 'ITT', 'CTL', [8, 7, 3], [19, 19, 19]],
    ['MRD_NEG', 'CR', 'EXP', [9, 7, 4], [18, 18, 18]],
    ['MRD_NEG', 'CR', 'CTL', [8, 7, 3], [12, 12, 12]],
    ['MRD_NEG', 'EVALUABLE', 'EXP', [10, 8, 5], [10, 9, 6]],
    ['MRD_NEG', 'EVALUABLE', 'CTL', [9, 8, 4], [11, 10, 7]],
  ];
  it.each(expected)('%s / %s / %s: x and N at 1e-4, 1e-5, 1e-6 with CIs equal to R binom.test', (endpoint, population, arm, xs, ns) => {
    [1e-4, 1e-5, 1e-6].forEach((t, k) => {
      const r = a.mrdRates.find((q) => q.endpoint === endpoint && q.population === population && q.arm === arm && q.threshold === t)!;
      expect([r.x, r.n]).toEqual([xs[k], ns[k]]);
      expect(r.rate).toBe(xs[k] / ns[k]);
      const ref = rRef(xs[k], ns[k]);
      expectClose(r.ciLower, ref.lower, 1e-6, 1e-12, `${endpoint} ${population} ${arm} ${t} lower`);
      expectClose(r.ciUpper, ref.upper, 1e-6, 1e-12, `${endpoint} ${population} ${arm} ${t} upper`);
    });
  });

  it('accounts for every input row (one orphan sample rejected)', () => {
    expect(a.accounting).toEqual([
      { file: 'subjects.csv', rowsRead: 40, rowsUsed: 40, rowsRejected: 0, rowsSkipped: 0 },
      { file: 'mrd.csv', rowsRead: 38, rowsUsed: 37, rowsRejected: 1, rowsSkipped: 0 },
      { file: 'response.csv', rowsRead: 81, rowsUsed: 81, rowsRejected: 0, rowsSkipped: 0 },
      { file: 'tte.csv', rowsRead: 40, rowsUsed: 40, rowsRejected: 0, rowsSkipped: 0 },
      { file: 'therapy.csv', rowsRead: 1, rowsUsed: 1, rowsRejected: 0, rowsSkipped: 0 },
    ]);
    expect(a.rejected).toEqual([
      expect.objectContaining({ file: 'mrd.csv', line: 39, column: 'USUBJID', value: 'X99', rule: 'orphan.subject' }),
    ]);
  });
});

describe('mrd run on the sample study', () => {
  const outs: string[] = [];
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'mrd-out-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // `drawOnce`: for checks of tables and text, each distinct figure is drawn once per test worker; the
  // byte-identity check draws every figure of both runs
  const runTo = async (name: string, extra: string[] = [], drawOnce = false) => {
    const out = join(root, name);
    outs.push(out);
    const code = await main(['run', DIR, '--out', out, '--reproducible', ...extra], drawOnce ? { startFigures: figureCache } : {});
    expect(code).toBe(0);
    return out;
  };
  const readAll = (dir: string, sub = ''): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = join(sub, e.name);
      if (e.isDirectory()) Object.assign(out, readAll(dir, rel));
      else out[rel] = /\.(docx|png)$/.test(rel) ? readFileSync(join(dir, rel)).toString('base64') : readFileSync(join(dir, rel), 'utf8');
    }
    return out;
  };

  it('writes results.json with the SPEC names, and byte-identical files on a second run', async () => {
    const one = readAll(await runTo('one'));
    const two = readAll(await runTo('two'));
    const tables = ['assay_failures', 'concordance', 'efficacy_summary', 'interference_flags', 'landmark_rates', 'mrd_comparisons', 'mrd_rates', 'time_to_event'];
    expect(Object.keys(one).sort()).toEqual(
      [
        'manifest.json', 'report.html', 'results.json', 'ard.json', 'tables/mrd_samples.csv', 'tables/rejected_rows.csv',
        'adam/define.xml',
        ...['admrd', 'admrds', 'adtte'].map((d) => `adam/${d}.xpt`),
        ...tables.flatMap((t) => [`tables/${t}.csv`, `tables/${t}.docx`, `tables/${t}.rtf`]),
        ...['failure_reasons', 'forest_subgroups', 'km_pfs', 'km_pfs_by_mrd', 'mrd_rates_by_threshold', 'swimmer_mrd'].flatMap((f) => [`figures/${f}.png`, `figures/${f}.svg`, `figures/${f}.vl.json`, `figures/${f}.rtf`, `figures/${f}.docx`]),
      ].sort(),
    );
    expect(two).toEqual(one);
    const results = JSON.parse(one['results.json']);
    expect(Object.keys(results.meta)).toEqual(['study', 'cutoff', 'version', 'options', 'inputs']);
    expect(results.meta.inputs.map((i: { file: string }) => i.file)).toEqual(['study.yaml', 'subjects.csv', 'mrd.csv', 'response.csv', 'tte.csv', 'therapy.csv']);
    expect(results.meta.inputs[1].sha256).toMatch(/^[0-9a-f]{64}$/);
    const primary = results.mrdRates.find((r: Record<string, unknown>) => r.endpoint === 'MRD_NEG_CR' && r.population === 'ITT' && r.threshold === 1e-5 && r.arm === 'EXP');
    expect(Object.keys(primary)).toEqual(['endpoint', 'population', 'threshold', 'arm', 'n', 'x', 'rate', 'ciLower', 'ciUpper']);
    expect([primary.x, primary.n, primary.rate]).toEqual([7, 20, 0.35]);
    expectClose(primary.ciLower, rRef(7, 20).lower);
    expect(JSON.parse(one['manifest.json']).runAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('shows the same figures in the CSV table and report.html', async () => {
    const files = readAll(await runTo('three', [], true));
    expect(files['tables/mrd_rates.csv']).toContain('MRD-negative CR (≥CR and MRD negative),ITT,10^-5,"7/20 (35.0) [15.4, 59.2]","7/19 (36.8) [16.3, 61.6]"');
    expect(files['report.html']).toContain('<td class="num">7/20 (35.0) [15.4, 59.2]</td>');
    expect(files['report.html']).toContain('Clopper-Pearson exact');
    // self-contained: no script and no resource fetched from elsewhere (SVG namespace URIs are not fetches)
    expect(files['report.html']).not.toMatch(/<script|<link|(?:src|href)=["']?(?:https?:)?\/\/|url\(["']?https?:/);
    expect(files['report.html']).toMatch(/<section id="fig-km_pfs"><h2>Figure \d+: Progression-free survival by arm<\/h2><figure><svg/);
    expect(files['report.html']).not.toMatch(/id="clip\d/); // clip ids are scoped per figure
  });

  it('writes Chinese labels with --lang zh', async () => {
    const files = readAll(await runTo('zh', ['--lang', 'zh'], true));
    expect(files['report.html']).toContain('lang="zh-CN"');
    expect(files['tables/mrd_rates.csv']).toContain('MRD阴性CR（≥CR且MRD阴性）,ITT,10^-5,7/20 (35.0) [15.4~59.2],7/19 (36.8) [16.3~61.6]');
  });
});
