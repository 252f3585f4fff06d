#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT, Interrupted, UserError } from './errors.js';
import { systemUserError } from './systemErrors.js';
import { startFigureRenderer, type DrawnFigures, type FigureRenderer } from '../reports/figures/figureRenderer.js';
import type { FigureSpec, SampleFigureParts } from '../reports/figures/figureSpecs.js';
import { openOutputFolder, writeOutputsAtomically, type OutputFolder } from './write/writeOutputs.js';
import { checkOutputPath } from './write/makeDirectories.js';
import { toolVersion } from './version.js';
import { collectGarbage } from './collectGarbage.js';
import { keepRasterMemory, smallStudyBytes, stopOptimisingCompiler } from './processTuning.js';
import { figureNeeds, type Plan } from '../model/plan.js';
import type { SampleParts } from './analyse.js';
import type { ListingWorker } from '../reports/tables/sampleListingThread.js';
import { clopperPearson } from '../analyses/stats/clopperPearson.js';
import { estimateCi, pValue, rateCell, thresholdLabel } from '../reports/format.js';

/**
 * Data files of at least this many bytes make a large study (about 50,000 subjects with 10 MRD samples
 * each): its figures are drawn after the analysis (see cmdRun). MRD_LARGE_STUDY_BYTES overrides it,
 * so that tests can take that path on small studies.
 */
const largeStudyBytes = () => Number(process.env.MRD_LARGE_STUDY_BYTES ?? 64 * 2 ** 20);

const USAGE = `mrd — MRD endpoint analysis for multiple-myeloma trials

Usage:
  mrd run STUDY_DIR --out OUT_DIR [--lang en|zh] [--reproducible] [--strict] [--quiet]
               --strict: any rejected input row stops the run (exit 2, nothing written)
  mrd validate STUDY_DIR --out OUT_DIR [--lang en|zh] [--reproducible]
               --lang: validation.html and this summary (queries.csv and validation.json stay as data)
  mrd proportion X N [--level 0.95] [--json]
  mrd compare X1 N1 X0 N0 [--level 0.95] [--cmh-correction] [--json]
  mrd compare --strata FILE [--level 0.95] [--cmh-correction] [--json]
               arm 1 experimental, arm 0 control; FILE: one row per stratum, columns STRATUM,X1,N1,X0,N0
  mrd survival --data FILE --time COL (--event COL | --cnsr COL) [--group COL --reference LEVEL]
               [--strata COL,COL] [--where COL=VALUE ...] [--id COL] [--allow-repeated]
               [--conf-type log-log|log|plain] [--ties breslow|efron]
               [--landmarks 12,24] [--level 0.95] [--json]
               FILE: CSV (any delimiter/encoding), SAS transport .xpt, Dataset-JSON, .xlsx
  mrd --version | --help

Common options:
  --debug        show the stack trace of an unexpected error

Exit status: 0 success; 1 (mrd validate) error-severity data issues found; 2 the input or command line
cannot be used; 70 internal error.`;

/** The usage lines of one command (its line and the indented lines under it), or the whole usage. */
export function helpFor(cmd: string): string {
  const lines = USAGE.split('\n');
  const own: string[] = [];
  for (let k = 0; k < lines.length; k++) {
    if (!lines[k].startsWith(`  mrd ${cmd} `) && lines[k] !== `  mrd ${cmd}`) continue;
    own.push(lines[k]);
    while (k + 1 < lines.length && /^ {4,}\S/.test(lines[k + 1]) && !lines[k + 1].trimStart().startsWith('mrd ')) own.push(lines[++k]);
  }
  if (own.length === 0) return USAGE;
  const tail = USAGE.slice(USAGE.indexOf('Common options:'));
  return `Usage:\n${own.join('\n')}\n\n${tail}`;
}

function usageError(message: string): UserError {
  return new UserError({ rule: 'usage', message: `${message}\n\n${USAGE}` });
}

type Values = Record<string, string | boolean | string[] | undefined>;

function parse(args: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({ args, options: { ...options, debug: { type: 'boolean' } }, allowPositionals: true, strict: true });
    return { values: r.values as Values, positionals: r.positionals };
  } catch (e) {
    throw usageError((e as Error).message);
  }
}

