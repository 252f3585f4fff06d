#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT, UserError } from './errors.js';
import { startFigureRenderer } from '../reports/figures/figureRenderer.js';
import { writeOutputsAtomically } from './write/writeOutputs.js';
import { toolVersion } from './version.js';
import { clopperPearson } from '../analyses/stats/clopperPearson.js';
import { thresholdLabel } from '../reports/format.js';

const USAGE = `mrd — MRD endpoint analysis for multiple-myeloma trials

Usage:
  mrd run STUDY_DIR --out OUT_DIR [--lang en|zh] [--reproducible]
  mrd validate STUDY_DIR --out OUT_DIR [--reproducible]
  mrd proportion X N [--level 0.95] [--json]
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

async function cmdRun(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string' },
    lang: { type: 'string' },
    reproducible: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw usageError('mrd run needs exactly one STUDY_DIR');
  if (typeof values.out !== 'string' || values.out === '') throw usageError('mrd run needs --out OUT_DIR');
  if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'zh') throw usageError(`--lang must be en or zh, got ${values.lang}`);
  // A worker thread loads vega and resvg and renders the figures while this thread reads, analyses and
  // builds the tables; it is terminated on every path, also when the run fails before figures are needed.
  // It starts first: the modules of each command are loaded only when it runs.
  const figures = startFigureRenderer();
  // `npm run bench` times the stages of this very command through MRD_BENCH_REPORT (a JSON file path)
  const stages: Record<string, number> = {};
  const started = performance.now();
  let lap = started;
  const time = (stage: string) => {
    const now = performance.now();
    stages[stage] = Math.round(now - lap) / 1000;
    lap = now;
  };
  const { analysis, files } = await (async () => {
    const [{ analyseStudy }, { buildOutputs }] = await Promise.all([import('./analyse.js'), import('../reports/buildOutputs.js')]);
    const analysis = await analyseStudy(positionals[0], (stage) => time(stage));
    const lang = (values.lang as 'en' | 'zh' | undefined) ?? analysis.plan.lang;
    const files = await buildOutputs(analysis, { lang, version: toolVersion(), figures });
    time('reports');
    return { analysis, files };
  })().finally(() => figures.close());
  await writeOutputsAtomically(values.out as string, files, {
    studyDir: positionals[0],
    manifest: { command: 'run', version: toolVersion(), runAt: runTimestamp(values.reproducible === true) },
  });
  time('write');
  const report = process.env.MRD_BENCH_REPORT;
  if (report) {
    const total = Math.round(performance.now() - started) / 1000;
    writeFileSync(report, JSON.stringify({ stagesS: stages, totalS: total, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
  }

  const t = analysis.plan.mrd.primaryThreshold;
  const lines = analysis.mrdRates
    .filter((r) => r.population === 'ITT' && r.threshold === t)
    .map((r) => `  ${r.endpoint.padEnd(11)} ${r.arm.padEnd(10)} ${r.x}/${r.n}`);
  const rejected = analysis.accounting.reduce((s, a) => s + a.rowsRejected, 0);
  process.stdout.write(
    `mrd run: ${analysis.plan.study}, cut-off ${analysis.plan.cutoff}: ${analysis.subjects.n} subjects, ${analysis.tables.mrd.n} MRD samples` +
      (rejected ? `, ${rejected} input rows rejected (tables/rejected_rows.csv)` : '') +
      `\nITT at ${thresholdLabel(t)}:\n${lines.join('\n')}\nwrote ${files.size} files to ${values.out}\n`,
  );
  return EXIT.OK;
}

async function cmdValidate(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: 'string' }, reproducible: { type: 'boolean' } });
  if (positionals.length !== 1) throw usageError('mrd validate needs exactly one STUDY_DIR');
  if (typeof values.out !== 'string' || values.out === '') throw usageError('mrd validate needs --out OUT_DIR');
  const [{ validateStudy }, { buildValidationOutputs, validationExitStatus }] = await Promise.all([
    import('./validate/validateStudy.js'),
    import('../reports/validation/buildValidationOutputs.js'),
  ]);
  const v = await validateStudy(positionals[0]);
  const files = buildValidationOutputs(v, { version: toolVersion() });
  await writeOutputsAtomically(values.out, files, {
    studyDir: positionals[0],
    manifest: { command: 'validate', version: toolVersion(), runAt: runTimestamp(values.reproducible === true) },
  });
  const c = v.counts;
  const lines = v.summary.map((r) => `  ${r.severity.padEnd(7)} ${r.rule.padEnd(34)} ${r.count}`);
  process.stdout.write(
    `mrd validate: ${v.plan.study}, cut-off ${v.plan.cutoff}: ${c.error} error(s), ${c.warning} warning(s), ${c.info} info\n` +
      (lines.length ? lines.join('\n') + '\n' : '') +
      `wrote queries.csv, validation.json, validation.html to ${values.out}\n`,
  );
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
  else process.stdout.write(`x = ${x}, n = ${n}, rate = ${ci.rate}\n${Math.round(level * 1000) / 10}% Clopper-Pearson CI: [${ci.ciLower}, ${ci.ciUpper}]\n`);
  return EXIT.OK;
}

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

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const debug = argv.includes('--debug');
  try {
    // `mrd survival --help` is a question, not a usage error
    if (cmd !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
      process.stdout.write(USAGE + '\n');
      return EXIT.OK;
    }
    switch (cmd) {
      case 'run':
        return await cmdRun(rest);
      case 'validate':
        return await cmdValidate(rest);
      case 'proportion':
        return cmdProportion(rest);
      case 'survival':
        return await cmdSurvival(rest);
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
    const err = e as Error;
    process.stderr.write(`mrd: internal error: ${err?.message ?? String(e)}\n`);
    process.stderr.write(debug ? `${err?.stack}\n` : 'This is a bug in mrd; run again with --debug for the stack trace and report it.\n');
    return EXIT.INTERNAL;
  }
}

// Run only when executed as the program, not when imported by tests.
const invoked = process.argv[1] ?? '';
if (invoked.endsWith('/cli.js') || invoked.endsWith('/mrd') || invoked.endsWith('/cli.ts')) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
