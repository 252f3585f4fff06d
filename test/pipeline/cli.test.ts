import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../pipeline/cli.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out, err, restore: () => (o.mockRestore(), e.mockRestore()) };
}
let dirs: string[] = [];
afterEach(() => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  dirs = [];
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mrd-cli-'));
  dirs.push(d);
  return d;
}

describe('mrd proportion', () => {
  it('prints the SPEC JSON keys with the Clopper-Pearson CI', async () => {
    const c = capture();
    const code = await main(['proportion', '147', '265', '--json']);
    c.restore();
    expect(code).toBe(0);
    const j = JSON.parse(c.out.join(''));
    expect(Object.keys(j)).toEqual(['x', 'n', 'rate', 'ciLower', 'ciUpper']);
    expect([j.x, j.n]).toEqual([147, 265]);
    expect([Math.round(j.ciLower * 100), Math.round(j.ciUpper * 100)]).toEqual([49, 62]);
  });
  it('refuses X > N with a usage error and no stack trace', async () => {
    const c = capture();
    const code = await main(['proportion', '5', '3']);
    c.restore();
    expect(code).toBe(2);
    expect(c.err.join('')).toMatch(/^mrd: error: X \(5\) must not exceed N \(3\)/);
    expect(c.err.join('')).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});

describe('mrd run error paths', () => {
  it('names a missing study folder', async () => {
    const c = capture();
    const code = await main(['run', '/nonexistent/study', '--out', join(tmp(), 'o')]);
    c.restore();
    expect(code).toBe(2);
    expect(c.err.join('')).toContain('/nonexistent/study: the study folder does not exist');
  });
  it('refuses to replace a folder it did not write, and leaves it untouched', async () => {
    const out = tmp();
    writeFileSync(join(out, 'precious.txt'), 'keep me');
    const c = capture();
    const code = await main(['run', 'data-samples/sample-study', '--out', out]);
    c.restore();
    expect(code).toBe(2);
    expect(c.err.join('')).toContain('[out.foreign]');
    expect(readFileSync(join(out, 'precious.txt'), 'utf8')).toBe('keep me');
  });
  it('replaces its own earlier output, and a failed run leaves the previous output in place', async () => {
    const out = join(tmp(), 'out');
    const c = capture();
    expect(await main(['run', 'data-samples/sample-study', '--out', out, '--reproducible'])).toBe(0);
    const before = readFileSync(join(out, 'results.json'), 'utf8');
    const broken = tmp();
    writeFileSync(join(broken, 'study.yaml'), 'study: X\ncutoff: 2024-01-01\narms: [{code: A}, {code: B, control: true}]\nmrd: {combine: nope}\n');
    expect(await main(['run', broken, '--out', out])).toBe(2);
    c.restore();
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(before);
    expect(c.err.join('')).toContain('study.yaml:4: column mrd.combine, value "nope"');
  });
  it('never writes into the study folder', async () => {
    const study = tmp();
    mkdirSync(join(study, 'x'));
    const c = capture();
    const code = await main(['run', study, '--out', join(study, 'out')]);
    c.restore();
    expect(code).toBe(2);
    expect(existsSync(join(study, 'out'))).toBe(false);
  });
  it('rejects an unknown option', async () => {
    const c = capture();
    const code = await main(['run', 'data-samples/sample-study', '--out', 'x', '--colour']);
    c.restore();
    expect(code).toBe(2);
    expect(c.err.join('')).toContain("Unknown option '--colour'");
  });
});