/** The run's time stamp: fixed by --reproducible or SOURCE_DATE_EPOCH (seconds), else now. */
function runTimestamp(reproducible: boolean): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return reproducible ? new Date(0).toISOString() : new Date().toISOString();
}

async function cmdRun(args: string[], startFigures: (png: boolean) => FigureRenderer, program: boolean): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string' },
    lang: { type: 'string' },
    reproducible: { type: 'boolean' },
    strict: { type: 'boolean' },
    quiet: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw usageError('mrd run needs exactly one STUDY_DIR');
  if (typeof values.out !== 'string' || values.out === '') throw usageError('mrd run needs --out OUT_DIR');
  if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'zh') throw usageError(`--lang must be en or zh, got ${values.lang}`);
  checkOutputPath(values.out);
  if (program) keepRasterMemory();
  const figures = figureSchedule(startFigures);
  // The output folder is opened when the sample listing starts (a large one is written into it by a
  // worker thread during the analysis), else at the write stage; on any failure it is removed, after
  // the listing's worker is stopped.
  let folder: OutputFolder | null = null;
  let listing: ListingWorker | null = null;
  const openFolder = () => (folder ??= openOutputFolder(values.out as string, positionals[0]));
  // `npm run bench` times the stages of this very command through MRD_BENCH_REPORT (a JSON file path)
  const stages: Record<string, number> = {};
  let interpreted = false;
  const started = performance.now();
  let lap = started;
  const progress = progressReporter(process.stderr.isTTY === true && values.quiet !== true, (line) => process.stderr.write(line));
  const time = (stage: string) => {
    const now = performance.now();
    stages[stage] = Math.round(now - lap) / 1000;
    progress(stage, now - started);
    lap = now;
    // an interrupt while the folder is open (the signal is noted, not acted on at once) stops the run here
    folder?.stopIfInterrupted();
  };
  /** read → analyse → the outputs to write, and what the console summary prints. */
  const prepare = async () => {
    const [{ analyseStudy }, { startOutputs }, listingThread, { sampleListingInput, SAMPLE_LISTING_FILE }, { sampleFigureSpecs }] = await Promise.all([
      import('./analyse.js'),
      import('../reports/buildOutputs.js'),
      import('../reports/tables/sampleListingThread.js'),
      import('../reports/tables/sampleListing.js'),
      import('../reports/figures/figureSpecs.js'),
    ]);
    // the listing needs only the samples' statuses: on a worker thread it is written while the
    // subject-level derivations and the statistics run here (not when --strict is going to stop the run)
    const startListing = (parts: SampleParts) => {
      if (values.strict && parts.accounting.some((r) => r.rowsRejected > 0)) return;
      const input = sampleListingInput(parts);
      if (!listingThread.listingWorkerFits(input)) return;
      listing = listingThread.startListingWorker(input, openFolder().stagedPath(SAMPLE_LISTING_FILE));
    };
    // the swimmer pages need only the samples' statuses: their PNGs are drawn by the worker while the
    // subject-level endpoints and the statistics are computed here (in 446 subjects' run the worker had
    // waited 0.15 s for its first figure, until the statistics were done)
    let sampleFigures: DrawnFigures | undefined;
    const onSamples = (parts: SampleParts) => {
      startListing(parts);
      sampleFigures = figures.drawEarly(parts, (values.lang as 'en' | 'zh' | undefined) ?? parts.plan.lang, sampleFigureSpecs);
    };
    const onPlan = (plan: Plan, dataBytes: number) => {
      // before the figure threads start, so that they run without it too
      interpreted = program && dataBytes < smallStudyBytes();
      if (interpreted) stopOptimisingCompiler();
      figures.onPlan(plan, dataBytes);
    };
    const analysis = await analyseStudy(positionals[0], { onStage: (stage) => time(stage), onPlan, onSamples });
    const rejectedRows = analysis.accounting.reduce((s, a) => s + a.rowsRejected, 0);
    if (values.strict && rejectedRows > 0) {
      const first = analysis.rejected.slice(0, 5).map((p) => `  ${p.file}:${p.line ?? ''} ${p.column ?? ''} ${p.rule}: ${p.message}`).join('\n');
      throw new UserError({
        file: positionals[0],
        rule: 'run.strict',
        message: `${rejectedRows} input rows were rejected and --strict is set; nothing was written. The first:\n${first}\nRun \`mrd validate ${positionals[0]} --out DIR\` for the full query list.`,
      });
    }
    const lang = (values.lang as 'en' | 'zh' | undefined) ?? analysis.plan.lang;
    const drawing = figures.renderer();
    const outputs = await startOutputs(analysis, {
      lang,
      version: toolVersion(),
      ...(drawing ? { figures: drawing, sampleFigures } : {}),
      ...(listing ? { sampleListing: { staged: (listing as ListingWorker).sha256 } } : {}),
      runDate: runTimestamp(values.reproducible === true).slice(0, 10),
    });
    time('reports');
    const { plan, subjects, tables, accounting, mrdRates } = analysis;
    return { ...outputs, summary: { plan, subjects: { n: subjects.n }, tables: { mrd: { n: tables.mrd.n } }, accounting, mrdRates } };
  };
  const { summary, nFiles } = await (async () => {
    // The analysis lives only inside `prepare`: once the outputs are built, what they still need is
    // held by their own writers (the sample listing, about a third of the arrays at 10^6 subjects, when
    // it is written here), and the rest can be collected while the files are written.
    const { ready, later, summary } = await prepare();
    // the Analysis is garbage from here on: for a large study it is collected now (about 30 ms at 10^6
    // subjects), and its arrays go back to the system before the write stage allocates, instead of
    // whenever V8 gets to them (peak 2.3 -> 2.1 GB at 10^6 subjects with the listing written during the
    // analysis). Not for a small one: a full collection of a large heap (a test runner's) costs more
    // than the study's arrays are worth.
    if (figures.large) collectGarbage()();
    figures.analysisCollected();
    // the files that need no figure are written while the PNG worker still draws; then this thread draws
    // PNGs too, whenever no figure's files wait to be written, and each figure's files are written as
    // its PNG comes (the 'write' stage includes the figures)
    const nFiles = await openFolder().commit(ready, { manifest: { command: 'run', version: toolVersion(), runAt: runTimestamp(values.reproducible === true) }, later, whileWaiting: (idle) => figures.helpDraw(idle) });
    return { summary, nFiles };
  })().finally(async () => {
    await figures.close();
    await (listing as ListingWorker | null)?.stop();
    (folder as OutputFolder | null)?.abandon();
  });
  time('write');
  const report = process.env.MRD_BENCH_REPORT;
  if (report) {
    const total = Math.round(performance.now() - started) / 1000;
    writeFileSync(report, JSON.stringify({ stagesS: stages, totalS: total, optimisingCompiler: !interpreted, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
  }

  process.stdout.write(runSummary(summary, summary.plan.mrd.primaryThreshold, nFiles, values.out as string, positionals[0]));
  return EXIT.OK;
}

/**
 * When `mrd run` draws its figures. The SVGs are drawn on this thread once the tables are built; a
 * worker thread loads resvg and draws the PNGs: it starts as soon as the plan is read (before the data
 * files), and only if the plan's report.figureFormats asks for PNGs. For a large study (`large`: data
 * files of largeStudyBytes or more) the run waits for its sample listing, not for the figures: their
 * worker starts, and they are drawn, once the Analysis is collected, not at the run's memory peak (the
 * PNG thread takes 30-50 MB idle and 100-200 MB drawing 10^6 subjects). The worker is closed on every
 * path, also when the run fails before figures are needed.
 */
function figureSchedule(startFigures: (png: boolean) => FigureRenderer) {
  let figures: FigureRenderer | null = null;
  let large = false;
  let draw = false;
  let png = false;
  let collected: () => void = () => {};
  const analysisCollected = new Promise<void>((resolve) => (collected = resolve));
  const later: FigureRenderer = {
    render: (specs, withPng) => analysisCollected.then(() => (figures ??= startFigures(png)).render(specs, withPng)),
    close: async () => figures?.close(),
  };
  return {
    /** for analyseStudy's onPlan: the plan and the bytes of the data files */
    onPlan(plan: Plan, dataBytes: number): void {
      large = dataBytes >= largeStudyBytes();
      ({ draw, png } = figureNeeds(plan.report.figureFormats));
      if (draw && !large) figures ??= startFigures(png);
    },
    get large(): boolean {
      return large;
    },
    /**
     * Draws now the figures made by `specsOf` (those drawn from the samples alone), for startOutputs to
     * take with the others; nothing for a large study (whose figures wait for the Analysis to be
     * collected) or when nothing is drawn.
     */
    drawEarly(parts: SampleFigureParts, lang: 'en' | 'zh', specsOf: (parts: SampleFigureParts, lang: 'en' | 'zh') => FigureSpec[]): DrawnFigures | undefined {
      if (!draw || large || !figures) return undefined;
      const specs = specsOf(parts, lang);
      const rendered = figures.render(specs, png);
      rendered.catch(() => {}); // awaited by startOutputs; a failure before it is not an unhandled rejection
      return { specs, rendered };
    },
    /** the renderer startOutputs is given (none when nothing is drawn) */
    renderer(): FigureRenderer | null {
      return !draw ? null : large ? later : figures;
    },
    /**
     * for the write stage, once everything else is written: draws here PNGs still waiting for the
     * worker (not for a large study, whose figures are drawn while its gigabytes are written)
     */
    async helpDraw(idle: () => Promise<void>): Promise<void> {
      if (!large) await figures?.helpDraw?.(idle);
    },
    /** the Analysis is collected: a large study's figures may be drawn now */
    analysisCollected(): void {
      collected();
    },
    async close(): Promise<void> {
      await figures?.close();
    },
  };
}

/**
 * The console summary of `mrd run`: the study, the rows used and rejected (pointing at the listing and
 * at `mrd validate`), and the ITT rates at the primary threshold as a table with aligned columns.
 */
export function runSummary(
  a: { plan: { study: string; cutoff: string; arms: { code: string; label: string }[]; stats: { ciLevel: number; proportionCi: string } }; subjects: { n: number }; tables: { mrd: { n: number } }; accounting: { rowsRejected: number }[]; mrdRates: { endpoint: string; population: string; threshold: number; arm: string; x: number; n: number; rate: number; ciLower: number; ciUpper: number }[] },
  t: number,
  nFiles: number,
  out: string,
  studyDir: string,
): string {
  const rejected = a.accounting.reduce((s, r) => s + r.rowsRejected, 0);
  const rates = a.mrdRates.filter((r) => r.population === 'ITT' && r.threshold === t);
  const endpoints = [...new Set(rates.map((r) => r.endpoint))];
  const header = ['ITT at ' + thresholdLabel(t), ...a.plan.arms.map((x) => x.label)];
  const rows = endpoints.map((e) => [e, ...a.plan.arms.map((arm) => { const r = rates.find((q) => q.endpoint === e && q.arm === arm.code); return r ? rateCell(r.x, r.n, r.rate, r.ciLower, r.ciUpper) : ''; })]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => '  ' + cells.map((c, j) => c.padEnd(widths[j])).join('   ').trimEnd();
  return (
    `mrd run: ${a.plan.study}, cut-off ${a.plan.cutoff}: ${a.subjects.n} subjects, ${a.tables.mrd.n} MRD samples\n` +
    (rejected
      ? `${rejected} input rows rejected: listed in ${out}/tables/rejected_rows.csv; \`mrd validate ${studyDir} --out DIR\` gives the query list (--strict makes rejections an error)\n`
      : 'no input row rejected\n') +
    [line(header), ...rows.map(line)].join('\n') +
    `\n  n/N (%) [${Math.round(a.plan.stats.ciLevel * 1000) / 10}% ${a.plan.stats.proportionCi === 'wilson' ? 'Wilson' : 'Clopper-Pearson'} CI]\nwrote ${nFiles} files to ${out}\n`
  );
}

/**
 * Progress of a run on stderr, a line per stage, for a person watching a terminal: nothing when the
 * stream is not a terminal (or --quiet), and nothing for a run that ends within 2 s (stages are held
 * until then and shown at once).
 */
export function progressReporter(enabled: boolean, write: (line: string) => void): (stage: string, elapsedMs: number) => void {
  const held: string[] = [];
  let showing = false;
  return (stage, elapsedMs) => {
    if (!enabled) return;
    held.push(`mrd: ${stage} done (${(elapsedMs / 1000).toFixed(1)} s)\n`);
    if (!showing && elapsedMs < 2000) return;
    showing = true;
    for (const l of held.splice(0)) write(l);
  };
}

async function cmdValidate(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: 'string' }, reproducible: { type: 'boolean' }, lang: { type: 'string' } });
  if (positionals.length !== 1) throw usageError('mrd validate needs exactly one STUDY_DIR');
  if (typeof values.out !== 'string' || values.out === '') throw usageError('mrd validate needs --out OUT_DIR');
  if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'zh') throw usageError(`--lang must be en or zh, got ${values.lang}`);
  checkOutputPath(values.out);
  const [{ validateStudy }, { buildValidationOutputs, validationExitStatus }] = await Promise.all([
    import('./validate/validateStudy.js'),
    import('../reports/validation/buildValidationOutputs.js'),
  ]);
  const { VALIDATION_LABELS } = await import('../reports/validation/validationLabels.js');
  const v = await validateStudy(positionals[0]);
  const lang = (values.lang as 'en' | 'zh' | undefined) ?? v.plan.lang;
  const files = buildValidationOutputs(v, { version: toolVersion(), lang });
  await writeOutputsAtomically(values.out, files, {
    studyDir: positionals[0],
    manifest: { command: 'validate', version: toolVersion(), runAt: runTimestamp(values.reproducible === true) },
  });
  const L = VALIDATION_LABELS[lang];
  const { head, tail } = L.console({ study: v.plan.study, cutoff: v.plan.cutoff, c: v.counts, out: values.out });
  // severity words padded by display width: a Chinese character takes two columns
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
  const lines = v.summary.map((r) => `  ${pad(L.severity[r.severity], 7)} ${r.rule.padEnd(34)} ${r.count}`);
  process.stdout.write(`${head}\n` + (lines.length ? lines.join('\n') + '\n' : '') + `${tail}\n`);
  return validationExitStatus(v) === 1 ? EXIT.DATA_ERRORS : EXIT.OK;
}

