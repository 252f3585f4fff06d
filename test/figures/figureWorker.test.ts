import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { main } from '../../pipeline/cli.js';
import { figureCache } from '../helpers/figureRenderers.js';

// Worker threads of the compiled CLI. `mrd run` draws its figures' PNGs in a worker thread (reports/figures/figureRenderer.ts). Node 20 cannot
// start a .ts file as a worker, so under vitest the CLI renders in-process (startFigureRenderer picks
// that path when its own module is TypeScript). The worker path is tested here from a compiled copy of
// the project (tsc into a temporary folder, as `npm run build` does into dist/), run in child processes.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIGURE_PACKAGES = ['vega', 'vega-lite', '@resvg/resvg-js'];

let tmp = '';
let dist = '';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mrd-figure-worker-'));
  dist = join(tmp, 'dist');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dist], { cwd: ROOT, stdio: 'pipe' });
  // packages resolve through node_modules, the ES module type and the tool version through package.json
  symlinkSync(join(ROOT, 'node_modules'), join(tmp, 'node_modules'), 'dir');
  copyFileSync(join(ROOT, 'package.json'), join(tmp, 'package.json'));
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function node(args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> & { seconds: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}

/** Runs `source` as an ES module file (not `-e`: workers inherit execArgv, and --input-type is refused there). */
function script(name: string, source: string) {
  const file = join(tmp, `${name}.mjs`);
  writeFileSync(file, source);
  return node([file]);
}

function cli(distDir: string, args: string[], nodeArgs: string[] = [], env: Record<string, string> = {}) {
  return node([...nodeArgs, join(distDir, 'pipeline/cli.js'), ...args], env);
}

/** Every file under `dir`, as relative path → bytes. */
function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** A copy of the compiled project with one file replaced, to make a worker fail. */
function brokenCopy(name: string, file: string, content: string): string {
  const copy = join(tmp, name);
  cpSync(dist, copy, { recursive: true });
  writeFileSync(join(copy, file), content);
  return copy;
}

describe('mrd run with the figure workers (compiled)', () => {
  // One compiled run of sample-study (en) serves three checks: its bytes, the modules each thread
  // loaded (module hooks log every module URL with its thread), and the time a full run takes.
  let hooked: { out: string; log: string; seconds: number };
  beforeAll(() => {
    const hooks = join(tmp, 'log-hooks.mjs');
    const register = join(tmp, 'log-register.mjs');
    const log = join(tmp, 'modules.log');
    writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
let log, thread;
export function initialize(data) { log = data.log; thread = data.thread; }
export async function load(url, context, next) { appendFileSync(log, thread + ' ' + url + '\\n'); return next(url, context); }
`);
    writeFileSync(register, `import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread, threadId } from 'node:worker_threads';
const thread = isMainThread ? 'main' : 'worker' + threadId;
register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { log: process.env.MRD_MODULE_LOG, thread } });
// a process report waits for every worker thread: logged, so that a test can tell none was asked for
const getReport = process.report.getReport.bind(process.report);
process.report.getReport = (...args) => { appendFileSync(process.env.MRD_MODULE_LOG, thread + ' process.report.getReport\\n'); return getReport(...args); };
`);
    const out = join(tmp, 'worker-en');
    const r = cli(dist, ['run', 'data-samples/sample-study', '--out', out, '--lang', 'en', '--reproducible'], ['--import', register], { MRD_MODULE_LOG: log });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    hooked = { out, log, seconds: r.seconds };
  }, 120_000);

  it.each(['en', 'zh'])('writes the same bytes as the in-process rendering (sample-study, %s)', async (lang) => {
    const inProcess = join(tmp, `in-process-${lang}`);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['run', 'data-samples/sample-study', '--out', inProcess, '--lang', lang, '--reproducible'], { startFigures: figureCache })).toBe(0);
    } finally {
      out.mockRestore();
    }
    let viaWorker = hooked.out;
    if (lang !== 'en') {
      // this run also writes its listing on the listing's worker during the analysis
      viaWorker = join(tmp, `worker-${lang}`);
      const r = cli(dist, ['run', 'data-samples/sample-study', '--out', viaWorker, '--lang', lang, '--reproducible'], [], { MRD_LISTING_WORKER_MIN_ROWS: '0' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    const expected = readTree(inProcess);
    const actual = readTree(viaWorker);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    expect([...actual.keys()].filter((p) => p.startsWith('figures/')).length).toBeGreaterThanOrEqual(15);
    for (const [path, bytes] of expected) expect(Buffer.compare(actual.get(path)!, bytes), path).toBe(0);
  });

  it('loads resvg in the PNG worker, on the main thread only to help it (pngDrawing.js), and vega and vega-lite nowhere (the SVGs are our own)', () => {
    const lines = readFileSync(hooked.log, 'utf8').trim().split('\n').map((l) => l.split(' ') as [string, string]);
    const packageOf = (url: string) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    const loaded = (thread: (t: string) => boolean) => new Set(lines.filter(([t]) => thread(t)).map(([, url]) => packageOf(url)));
    const main = loaded((t) => t === 'main');
    const workers = loaded((t) => t !== 'main');
    expect(main.has('yaml')).toBe(true); // the log does see the main thread's packages
    // resvg is required by resvgBinding.js (module hooks see no require() in Node 20), which loads it with itself
    const resvgOn = (thread: (t: string) => boolean) => lines.some(([t, url]) => thread(t) && url.endsWith('/reports/figures/resvgBinding.js'));
    const mainHelped = lines.some(([t, url]) => t === 'main' && url.endsWith('/reports/figures/pngDrawing.js'));
    expect(resvgOn((t) => t === 'main'), 'resvg on the main thread').toBe(mainHelped);
    expect(lines.some(([t, url]) => t === 'main' && /\/reports\/figures\/(render|rasterise)\.js$/.test(url) && !mainHelped), 'resvg modules on the main thread other than the helper').toBe(false);
    expect(resvgOn((t) => t !== 'main'), 'resvg in a worker').toBe(true);
    // resvg-js's entry module asks for one (its glibc test) where the platform's package is loaded directly
    expect(lines.filter(([, what]) => what === 'process.report.getReport')).toEqual([]);
    for (const p of ['vega', 'vega-lite']) expect(main.has(p) || workers.has(p), `${p} loaded`).toBe(false);
  });

  it('reports an error thrown in the PNG worker as an internal error (exit 70)', () => {
    const copy = brokenCopy('broken-png-worker-throws', 'reports/figures/pngWorker.js', "throw new Error('boom in the PNG worker');\n");
    const r = cli(copy, ['run', 'data-samples/sample-study', '--out', join(tmp, 'never')]);
    expect(r.status).toBe(70);
    expect(r.stderr).toMatch(/mrd: internal error: figure \w+ \(PNG\): PNG worker: boom in the PNG worker/);
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  });

  it('reports a PNG worker that stops as an internal error (exit 70)', () => {
    const copy = brokenCopy('broken-png-worker', 'reports/figures/pngWorker.js', 'process.exit(3);\n');
    const r = cli(copy, ['run', 'data-samples/sample-study', '--out', join(tmp, 'never')]);
    expect(r.status).toBe(70);
    expect(r.stderr).toMatch(/mrd: internal error: figure \w+ \(PNG\): PNG worker stopped \(exit code 3\)/);
  });

  it('exits at once on a user error before the figures are needed, the worker terminated', () => {
    const study = join(tmp, 'bad-plan');
    mkdirSync(study);
    writeFileSync(join(study, 'study.yaml'), 'study: X\ncutoff: 2024-01-01\narms: [{code: A}, {code: B, control: true}]\nmrd: {combine: nope}\n');
    const bad = cli(dist, ['run', study, '--out', join(tmp, 'never')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('study.yaml:4: column mrd.combine, value "nope"');
    // it does not wait for the worker (loading resvg and the fonts, then idle) to finish anything
    expect(bad.seconds).toBeLessThan(hooked.seconds);
  });

  it('rejects a render with the error of its drawing, and an idle worker does not keep the process alive', () => {
    const renderer = join(dist, 'reports/figures/figureRenderer.js');
    const r = script('render-error', `import { startPngWorker } from ${JSON.stringify(renderer)};
const figures = startPngWorker();
try { await figures.render([{ id: 'empty', spec: {}, drawing: { kind: 'nope' } }]); console.log('resolved'); } catch (e) { console.log(e.message); }
const again = await figures.render([]).then((r) => r.length, (e) => e.message);
console.log(again);
`); // no close(): the process must still end by itself
    expect(r.status, r.stderr).toBe(0);
    const [first, second] = r.stdout.trim().split('\n');
    expect(first).toBe('figure empty: no drawing of kind "nope"');
    expect(second).toBe('0'); // the worker keeps serving after a failed render
  });

  it('rejects a render under way when closed', () => {
    const renderer = join(dist, 'reports/figures/figureRenderer.js');
    const specs = join(dist, 'reports/figures/figureSpecs.js');
    const analyse = join(dist, 'pipeline/analyse.js');
    const r = script('close-under-way', `import { startPngWorker } from ${JSON.stringify(renderer)};
import { settledFigures } from ${JSON.stringify(join(dist, 'reports/figures/svgRender.js'))};
import { figureSpecs } from ${JSON.stringify(specs)};
import { analyseStudy } from ${JSON.stringify(analyse)};
const figures = startPngWorker();
const outcome = figures.render(figureSpecs(await analyseStudy('data-samples/sample-study'), 'en')).then(settledFigures).then(() => 'resolved', (e) => e.message);
await figures.close();
console.log(await outcome);
`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^figure \w+ \(PNG\): PNG worker closed before answering$/);
  });
});

describe('main-thread modules (source)', () => {
  /** Packages reached from `file` through imports that stay in the JavaScript (not `import type`, not `import()`). */
  function staticPackages(file: string): Set<string> {
    const packages = new Set<string>();
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      // the module that loads resvg with require(), by package name
      if (f.endsWith('/reports/figures/resvgBinding.ts')) packages.add('@resvg/resvg-js');
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
        const [, typeOnly, spec] = m;
        if (typeOnly || spec.startsWith('node:')) continue;
        if (spec.startsWith('.')) visit(resolve(dirname(f), spec.replace(/\.js$/, '.ts')));
        else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    };
    visit(file);
    return packages;
  }

  it('pipeline/cli.ts, buildOutputs.ts, figureSpecs.ts and figureRenderer.ts do not statically import vega, vega-lite or resvg', () => {
    for (const f of ['pipeline/cli.ts', 'reports/buildOutputs.ts', 'reports/figures/figureSpecs.ts', 'reports/figures/figureRenderer.ts']) {
      const reached = staticPackages(join(ROOT, f));
      for (const p of FIGURE_PACKAGES) expect(reached.has(p), `${f} reaches ${p}`).toBe(false);
    }
    // the scan does find them where they are imported
    expect(staticPackages(join(ROOT, 'reports/figures/render.ts')).has('@resvg/resvg-js')).toBe(true);
    expect(staticPackages(join(ROOT, 'reports/figures/pngWorker.ts')).has('@resvg/resvg-js')).toBe(true);
    expect([...staticPackages(join(ROOT, 'test/helpers/vegaSvg.ts'))]).toEqual(expect.arrayContaining(['vega', 'vega-lite']));
    // no module of `mrd` reaches vega or vega-lite: they are the tests' reference drawing only
    for (const f of ['pipeline/cli.ts', 'reports/figures/pngWorker.ts', 'reports/figures/render.ts', 'reports/figures/buildFigures.ts']) {
      for (const p of ['vega', 'vega-lite']) expect(staticPackages(join(ROOT, f)).has(p), `${f} reaches ${p}`).toBe(false);
    }
  });
});

// The input files other than mrd.csv are read on a worker thread when they are large
// (pipeline/ingest/readTables.ts), and a large file is read in two halves at once (readTable.ts);
// MRD_READ_WORKER_MIN_BYTES=0 and MRD_SPLIT_MIN_BYTES=0 take those paths on small studies.
describe('reading input files on worker threads (compiled)', () => {
  const onWorker = { MRD_READ_WORKER_MIN_BYTES: '0', MRD_SPLIT_MIN_BYTES: '0' };

  /**
   * A copy of a sample study whose plan asks for no figure (report.figureFormats: []): these runs
   * compare what reading on a thread gives, and the figures, drawn from the same analysis, are compared
   * between the threads by the figure-worker tests above; drawing them twice here took most of the time.
   */
  const withoutFigures = (study: string) => {
    const copy = join(tmp, `no-figures-${study}`);
    if (existsSync(copy)) return copy;
    cpSync(`data-samples/${study}`, copy, { recursive: true });
    const yaml = readFileSync(join(copy, 'study.yaml'), 'utf8');
    writeFileSync(join(copy, 'study.yaml'), /^report:\n/m.test(yaml) ? yaml.replace(/^report:\n/m, 'report:\n  figureFormats: []\n') : `${yaml}\nreport:\n  figureFormats: []\n`);
    return copy;
  };

  it.each([
    ['run', 'imroz-like'],
    ['run', 'messy-lab'],
    ['validate', 'messy-lab'],
  ])('%s %s writes the same bytes as reading in process', async (command, study) => {
    const inProcess = join(tmp, `read-here-${command}-${study}`);
    const viaWorker = join(tmp, `read-worker-${command}-${study}`);
    const dir = withoutFigures(study);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let status: number;
    try {
      status = await main([command, dir, '--out', inProcess, '--reproducible'], { startFigures: figureCache });
    } finally {
      out.mockRestore();
    }
    const r = cli(dist, [command, dir, '--out', viaWorker, '--reproducible'], [], onWorker);
    expect(r.status, r.stderr).toBe(status);
    const expected = readTree(inProcess);
    const actual = readTree(viaWorker);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    if (command === 'run') expect(expected.has('tables/mrd_samples.csv') && !expected.has('figures/swimmer_mrd.svg')).toBe(true);
    for (const [path, bytes] of expected) expect(Buffer.compare(actual.get(path)!, bytes), path).toBe(0);
  });

  it('raises the first file’s problem whichever thread reads it (subjects.csv before mrd.csv, mrd.csv before response.csv)', () => {
    const make = (name: string, files: Record<string, string | Buffer>) => {
      const study = join(tmp, name);
      cpSync('data-samples/sample-study', study, { recursive: true });
      for (const [f, content] of Object.entries(files)) writeFileSync(join(study, f), content);
      return study;
    };
    const bothBad = make('bad-subjects-and-mrd', { 'subjects.csv': 'USUBJID,ARM\nS1,A\n', 'mrd.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]) });
    const laterBad = make('bad-mrd-and-response', { 'response.csv': '', 'mrd.csv': 'USUBJID|SAMPLEID\n' });
    for (const env of [{}, onWorker]) {
      const first = cli(dist, ['run', bothBad, '--out', join(tmp, 'never')], [], env);
      expect(first.status).toBe(2);
      expect(first.stderr).toContain('subjects.csv:1: column RANDDT');
      const second = cli(dist, ['run', laterBad, '--out', join(tmp, 'never')], [], env);
      expect(second.status).toBe(2);
      expect(second.stderr).toContain('mrd.csv:1');
      expect(second.stderr).toContain('[csv.delimiter]');
    }
  });

  it('takes the worker path when told to: a broken table worker is an internal error (exit 70)', () => {
    const copy = brokenCopy('broken-table-worker', 'pipeline/ingest/tableWorker.js', "throw new Error('boom in the table worker');\n");
    expect(cli(copy, ['validate', 'data-samples/sample-study', '--out', join(tmp, 'never-v')]).status).toBe(1); // small files: read here (1: the study's seeded data errors)
    const r = cli(copy, ['validate', 'data-samples/sample-study', '--out', join(tmp, 'never-w')], [], onWorker);
    expect(r.status).toBe(70);
    expect(r.stderr).toContain('boom in the table worker');
  });

  it('reads on past the middle of a file when a quoted field spans it (no split), with the same outputs', async () => {
    const study = join(tmp, 'quoted-middle');
    cpSync('data-samples/sample-study', study, { recursive: true });
    const mrd = readFileSync(join(study, 'mrd.csv'), 'utf8').trimEnd().split(/\r?\n/);
    const header = mrd[0].split(',');
    // a failure reason of many lines, quoted, holding most of the file's bytes: the middle falls inside it
    const cells = header.map((h) => (h === 'USUBJID' ? mrd[1].split(',')[0] : h === 'SAMPLEID' ? 'QUOTED-1' : h === 'COLLDT' ? '2021-01-01' : h === 'METHOD' ? 'NGS' : h === 'RESULT' ? 'FAILED' : h === 'FAILRSN' ? `"${'reason, on\nmany lines\n'.repeat(400)}"` : ''));
    writeFileSync(join(study, 'mrd.csv'), [mrd[0], mrd[1], cells.join(','), ...mrd.slice(2)].join('\n') + '\n');
    const inProcess = join(tmp, 'quoted-middle-here');
    const viaWorker = join(tmp, 'quoted-middle-worker');
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let status: number;
    try {
      status = await main(['validate', study, '--out', inProcess, '--reproducible']);
    } finally {
      out.mockRestore();
    }
    const r = cli(dist, ['validate', study, '--out', viaWorker, '--reproducible'], [], onWorker);
    expect(r.status, r.stderr).toBe(status);
    const expected = readTree(inProcess);
    const actual = readTree(viaWorker);
    for (const [path, bytes] of expected) expect(Buffer.compare(actual.get(path)!, bytes), path).toBe(0);
  });
});

// The sample listing is written on a worker thread during the analysis when it has at least
// MRD_LISTING_WORKER_MIN_ROWS rows (reports/tables/sampleListingThread.ts): 0 takes that path here.
describe('writing the sample listing on a worker thread (compiled)', () => {
  const listingOnWorker = { MRD_LISTING_WORKER_MIN_ROWS: '0' };

  /** A study whose identifiers need CSV care (commas, quotes, formula starts, non-ASCII, SAMPLEID as a byte pool). */
  const hostileStudy = () => {
    const study = join(tmp, 'hostile-listing');
    if (existsSync(study)) return study;
    cpSync('data-samples/sample-study', study, { recursive: true });
    const yaml = readFileSync(join(study, 'study.yaml'), 'utf8');
    writeFileSync(join(study, 'study.yaml'), /^report:\n/m.test(yaml) ? yaml.replace(/^report:\n/m, 'report:\n  figureFormats: []\n') : `${yaml}\nreport:\n  figureFormats: []\n`);
    const hostile = (id: string, k: number) => ['a,b', 'say "hi"', '=1+2', '样本', '-0.25', '@x', '+y'][k % 7] + `-${id}`;
    const ids = new Map<string, string>();
    for (const file of ['subjects.csv', 'mrd.csv', 'response.csv', 'tte.csv', 'imaging.csv', 'therapy.csv']) {
      const p = join(study, file);
      if (!existsSync(p)) continue;
      const lines = readFileSync(p, 'utf8').trimEnd().split(/\r?\n/);
      const header = lines[0].split(',');
      const u = header.indexOf('USUBJID');
      const s = header.indexOf('SAMPLEID');
      const rows = lines.slice(1).map((line, k) => {
        const cells = line.split(',');
        if (!ids.has(cells[u])) ids.set(cells[u], hostile(cells[u], ids.size));
        cells[u] = csvQuote(ids.get(cells[u])!);
        if (s >= 0) cells[s] = csvQuote(hostile(cells[s], k + 3));
        return cells.join(',');
      });
      writeFileSync(p, [lines[0], ...rows].join('\n') + '\n');
    }
    return study;
  };
  const csvQuote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

  it('writes the same bytes as the write stage (identifiers that need CSV care, rows rejected)', () => {
    const study = hostileStudy();
    const here = cli(dist, ['run', study, '--out', join(tmp, 'listing-here'), '--reproducible']);
    const there = cli(dist, ['run', study, '--out', join(tmp, 'listing-worker'), '--reproducible'], [], listingOnWorker);
    expect(here.status, here.stderr).toBe(0);
    expect(there.status, there.stderr).toBe(0);
    const expected = readTree(join(tmp, 'listing-here'));
    const actual = readTree(join(tmp, 'listing-worker'));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, bytes] of expected) expect(Buffer.compare(actual.get(path)!, bytes), path).toBe(0);
    // the listing had rows that need quoting and rows were rejected, so the worker's escaping and the
    // shared arrays of a filtered table were exercised
    expect(expected.get('tables/mrd_samples.csv')!.toString('utf8')).toContain('"a,b-');
    expect(expected.get('tables/rejected_rows.csv')!.toString('utf8').split('\n').length).toBeGreaterThan(2);
    // nothing of the unfinished folder is left beside the output
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('takes that path: every array the listing reads is in shared memory, also after rows are rejected', () => {
    const probe = pathToFileURL(join(tmp, 'listing-fits.mjs'));
    writeFileSync(
      probe,
      `import { analyseStudy } from ${JSON.stringify(pathToFileURL(join(dist, 'pipeline/analyse.js')).href)};
import { sampleListingInput } from ${JSON.stringify(pathToFileURL(join(dist, 'reports/tables/sampleListing.js')).href)};
import { listingWorkerFits } from ${JSON.stringify(pathToFileURL(join(dist, 'reports/tables/sampleListingThread.js')).href)};
for (const study of [${JSON.stringify(hostileStudy())}]) {
  let fits = null;
  const a = await analyseStudy(study, { onSamples: (parts) => (fits = listingWorkerFits(sampleListingInput(parts))) });
  console.log(study.split('/').pop(), fits, a.accounting.reduce((s, r) => s + r.rowsRejected, 0) > 0);
}
`,
    );
    const r = node([fileURLToPath(probe)], listingOnWorker);
    expect(r.status, r.stderr).toBe(0);
    // (messy-lab, with its rejected rows, is checked in process by test/pipeline/sharedArrays.test.ts)
    expect(r.stdout.trim().split('\n')).toEqual(['hostile-listing true true']);
  });

  it('a file-system error of the listing names the output file (exit 2), and no unfinished folder is left', () => {
    const copy = brokenCopy(
      'broken-listing-worker',
      'reports/tables/sampleListingWorker.js',
      "import { parentPort, workerData } from 'node:worker_threads';\nparentPort.postMessage({ ok: false, message: `ENOSPC: no space left on device, write`, code: 'ENOSPC', syscall: 'write', path: workerData.path });\n",
    );
    const out = join(tmp, 'listing-disk-full');
    const r = cli(copy, ['run', hostileStudy(), '--out', out], [], listingOnWorker);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('the disk is full');
    expect(r.stderr).toContain('[fs.enospc]');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.startsWith('.listing-disk-full'))).toEqual([]);
  });

  it('a listing worker that dies is an internal error (exit 70) naming it, and nothing is written', () => {
    const copy = brokenCopy('dead-listing-worker', 'reports/tables/sampleListingWorker.js', "throw new Error('boom in the listing worker');\n");
    const out = join(tmp, 'listing-dead');
    const r = cli(copy, ['run', hostileStudy(), '--out', out], [], listingOnWorker);
    expect(r.status).toBe(70);
    expect(r.stderr).toContain('boom in the listing worker');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.startsWith('.listing-dead'))).toEqual([]);
  });
});
