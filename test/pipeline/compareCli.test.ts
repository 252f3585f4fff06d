/**
 * `mrd compare`: two proportions compared as the MRD tables compare them, checked against R
 * (test/oracle/compareCli.R: binom.test, fisher.test, mantelhaen.test) at 1e-9 relative.
 */
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../pipeline/cli.js';

const FIX = new URL('../oracle/fixtures/', import.meta.url).pathname;
const R = JSON.parse(readFileSync(join(FIX, 'compareCli.json'), 'utf8')) as Record<string, { level: number; arm1: number[]; arm0: number[]; fisherP: number; mh: Record<string, number>; mhCorrected: Record<string, number> }>;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  try {
    return { code: await main(args), out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe('mrd compare', () => {
  it('IMROZ table 9 (147/265 vs 74/181): rates, Fisher p and the exact OR as R gives them', async () => {
    const { code, out } = await run(['compare', '147', '265', '74', '181', '--json']);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    const r = R.imroz_table9;
    expect([j.arms[0].x, j.arms[0].n, j.arms[1].x, j.arms[1].n]).toEqual([147, 265, 74, 181]);
    expect(near(j.arms[0].ciLower, r.arm1[0]) && near(j.arms[0].ciUpper, r.arm1[1]) && near(j.arms[1].ciLower, r.arm0[0]) && near(j.arms[1].ciUpper, r.arm0[1])).toBe(true);
    expect(near(j.exactOddsRatio.fisherP, r.fisherP)).toBe(true);
    expect(j.exactOddsRatio.estimate).toBeCloseTo((147 * 107) / (74 * 118), 12);
  });

  it('stratified from a file: Mantel-Haenszel OR, RBG CI and CMH p as mantelhaen.test, with and without correction, at two levels', async () => {
    for (const [name, level] of [['three_strata', '0.95'], ['three_strata_90', '0.9']] as const) {
      const r = R[name];
      const j = JSON.parse((await run(['compare', '--strata', join(FIX, 'compareCli', `${name}.csv`), '--level', level, '--json'])).out);
      expect(j.strata).toBe(3);
      expect([j.mhOddsRatio.estimate, j.mhOddsRatio.ciLower, j.mhOddsRatio.ciUpper, j.cmh.statistic, j.cmh.pValue].map((v: number, k: number) => near(v, [r.mh.estimate, r.mh.lower, r.mh.upper, r.mh.statistic, r.mh.p][k]))).toEqual([true, true, true, true, true]);
      expect(near(j.arms[0].ciLower, r.arm1[0]) && near(j.arms[1].ciUpper, r.arm0[1]) && near(j.exactOddsRatio.fisherP, r.fisherP)).toBe(true);
      const c = JSON.parse((await run(['compare', '--strata', join(FIX, 'compareCli', `${name}.csv`), '--level', level, '--cmh-correction', '--json'])).out);
      expect(near(c.cmh.statistic, r.mhCorrected.statistic) && near(c.cmh.pValue, r.mhCorrected.p)).toBe(true);
    }
  });

  it('prints figures rounded as the label prints them, aligned, and says the p-values are nominal', async () => {
    const { out } = await run(['compare', '147', '265', '74', '181']);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/147\/265 \(55\.5\) \[49\.3, 61\.6\]$/);
    expect(lines[1]).toMatch(/74\/181 \(40\.9\) \[33\.6, 48\.4\]$/);
    expect(lines.find((l) => l.startsWith('Fisher exact p'))).toMatch(/0\.0028$/);
    expect(lines.find((l) => l.startsWith('risk difference %'))).toMatch(/14\.6 \[5\.1, 23\.7\]$/);
    // every value starts in the same column (labels padded, two spaces)
    const starts = lines.slice(0, 7).map((l) => /^.*?\S {2,}(?=\S)/.exec(l)![0].length);
    expect(new Set(starts).size).toBe(1);
    expect(lines.at(-1)).toMatch(/nominal/);
  });

  it('refuses bad counts with exit 2: on the command line, and in a strata file with its line and column', async () => {
    expect((await run(['compare', '5', '3', '1', '2'])).code).toBe(2);
    expect((await run(['compare', '1', '2', '3'])).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'mrd-compare-'));
    try {
      writeFileSync(join(dir, 's.csv'), 'STRATUM,X1,N1,X0,N0\nA,1,5,2,5\nB,7,6,1,4\n');
      const bad = await run(['compare', '--strata', join(dir, 's.csv')]);
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/s\.csv:3: column X1, value "?7/);
      expect(bad.err).not.toMatch(/at .*\.ts:\d+/);
      expect((await run(['compare', '1', '2', '3', '4', '--strata', join(dir, 's.csv')])).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