function cmdProportion(args: string[]): number {
  const { values, positionals } = parse(args, { level: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 2) throw usageError('mrd proportion needs X and N');
  const [xs, ns] = positionals;
  if (!/^\d+$/.test(xs) || !/^\d+$/.test(ns)) throw usageError(`X and N must be whole numbers, got ${xs} and ${ns}`);
  const x = Number(xs);
  const n = Number(ns);
  if (x > n) throw usageError(`X (${x}) must not exceed N (${n})`);
  if (n === 0) throw usageError('N must be at least 1');
  const level = values.level === undefined ? 0.95 : Number(values.level);
  if (!(level > 0 && level < 1)) throw usageError(`--level must be in (0, 1), got ${values.level}`);
  const ci = clopperPearson(x, n, level);
  if (values.json) process.stdout.write(JSON.stringify({ x, n, rate: ci.rate, ciLower: ci.ciLower, ciUpper: ci.ciUpper }) + '\n');
  else process.stdout.write(aligned([[`rate, ${levelText(level)} Clopper-Pearson CI`, rateCell(x, n, ci.rate, ci.ciLower, ci.ciUpper)]]) + '(--json gives full precision)\n');
  return EXIT.OK;
}

const levelText = (level: number) => `${Math.round(level * 1000) / 10}%`;

/** label-value lines with the values in one column */
function aligned(rows: [string, string][]): string {
  const w = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, v]) => `${l.padEnd(w)}  ${v}\n`).join('');
}

