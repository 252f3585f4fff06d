/**
 * Files and machines as users have them (issue 17): the user's data or environment gives exit 2 with a
 * message naming the path and what to do, never "internal error"; `run` and `validate` apply the same
 * rules; nothing is left behind by an interrupt.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../pipeline/cli.js';
import { systemUserError } from '../../pipeline/systemErrors.js';
import { makeDirectories } from '../../pipeline/write/makeDirectories.js';
import { foundColumns } from '../../pipeline/ingest/tableBuilder.js';
import { openOutputFolder, writeOutputsAtomically, type OutputContent } from '../../pipeline/write/writeOutputs.js';
import { Interrupted, UserError } from '../../pipeline/errors.js';
import { createHash } from 'node:crypto';

let roots: string[] = [];
afterEach(() => {
  roots.forEach((d) => rmSync(d, { recursive: true, force: true }));
  roots = [];
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mrd-hostile-'));
  roots.push(d);
  return d;
}
/** A copy of the sample study, changed by `edit`. */
function sample(edit: (dir: string) => void = () => {}): string {
  const dir = join(tmp(), 'study');
  cpSync('data-samples/sample-study', dir, { recursive: true });
  edit(dir);
  return dir;
}
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  try {
    return { code: await main(args), stdout: out.join(''), stderr: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
const editCsv = (file: string, f: (rows: string[][]) => void) => {
  const rows = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
  f(rows);
  writeFileSync(file, rows.map((r) => r.join(',')).join('\n') + '\n');
};

describe('the user\'s machine: exit 2 naming the path, never an internal error', () => {
  it('--out under a regular file', async () => {
    const file = join(tmp(), 'afile');
    writeFileSync(file, 'x');
    const r = await cli('run', sample(), '--out', join(file, 'out'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`mrd: error: ${file}: a part of the path is a file, not a folder: choose another path (mkdir) [fs.enotdir]\n`);
  });

  it('--out under /proc, where mkdir -p never returned: a bounded walk up', async () => {
    // found before any work: /proc/self cannot be written in
    const r = await cli('run', sample(), '--out', '/proc/self/no/such/out', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mrd: error: \/proc\/self: (operation not permitted|permission denied).*\(access\) \[fs\.e(perm|acces)\]\n$/);
    // and the writer itself stops too, one mkdir per component
    expect(() => makeDirectories('/proc/nope/x')).toThrow(/ENOENT/);
  });

  it('study.yaml is a folder; study.yaml is not UTF-8', async () => {
    const a = await cli('validate', sample((d) => { rmSync(join(d, 'study.yaml')); mkdirSync(join(d, 'study.yaml')); }), '--out', join(tmp(), 'o'));
    expect([a.code, a.stderr]).toEqual([2, 'mrd: error: study.yaml: the file cannot be read: it is a folder, not a file [file.unreadable]\n']);
    const b = await cli('run', sample((d) => writeFileSync(join(d, 'study.yaml'), Buffer.concat([readFileSync(join(d, 'study.yaml')), Buffer.from('# caf\xe9\n', 'latin1')]))), '--out', join(tmp(), 'o'), '--quiet');
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^mrd: error: study\.yaml:\d+: value "byte \d+: 0xe9": the file is not valid UTF-8 text.*\[encoding\.not-utf8\]\n$/);
  });

  it('a full disk, a read-only disk, no permission: the operating system\'s word, the path, and what to do', () => {
    const err = (code: string, syscall: string, path?: string) => Object.assign(new Error(`${code}: ${syscall}`), { code, syscall, ...(path ? { path } : {}) });
    expect(systemUserError(err('ENOSPC', 'write'), 'out/tables/mrd_samples.csv')!.message).toBe(
      'out/tables/mrd_samples.csv: the disk is full: free some space or choose --out on another disk (the previous output, if any, is unchanged) (write) [fs.enospc]',
    );
    expect(systemUserError(err('EACCES', 'open', '/srv/o/x'))!.problem).toMatchObject({ file: '/srv/o/x', rule: 'fs.eacces' });
    expect(systemUserError(err('EROFS', 'mkdir', '/mnt/cd'))!.exitCode).toBe(2);
    // not a file-system error: left for the internal-error path
    expect(systemUserError(new RangeError('bug'))).toBeNull();
    expect(systemUserError(Object.assign(new Error('x'), { code: 'ERR_ASSERTION' }))).toBeNull();
  });

  it('a real full disk (a 200 KB tmpfs, where this machine lets root mount one): exit 2, nothing left behind', async (ctx) => {
    const mnt = tmp();
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', mnt]).status !== 0) return ctx.skip();
    try {
      const r = await cli('run', sample(), '--out', join(mnt, 'out'), '--quiet');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^mrd: error: ${mnt}/out/\\S+: the disk is full: .*\\(write\\) \\[fs\\.enospc\\]\\n$`));
      expect(readdirSync(mnt)).toEqual([]);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it('a header of a million columns: exit 2 with a message of bounded length', async () => {
    const dir = sample((d) => writeFileSync(join(d, 'therapy.csv'), Array.from({ length: 1_000_000 }, (_, i) => `C${i}`).join(',') + '\n'));
    const r = await cli('run', dir, '--out', join(tmp(), 'o'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(600);
    expect(r.stderr).toContain('C29, ... (1000000 columns)) [header.missing-column]');
    expect(foundColumns(['A', 'B'])).toBe('A, B');
  });
});

describe('no usable subject: a clear error before any statistic', () => {
  it('every RANDDT written 1/10/2022', async () => {
    const dir = sample((d) => editCsv(join(d, 'subjects.csv'), (rows) => rows.slice(1).forEach((r) => (r[2] = '1/10/2022'))));
    const r = await cli('run', dir, '--out', join(tmp(), 'o'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mrd: error: subjects\.csv: no usable row: 40 read, 40 rejected \(the first: subjects\.csv:2: column RANDDT, value "1\/10\/2022": .*\[date\.iso\]\); nothing can be analysed\. .*\[file\.no-usable-rows\]\n$/);
  });
});

describe('dates: run and validate apply the same rules', () => {
  const out = () => join(tmp(), 'o');
  it('a tte date after the cut-off (9999-12-31) is an error in validate and a rejected row in run', async () => {
    const dir = sample((d) => editCsv(join(d, 'tte.csv'), (rows) => (rows[1][3] = '9999-12-31')));
    const v = await cli('validate', dir, '--out', out());
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/error {3}tte\.after-cutoff +1\n/);
    const o = out();
    const r = await cli('run', dir, '--out', o, '--quiet');
    expect(r.code).toBe(0);
    const rejected = readFileSync(join(o, 'tables/rejected_rows.csv'), 'utf8');
    expect(rejected).toMatch(/tte\.csv,2,.*ADT.*9999-12-31.*tte\.after-cutoff/);
    const results = JSON.parse(readFileSync(join(o, 'results.json'), 'utf8'));
    const tte = results.accounting.find((a: { file: string }) => a.file === 'tte.csv');
    expect(tte.rowsRead).toBe(tte.rowsUsed + tte.rowsRejected);
    expect(tte.rowsRejected).toBe(1);
  });

  it('a subject randomised after the cut-off is not in run\'s ITT', async () => {
    const dir = sample((d) => editCsv(join(d, 'subjects.csv'), (rows) => (rows[1][2] = '2025-03-01')));
    const o = out();
    expect((await cli('run', dir, '--out', o, '--quiet')).code).toBe(0);
    const results = JSON.parse(readFileSync(join(o, 'results.json'), 'utf8'));
    const itt = results.mrdRates.filter((r: { population: string; endpoint: string; threshold: number }) => r.population === 'ITT' && r.endpoint === 'MRD_NEG' && r.threshold === 1e-5);
    // 39 in the ITT of the sample study as it is
    expect(itt.reduce((s: number, r: { n: number }) => s + r.n, 0)).toBe(38);
    expect(readFileSync(join(o, 'tables/rejected_rows.csv'), 'utf8')).toContain('subject.randomised-after-cutoff');
  });
});

describe('cells, not rows', () => {
  it('"NA" in an optional number: the cell is empty, the row stays, a query says so', async () => {
    const dir = sample((d) => editCsv(join(d, 'mrd.csv'), (rows) => (rows[1][10] = 'NA')));
    const v = await cli('validate', dir, '--out', join(tmp(), 'o'));
    expect(v.stdout).toMatch(/warning value\.unparsed-optional +1\n/);
    const o = join(tmp(), 'o');
    await cli('run', dir, '--out', o, '--quiet');
    const results = JSON.parse(readFileSync(join(o, 'results.json'), 'utf8'));
    const mrd = results.accounting.find((a: { file: string }) => a.file === 'mrd.csv');
    // the sample study has one bad mrd.csv row of its own; the NA row is used
    expect([mrd.rowsRead, mrd.rowsUsed, mrd.rowsRejected]).toEqual([38, 37, 1]);
  });

  it('IDs that differ only in case get a warning query', async () => {
    const dir = sample((d) => editCsv(join(d, 'mrd.csv'), (rows) => (rows[1][0] = rows[1][0].toLowerCase())));
    const v = await cli('validate', dir, '--out', join(tmp(), 'o'));
    expect(v.stdout).toMatch(/warning subject\.id-case +1\n/);
  });

  it('an ID "-1+2" is neutralised in every CSV (mrd_samples, queries)', async () => {
    const dir = sample((d) => {
      for (const f of ['subjects.csv', 'mrd.csv', 'tte.csv', 'response.csv', 'therapy.csv']) editCsv(join(d, f), (rows) => rows.forEach((r) => r[0] === 'E01' && (r[0] = '-1+2')));
      editCsv(join(d, 'mrd.csv'), (rows) => rows.push(['-1+2', 'X', 'bad-date', 'NGS', 'NEGATIVE']));
    });
    const o = join(tmp(), 'o');
    await cli('run', dir, '--out', o, '--quiet');
    expect(readFileSync(join(o, 'tables/mrd_samples.csv'), 'utf8')).toMatch(/\r\n'-1\+2,E01-S1,/);
    const q = join(tmp(), 'q');
    await cli('validate', dir, '--out', q);
    expect(readFileSync(join(q, 'queries.csv'), 'utf8')).toMatch(/,'-1\+2,/);
    expect(readFileSync(join(q, 'queries.csv'), 'utf8')).not.toMatch(/,-1\+2,/);
  });
});

describe('an interrupt while writing', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const)('%s: removes the unfinished folder, leaves the old output, exits %i', async (signal, code) => {
    const root = tmp();
    const out = join(root, 'out');
    await writeOutputsAtomically(out, new Map([['old.txt', 'old']]), { manifest: { command: 'run', version: 't', runAt: 'x' } });
    // a listing whose writing receives the signal half way through
    const files = new Map<string, OutputContent>([
      ['a.txt', 'a'],
      ['big.csv', function* () {
        for (let i = 0; i < 2000; i++) {
          if (i === 1000) process.emit(signal, signal);
          yield 'x'.repeat(1000) + '\n';
        }
      }],
      ['z.txt', 'z'],
    ]);
    const e = await writeOutputsAtomically(out, files).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(Interrupted);
    expect((e as Interrupted).exitCode).toBe(code);
    expect((e as Error).message).toBe(`interrupted (${signal}); nothing was written to ${out}`);
    expect(readdirSync(root)).toEqual(['out']);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'old.txt']);
    // the handlers are gone with the write: the process's own default is back
    expect(process.listenerCount(signal)).toBe(0);
  });
});

describe('an output folder opened before the write (the sample listing written on a worker during the analysis)', () => {
  it('keeps a file written into it by someone else, with the SHA-256 given, in the manifest', async () => {
    const root = tmp();
    const out = join(root, 'out');
    const folder = openOutputFolder(out);
    const staged = folder.stagedPath('tables/listing.csv');
    writeFileSync(staged, 'written elsewhere\n');
    await folder.commit(new Map<string, OutputContent>([['a.txt', 'a'], ['tables/listing.csv', { staged: Promise.resolve('f'.repeat(64)) }]]), { manifest: { command: 'run', version: 't', runAt: 'x' } });
    expect(readFileSync(join(out, 'tables/listing.csv'), 'utf8')).toBe('written elsewhere\n');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.outputs).toEqual([
      { file: 'a.txt', sha256: createHash('sha256').update('a').digest('hex') },
      { file: 'tables/listing.csv', sha256: 'f'.repeat(64) },
    ]);
    expect(readdirSync(root)).toEqual(['out']);
    folder.abandon(); // after a commit: nothing to remove
    expect(readdirSync(out).sort()).toEqual(['a.txt', 'manifest.json', 'tables']);
  });

  it('abandoned (a failed run): the unfinished folder is removed, the old output stays, the signal handlers go', async () => {
    const root = tmp();
    const out = join(root, 'out');
    await writeOutputsAtomically(out, new Map([['old.txt', 'old']]), { manifest: { command: 'run', version: 't', runAt: 'x' } });
    const folder = openOutputFolder(out);
    writeFileSync(folder.stagedPath('tables/listing.csv'), 'half');
    expect(readdirSync(root).length).toBe(2);
    folder.abandon();
    folder.abandon();
    expect(readdirSync(root)).toEqual(['out']);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'old.txt']);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('a staged file that fails gives its file-system error naming the output file; a signal meanwhile stops at the next check', async () => {
    const root = tmp();
    const out = join(root, 'out');
    const folder = openOutputFolder(out);
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: folder.stagedPath('tables/listing.csv') });
    const failed = Promise.reject(full);
    failed.catch(() => {}); // as the listing's own promise is: awaited only by the write stage
    const e = await folder.commit(new Map<string, OutputContent>([['tables/listing.csv', { staged: failed }]])).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).problem.rule).toBe('fs.enospc');
    expect((e as UserError).problem.file).toBe(join(out, 'tables/listing.csv'));
    folder.abandon();
    expect(readdirSync(root)).toEqual([]);

    const again = openOutputFolder(out);
    expect(() => again.stopIfInterrupted()).not.toThrow();
    process.emit('SIGTERM', 'SIGTERM');
    expect(() => again.stopIfInterrupted()).toThrow(Interrupted);
    again.abandon();
    expect(readdirSync(root)).toEqual([]);
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });
});
