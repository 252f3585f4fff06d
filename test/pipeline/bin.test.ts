/** The `mrd` command as npm links it: bin/mrd.js, executable in git, whatever order install and build ran in. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
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

  it.skipIf(!existsSync('dist/pipeline/cli.js'))('ends the process with the exit status once stdout and stderr are flushed, to a reader slower than the writer', () => {
    const script = `import { exitProgram } from ${JSON.stringify(new URL('../../dist/pipeline/cli.js', import.meta.url).href)};
process.stdout.write('x'.repeat(4_000_000) + 'end');
process.stderr.write('e'.repeat(200_000) + 'end');
exitProgram(3);`;
    // the reader waits before it reads: the 4 MB are far more than a pipe holds
    const r = spawnSync('sh', ['-c', `${JSON.stringify(process.execPath)} --input-type=module -e "$0" | (sleep 0.3; wc -c)`, script], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('4000003');
    const direct = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
    expect(direct.status).toBe(3);
    expect(direct.stdout.length).toBe(4_000_003);
    expect(direct.stderr.endsWith('end')).toBe(true);
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

describe.skipIf(!existsSync('dist/pipeline/cli.js'))('the optimising compiler of a small study run', () => {
  // what `mrd run` reports through MRD_BENCH_REPORT: whether it kept V8's optimising compiler
  const optimising = async (how: 'program' | 'in-process', env: Record<string, string> = {}): Promise<boolean> => {
    const dir = mkdtempSync(join(tmpdir(), 'mrd-tier-'));
    const report = join(dir, 'report.json');
    const args = ['run', join(dir, 'study'), '--out', join(dir, 'out'), '--quiet'];
    try {
      // sample-study (0.2 MB) without figures and data sets: the quickest run
      cpSync('data-samples/sample-study', join(dir, 'study'), { recursive: true });
      appendFileSync(join(dir, 'study', 'study.yaml'), '\nreport:\n  figureFormats: []\n  adamFormats: []\n');
      if (how === 'program') {
        const r = spawnSync('bin/mrd.js', args, { encoding: 'utf8', env: { ...process.env, ...env, MRD_BENCH_REPORT: report } });
        expect(r.status, r.stderr).toBe(0);
      } else {
        const { main } = await import('../../pipeline/cli.js');
        process.env.MRD_BENCH_REPORT = report;
        try {
          expect(await main(args)).toBe(0);
        } finally {
          delete process.env.MRD_BENCH_REPORT;
        }
      }
      return (JSON.parse(readFileSync(report, 'utf8')) as { optimisingCompiler: boolean }).optimisingCompiler;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('is off in the mrd program for data files under MRD_SMALL_STUDY_BYTES (2 MiB), on above it', async () => {
    expect(await optimising('program')).toBe(false);
    expect(await optimising('program', { MRD_SMALL_STUDY_BYTES: '0' })).toBe(true);
  });

  it('is never turned off, nor the environment changed, by main() running inside another program (this test runner)', async () => {
    const purge = process.env.MIMALLOC_PURGE_DELAY;
    expect(await optimising('in-process')).toBe(true);
    expect(process.env.MIMALLOC_PURGE_DELAY).toBe(purge);
  });
});