function count(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw usageError(`${what} must be a whole number, got ${text}`);
  return Number(text);
}

async function cmdCompare(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { level: { type: 'string' }, json: { type: 'boolean' }, strata: { type: 'string' }, 'cmh-correction': { type: 'boolean' } });
  const level = values.level === undefined ? 0.95 : Number(values.level);
  if (!(level > 0 && level < 1)) throw usageError(`--level must be in (0, 1), got ${values.level}`);
  const { compareProportions, readStrataFile } = await import('./commands/compare.js');
  let strata;
  if (typeof values.strata === 'string') {
    if (positionals.length !== 0) throw usageError('mrd compare takes either X1 N1 X0 N0 or --strata FILE, not both');
    strata = await readStrataFile(values.strata);
  } else {
    if (positionals.length !== 4) throw usageError('mrd compare needs X1 N1 X0 N0 (experimental, then control) or --strata FILE');
    const [x1, n1, x0, n0] = positionals.map((p, k) => count(p, ['X1', 'N1', 'X0', 'N0'][k]));
    if (x1 > n1 || x0 > n0) throw usageError(`responders must not exceed subjects (X1 ${x1}, N1 ${n1}, X0 ${x0}, N0 ${n0})`);
    if (n1 === 0 || n0 === 0) throw usageError('each arm needs at least one subject');
    strata = [{ stratum: '', x1, n1, x0, n0 }];
  }
  const r = compareProportions(strata, level, values['cmh-correction'] === true);
  if (values.json) {
    process.stdout.write(JSON.stringify(r) + '\n');
    return EXIT.OK;
  }
  const L = levelText(level);
  const rate = (a: (typeof r.arms)[number]) => (a.rate === null ? `${a.x}/${a.n}` : rateCell(a.x, a.n, a.rate, a.ciLower!, a.ciUpper!));
  const by = r.strata > 1 ? `, ${r.strata} strata` : '';
  process.stdout.write(
    aligned([
      [`arm 1 (experimental), ${L} Clopper-Pearson CI`, rate(r.arms[0])],
      [`arm 0 (control)`, rate(r.arms[1])],
      [`odds ratio, exact conditional ${L} CI (pooled)`, estimateCi(r.exactOddsRatio.estimate, r.exactOddsRatio.ciLower, r.exactOddsRatio.ciUpper, 3)],
      [`Fisher exact p (pooled)`, pValue(r.exactOddsRatio.fisherP)],
      [`odds ratio, Mantel-Haenszel, RBG ${L} CI${by}`, estimateCi(r.mhOddsRatio.estimate, r.mhOddsRatio.ciLower, r.mhOddsRatio.ciUpper, 3)],
      [`risk difference %, Miettinen-Nurminen ${L} CI${by}`, estimateCi(pct100(r.riskDifference.estimate), pct100(r.riskDifference.ciLower), pct100(r.riskDifference.ciUpper), 1)],
      [`CMH p${r.cmh.correct ? ' (continuity corrected)' : ''}${by}`, pValue(r.cmh.pValue)],
    ]) + 'p-values are two-sided and nominal; --json gives full precision\n',
  );
  return EXIT.OK;
}

