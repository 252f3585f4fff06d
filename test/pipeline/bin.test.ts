/** The `mrd` command as npm links it: bin/mrd.js, executable in git, whatever order install and build ran in. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('bin/mrd.js', () => {
  it('is committed executable and is the package bin', async () => {
    const staged = spawnSync('git', ['ls-files', '-s', 'bin/mrd.js'], { encoding: 'utf8' }).stdout;
    expect(staged).toMatch(/^100755 /);
    expect(statSync('bin/mrd.js').mode & 0o111).not.toBe(0);
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ mrd: 'bin/mrd.js' });
  });

  it.skipIf(!existsSync('dist/pipeline/cli.js'))('runs the built CLI directly as a program (exit status passed on)', () => {
    const ok = spawnSync('bin/mrd.js', ['proportion', '147', '265', '--json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).x).toBe(147);
    expect(spawnSync('bin/mrd.js', ['proportion', '5', '3'], { encoding: 'utf8' }).status).toBe(2);
  });

  it('says to build, with exit 2, in a checkout not built yet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mrd-bin-'));
    try {
      mkdirSync(join(dir, 'bin'));
      copyFileSync('bin/mrd.js', join(dir, 'bin', 'mrd.js'));
      const r = spawnSync(process.execPath, [join(dir, 'bin', 'mrd.js'), '--version'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/dist\/pipeline\/cli\.js is not built yet: run `npm run build`/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
