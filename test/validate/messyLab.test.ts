import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateStudy, type Validation } from '../../pipeline/validate/validateStudy.js';
import { RULES } from '../../pipeline/validate/issues.js';
import { main } from '../../pipeline/cli.js';
import { clopperPearson } from '../../analyses/stats/clopperPearson.js';
import { messyLabStudy, type Defect } from '../../data-samples/messy-lab/generate.js';
import { messyTransferStudy } from '../../data-samples/messy-transfer/generate.js';

const DIR = 'data-samples/messy-lab';
const { files, defects } = messyLabStudy();

/** (file, line, rule, severity) for row issues; subject-level issues are keyed by their subject instead of a line. */
const key = (d: { file: string; line: number | null; subject: string | null; rule: string; severity: string }) =>
  `${d.file}|${d.line ?? `subject ${d.subject}`}|${d.rule}|${d.severity}`;

let v: Validation;
beforeAll(async () => {
  v = await validateStudy(DIR);
});

describe('the messy-lab study', () => {
  it('is exactly what its committed generator writes (README included)', () => {
    for (const [name, text] of files) expect(readFileSync(join(DIR, name), 'utf8'), name).toBe(text);
  });

  it('seeds, with data-samples/messy-transfer (the rules only sponsor and lab formats can break), every rule of mrd validate', async () => {
    const transfer = (await messyTransferStudy()).defects;
    const seeded = new Set([...defects, ...transfer].map((d) => d.rule));
    // value.unparsed-optional is in both: a plain ISO date-time here, the mapping's own date format there
    expect(transfer.filter((d) => defects.some((m) => m.rule === d.rule)).map((d) => d.rule)).toEqual(['value.unparsed-optional']);
    expect(Object.keys(RULES).filter((r) => !seeded.has(r))).toEqual([]);
  });

  it('gets every seeded defect reported at its file and line, with its rule and severity, and nothing else', () => {
    const got = v.issues.map(key).sort();
    const want = defects.map(key).sort();
    const missing = want.filter((k) => !got.includes(k));
    const extra = got.filter((k) => !want.includes(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(got).toEqual(want); // same multiplicities too
  });

  it('names the subject and sample of row issues, including rejected rows', () => {
    const dup = v.issues.find((i) => i.rule === 'sample.duplicate')!;
    expect([dup.subject, dup.sample]).toEqual(['M019', 'M019-S02']);
    const fmt = v.issues.find((i) => i.rule === 'number.format')!;
    expect(fmt.subject).toBe('M021');
    expect(fmt.message).toContain('column CNSR, value "Y"');
    const cells = v.issues.find((i) => i.rule === 'value.unparsed-optional' && i.subject === 'M007')!;
    expect([cells.sample, cells.severity]).toEqual(['M007-S04', 'warning']);
    expect(cells.message).toContain('column CELLS, value "2,100,000"');
    expect(cells.message).toContain('the optional cell is read as empty and the row is kept');
    const byLine = new Map(defects.filter((d) => d.line !== null).map((d) => [`${d.file}:${d.line}:${d.rule}`, d] as [string, Defect]));
    for (const i of v.issues) {
      if (i.line === null || i.rule === 'csv.malformed') continue;
      expect(i.subject, `${i.file}:${i.line} ${i.rule}`).toBe(byLine.get(`${i.file}:${i.line}:${i.rule}`)!.subject);
    }
  });

  it('accounts for every row: read = used + rejected, and every rejected row is an error issue', () => {
    for (const a of v.accounting) {
      expect(a.rowsUsed + a.rowsRejected, a.file).toBe(a.rowsRead);
      const rejectedIssues = v.issues.filter((i) => i.file === a.file && RULES[i.rule].rejectsRow);
      expect(rejectedIssues.length, a.file).toBe(a.rowsRejected);
    }
  });

  it('summarises a systematic problem as one line', () => {
    const late = v.summary.filter((s) => s.rule === 'mrd.ngf-processing-late');
    expect(late).toHaveLength(1);
    expect(late[0].count).toBe(defects.filter((d) => d.rule === 'mrd.ngf-processing-late').length);
    expect(v.summary.map((s) => s.severity)).toEqual([...v.summary.map((s) => s.severity)].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
    expect(v.summary.length).toBe(new Set(defects.map((d) => d.rule)).size);
  });

  it('computes turnaround by lab (median and P90, hours)', () => {
    const cn = v.turnaround.find((t) => t.lab === 'CENTRAL-NGF-CN')!;
    // received on day +2 at 09:10, processed at 16:00: 57 h 10 min from 00:00 of COLLDT, then 6 h 50 min
    expect(cn.receiptToProcessingN).toBe(2);
    expect(cn.receiptToProcessingMedianHours).toBeCloseTo(6 + 50 / 60, 10);
    expect(cn.receiptToProcessingP90Hours).toBeCloseTo(6 + 50 / 60, 10);
    expect(cn.collectionToReceiptMedianHours).toBeCloseTo(57 + 10 / 60, 10);
    const eu = v.turnaround.find((t) => t.lab === 'CENTRAL-NGF-EU')!;
    expect(eu.receiptToProcessingMedianHours).toBeCloseTo(14 + 50 / 60, 10); // 17:40 → 08:30 next day
    expect(v.turnaround[0].lab).toBe('(all)');
    expect(v.turnaround[0].samples).toBe(v.samples);
  });

  it('computes failure rates with Clopper-Pearson CIs by lab, site, method, visit and reason', () => {
    const all = v.failureRates.find((r) => r.by === 'all')!;
    expect(all.failed).toBe(6); // 2 (M037) + M003 + M009 + M025 + M031
    const cp = clopperPearson(all.failed, all.tests, 0.95);
    expect([all.rate, all.ciLower, all.ciUpper]).toEqual([cp.rate, cp.ciLower, cp.ciUpper]);
    const cn = v.failureRates.find((r) => r.by === 'lab' && r.level === 'CENTRAL-NGS-CN')!;
    expect(cn.failed).toBe(2);
    expect(v.failureRates.find((r) => r.by === 'reason' && r.level === '(not given)')!.failed).toBe(2);
    expect(v.failureRates.find((r) => r.by === 'reason' && r.level === 'INSUFFICIENT_DNA')!.tests).toBe(all.tests);
    expect(new Set(v.failureRates.map((r) => r.by))).toEqual(new Set(['all', 'lab', 'site', 'method', 'visit', 'reason']));
  });

  it('reports achieved sensitivity per threshold, with NGS cells from DNA and the NGF LLOQ', () => {
    expect(v.lodSources.find((s) => s.method === 'NGS' && s.source === 'NGS_DNA')!.samples).toBeGreaterThan(0);
    const ngf5 = v.sensitivity.find((s) => s.method === 'NGF' && s.threshold === 1e-5)!;
    expect(ngf5.lodNotReached).toBe(1); // M014, 1.5 million cells
    expect(ngf5.lloqReached).not.toBeNull();
    expect(v.sensitivity.find((s) => s.method === 'NGS')!.lloqReached).toBeNull();
  });
});

describe('mrd validate on the messy-lab study', () => {
  let out: string;
  let code: number;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'mrd-val-'));
    const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    code = await main(['validate', DIR, '--out', join(out, 'a'), '--reproducible']);
    await main(['validate', DIR, '--out', join(out, 'b'), '--reproducible']);
    o.mockRestore();
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('exits 1 (errors found) and writes every output', () => {
    expect(code).toBe(1);
    for (const f of ['queries.csv', 'validation.json', 'validation.html', 'manifest.json']) expect(readFileSync(join(out, 'a', f)).length).toBeGreaterThan(0);
  });

  it('writes queries.csv with exactly the SPEC columns, one row per issue', () => {
    const text = readFileSync(join(out, 'a', 'queries.csv'), 'utf8');
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('file,line,subject,sample,rule,severity,message');
    expect(lines.length - 2).toBe(defects.length); // header, rows, final empty string
  });

  it('gives byte-identical outputs for the same inputs', () => {
    for (const f of ['queries.csv', 'validation.json', 'validation.html', 'manifest.json'])
      expect(readFileSync(join(out, 'a', f)).equals(readFileSync(join(out, 'b', f))), f).toBe(true);
  });

  it('writes a self-contained HTML page: summary first, no script, no external resource', () => {
    const html = readFileSync(join(out, 'a', 'validation.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|url\(/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html.indexOf('id="summary"')).toBeGreaterThan(0);
    expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('id="detail"'));
    for (const s of v.summary) expect(html).toContain(`id="rule-${s.rule}"`);
    expect(html).toContain('<input type="radio" name="severity" id="sev-error">');
  });

  it('keeps the run time stamp only in manifest.json', () => {
    const m = JSON.parse(readFileSync(join(out, 'a', 'manifest.json'), 'utf8'));
    expect(m.runAt).toBe('1970-01-01T00:00:00.000Z');
    const j = readFileSync(join(out, 'a', 'validation.json'), 'utf8');
    expect(j).not.toContain('1970-01-01T00:00');
    const parsed = JSON.parse(j);
    expect(parsed.status).toEqual({ errors: v.counts.error, warnings: v.counts.warning, info: v.counts.info, exitStatus: 1 });
    expect(parsed.issues).toHaveLength(defects.length);
  });
});