const pct100 = (v: number | null) => (v === null ? null : v * 100);

async function cmdSurvival(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    data: { type: 'string' },
    time: { type: 'string' },
    event: { type: 'string' },
    cnsr: { type: 'string' },
    group: { type: 'string' },
    reference: { type: 'string' },
    strata: { type: 'string' },
    'conf-type': { type: 'string' },
    ties: { type: 'string' },
    landmarks: { type: 'string' },
    level: { type: 'string' },
    json: { type: 'boolean' },
    where: { type: 'string', multiple: true },
    id: { type: 'string' },
    'allow-repeated': { type: 'boolean' },
  });
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  if (positionals.length) throw usageError(`mrd survival takes no positional arguments, got ${positionals.join(' ')}`);
  const data = str('data');
  const time = str('time');
  if (!data || !time) throw usageError('mrd survival needs --data F.csv and --time COL');
  if ((str('event') === undefined) === (str('cnsr') === undefined)) throw usageError('mrd survival needs exactly one of --event COL (1 = event) or --cnsr COL (0 = event)');
  if (str('reference') !== undefined && str('group') === undefined) throw usageError('--reference needs --group');
  const confType = str('conf-type') ?? 'log-log';
  if (!['log-log', 'log', 'plain'].includes(confType)) throw usageError(`--conf-type must be log-log, log or plain, got ${confType}`);
  const ties = str('ties') ?? 'breslow';
  if (ties !== 'breslow' && ties !== 'efron') throw usageError(`--ties must be breslow or efron, got ${ties}`);
  const landmarks = (str('landmarks') ?? '').split(',').filter((x) => x.trim() !== '').map(Number);
  if (landmarks.some((x) => !Number.isFinite(x) || x < 0)) throw usageError(`--landmarks must be numbers >= 0 separated by commas, got ${str('landmarks')}`);
  const level = str('level') === undefined ? 0.95 : Number(str('level'));
  if (!(level > 0 && level < 1)) throw usageError(`--level must be in (0, 1), got ${str('level')}`);
  const where = ((values.where as unknown as string[] | undefined) ?? []).map((w) => {
    const eq = w.indexOf('=');
    if (eq <= 0 || eq === w.length - 1) throw usageError(`--where needs COL=VALUE (VALUE may list several, separated by commas), got ${w}`);
    return { column: w.slice(0, eq), values: w.slice(eq + 1).split(',') };
  });
  const { runSurvivalCommand, survivalJson, survivalText } = await import('./commands/survival.js');
  const { analysis, omitted } = await runSurvivalCommand({
    data,
    time,
    event: str('event'),
    cnsr: str('cnsr'),
    group: str('group'),
    reference: str('reference'),
    strata: (str('strata') ?? '').split(',').map((c) => c.trim()).filter((c) => c !== ''),
    confType: confType as 'log-log' | 'log' | 'plain',
    ties,
    landmarks,
    level,
    where,
    id: str('id'),
    allowRepeated: values['allow-repeated'] === true,
  });
  process.stdout.write(values.json ? JSON.stringify(survivalJson(analysis)) + '\n' : survivalText(analysis, omitted));
  return EXIT.OK;
}

/** What `main` is given besides its arguments: the bin script and cli.js give `program`, tests a renderer. */
export interface MainOptions {
  /** The figure renderer `mrd run` starts, told whether PNGs are wanted (default: startFigureRenderer,
   *  the PNG worker when compiled);
   *  tests that do not check the figures themselves pass one that draws each distinct spec once. */
  startFigures?: (png: boolean) => FigureRenderer;
  /** true when this process is `mrd` itself (bin/mrd.js, dist/pipeline/cli.js), which may set V8 flags for a small study */
  program?: boolean;
}

export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const [cmd, ...rest] = argv;
  const debug = argv.includes('--debug');
  try {
    // `mrd survival --help` is a question, not a usage error
    if (cmd !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
      process.stdout.write(helpFor(cmd) + '\n');
      return EXIT.OK;
    }
    switch (cmd) {
      case 'run':
        return await cmdRun(rest, options.startFigures ?? startFigureRenderer, options.program === true);
      case 'validate':
        return await cmdValidate(rest);
      case 'proportion':
        return cmdProportion(rest);
      case 'survival':
        return await cmdSurvival(rest);
      case 'compare':
        return await cmdCompare(rest);
      case '--version':
      case '-v':
        process.stdout.write(`${toolVersion()}\n`);
        return EXIT.OK;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return EXIT.OK;
      default:
        throw usageError(`unknown command ${cmd}`);
    }
  } catch (e) {
    if (e instanceof UserError) {
      process.stderr.write(`mrd: error: ${e.message}\n`);
      if (debug) process.stderr.write(`${e.stack}\n`);
      return e.exitCode;
    }
    if (e instanceof Interrupted) {
      process.stderr.write(`mrd: ${e.message}\n`);
      return e.exitCode;
    }
    const fs = systemUserError(e);
    if (fs) {
      process.stderr.write(`mrd: error: ${fs.message}\n`);
      if (debug) process.stderr.write(`${(e as Error).stack}\n`);
      return fs.exitCode;
    }
    const err = e as Error;
    process.stderr.write(`mrd: internal error: ${err?.message ?? String(e)}\n`);
    process.stderr.write(debug ? `${err?.stack}\n` : 'This is a bug in mrd; run again with --debug for the stack trace and report it.\n');
    return EXIT.INTERNAL;
  }
}

/**
 * Ends the `mrd` process with `code` once what it wrote to stdout and stderr is flushed: for the bin
 * script and cli.js, once `main` has resolved (its outputs committed, its worker threads closed).
 * Letting Node end by itself would first free both threads' heaps one page range at a time; the
 * kernel frees them at once: 16 pairs of `mrd run` at 446 subjects (about 200 MB), wall ratio 0.977.
 */
export function exitProgram(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

// Run only when executed as the program, not when imported by tests.
const invoked = process.argv[1] ?? '';
if (invoked.endsWith('/cli.js') || invoked.endsWith('/cli.ts')) {
  main(process.argv.slice(2), { program: true }).then(exitProgram);
}
