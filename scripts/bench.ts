/**
 * `npm run bench [-- --subjects N] [--adam-pairs K]`: times every stage of `mrd run` on synthetic studies of 10^3 to
 * 10^6 subjects (about 10 MRD rows each) and records peak memory; where R is installed it also runs
 * KM + log-rank + Cox on the same PFS data in R and prints the speed ratio. The last output line is
 * one JSON object with every figure. Each size runs in a child process, which runs `mrd run` as a
 * process of its own (the CLI as users run it, default heap limit), so that peak memory is the run's.
 * Each size also runs K pairs (default 1) without and with the ADaM data sets, for their cost.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSyntheticStudy } from '../data-samples/synthetic/generate.js';
import { readTable } from '../pipeline/ingest/readTable.js';
import { SUBJECTS, TTE } from '../model/schema.js';
import { analyseSurvival } from '../analyses/survivalAnalysis.js';

interface SizeResult {
  subjects: number;
  mrdRows: number;
  generateS: number;
  stagesS: Record<string, number>;
  /** from the start of the run command to its outputs written */
  totalS: number;
  /** the whole `mrd run` process, from spawning it to its exit (Node start-up, module loading included) */
  processS: number;
  /** peak resident memory of the `mrd run` process (all its threads) */
  peakRssMB: number;
  survival?: { jsS: number; rS: number | null; ratio: number | null; n: number };
  /**
   * the cost of writing the ADaM data sets (issue 14): the same study run without them
   * (report.adamFormats: []) and with them, alternately, `pairs` times; wall seconds from start to
   * outputs, and the median of with / without
   */
  adam?: { withoutS: number[]; withS: number[]; ratio: number; adamMB: number };
}

const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;
const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor((v.length - 1) / 2)];
/** calls of KM + log-rank + Cox timed on each side (ours and R), the median reported */
const SURVIVAL_CALLS = 11;

/**
 * One size: generate the study, then run `mrd run` on it as its own process, exactly as a user would
 * (default heap limit, figure and reading workers), which reports its stage times and peak memory
 * through MRD_BENCH_REPORT; then time KM + log-rank + Cox on the study's PFS here and in R.
 */
async function runOne(n: number): Promise<SizeResult> {
  const root = mkdtempSync(join(tmpdir(), `mrd-bench-${n}-`));
  try {
    const dir = join(root, 'study');
    let t = performance.now();
    const { mrdRows } = await generateSyntheticStudy(dir, n, 7);
    const generateS = (performance.now() - t) / 1000;
    // flush the generator's gigabyte to disk first, so that the run is not timed against the kernel
    // writing back someone else's pages
    spawnSync('sync');

    const reportFile = join(root, 'bench-report.json');
    t = performance.now();
    const run = spawnSync(process.execPath, [fileURLToPath(new URL('../pipeline/cli.js', import.meta.url)), 'run', dir, '--out', join(root, 'out')], {
      encoding: 'utf8',
      env: { ...process.env, MRD_BENCH_REPORT: reportFile },
    });
    const processS = (performance.now() - t) / 1000;
    if (run.status !== 0) throw new Error(`mrd run failed on ${n} subjects (exit ${run.status}): ${run.stderr}`);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { stagesS: Record<string, number>; totalS: number; peakRssMB: number };
    const adamDir = join(root, 'out', 'adam');
    const adamMB = round(readdirSync(adamDir).reduce((s, f) => s + statSize(join(adamDir, f)), 0) / 2 ** 20, 1);
    const adam = adamPairs > 0 ? { ...measureAdam(root, dir, adamPairs), adamMB } : undefined;

    // KM + stratified log-rank + stratified Cox on PFS alone, the same computation as the R script
    const subjects = await readTable(dir, SUBJECTS, ['AGEGRP', 'RISSGRP'], true);
    const tte = await readTable(dir, TTE);
    const armOf = new Map<string, number>();
    const stratumOf = new Map<string, number>();
    const strataCodes = new Map<string, number>();
    for (let i = 0; i < subjects.n; i++) {
      const id = subjects.text.USUBJID.at(i)!;
      armOf.set(id, subjects.text.ARM.at(i) === 'EXP' ? 0 : 1);
      const key = `${subjects.text.AGEGRP.at(i)}/${subjects.text.RISSGRP.at(i)}`;
      stratumOf.set(id, strataCodes.get(key) ?? strataCodes.set(key, strataCodes.size).get(key)!);
    }
    const time: number[] = [];
    const event: number[] = [];
    const arm: number[] = [];
    const stratum: number[] = [];
    for (let i = 0; i < tte.n; i++) {
      if (tte.text.PARAMCD.at(i) !== 'PFS') continue;
      const id = tte.text.USUBJID.at(i)!;
      time.push((tte.num.ADT[i] - tte.num.STARTDT[i]) / 30.4375);
      event.push(tte.num.CNSR[i] === 0 ? 1 : 0);
      arm.push(armOf.get(id)!);
      stratum.push(stratumOf.get(id)!);
    }
    // Both sides the median of SURVIVAL_CALLS calls in one process: a single first call measured the
    // JIT compiling this code (16-40 ms at 1,000 subjects; the first four calls 12-29 ms, later ones
    // 2-3 ms), as a single R call measured R loading and byte-compiling survival (33 ms, 10 ms later).
    // A run calls it for every endpoint, so the compiled speed is the one a run sees.
    const jsTimes: number[] = [];
    for (let k = 0; k < SURVIVAL_CALLS; k++) {
      t = performance.now();
      analyseSurvival(
        { time, event, group: arm, groupLabels: ['EXP', 'CTL'], reference: 1, strata: stratum },
        { confType: 'log-log', level: 0.95, ties: 'breslow', landmarks: [12, 24, 36] },
      );
      jsTimes.push((performance.now() - t) / 1000);
    }
    const jsS = median(jsTimes);
    let rS: number | null = null;
    const csv = join(root, 'pfs.csv');
    writeFileSync(csv, 'time,event,arm,stratum\n' + time.map((v, i) => `${v},${event[i]},${arm[i]},${stratum[i]}`).join('\n') + '\n');
    const r = spawnSync(
      'Rscript',
      [
        '--vanilla',
        '-e',
        `suppressMessages(library(survival)); d <- read.csv("${csv}"); el <- replicate(${SURVIVAL_CALLS}, system.time({ f <- survfit(Surv(time, event) ~ arm, d, conf.type = "log-log"); q <- quantile(f, 0.5); s <- summary(f, times = c(12, 24, 36), extend = TRUE); l <- survdiff(Surv(time, event) ~ arm + strata(stratum), d); m <- coxph(Surv(time, event) ~ arm + strata(stratum), d, ties = "breslow") })[["elapsed"]]); cat(median(el))`,
      ],
      { encoding: 'utf8' },
    );
    if (!r.error && r.status === 0) rS = Number(r.stdout.trim());
    return {
      subjects: n,
      mrdRows,
      generateS: round(generateS),
      stagesS: report.stagesS,
      totalS: report.totalS,
      processS: round(processS),
      peakRssMB: report.peakRssMB,
      survival: { jsS: round(jsS), rS, ratio: rS === null ? null : round(rS / jsS, 2), n: time.length },
      ...(adam ? { adam } : {}),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function statSize(path: string): number {
  return statSync(path).size;
}

/** `mrd run` on `dir` as a process; its start-to-outputs seconds (MRD_BENCH_REPORT). */
function timedRun(root: string, dir: string): number {
  const reportFile = join(root, 'pair-report.json');
  const out = join(root, 'pair-out');
  const run = spawnSync(process.execPath, [fileURLToPath(new URL('../pipeline/cli.js', import.meta.url)), 'run', dir, '--out', out], {
    encoding: 'utf8',
    env: { ...process.env, MRD_BENCH_REPORT: reportFile },
  });
  if (run.status !== 0) throw new Error(`mrd run failed on ${dir} (exit ${run.status}): ${run.stderr}`);
  rmSync(out, { recursive: true, force: true });
  return (JSON.parse(readFileSync(reportFile, 'utf8')) as { totalS: number }).totalS;
}

/**
 * The same study with and without ADaM data sets: a second folder links the same data files and has
 * a study.yaml with `report.adamFormats: []`. Runs alternate (without, with) so that drift of the
 * machine falls on both.
 */
function measureAdam(root: string, dir: string, pairs: number): { withoutS: number[]; withS: number[]; ratio: number } {
  const bare = join(root, 'study-no-adam');
  mkdirSync(bare);
  for (const f of readdirSync(dir)) {
    if (f === 'study.yaml') writeFileSync(join(bare, f), readFileSync(join(dir, f), 'utf8') + '\nreport:\n  adamFormats: []\n');
    else symlinkSync(join(dir, f), join(bare, f));
  }
  const withoutS: number[] = [];
  const withS: number[] = [];
  for (let k = 0; k < pairs; k++) {
    withoutS.push(timedRun(root, bare));
    withS.push(timedRun(root, dir));
  }
  const ratios = withS.map((w, k) => w / withoutS[k]).sort((x, y) => x - y);
  return { withoutS, withS, ratio: round(ratios[Math.floor((ratios.length - 1) / 2)], 3) };
}

let adamPairs = 1;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { subjects: { type: 'string' }, one: { type: 'string' }, 'adam-pairs': { type: 'string' } } });
  if (values['adam-pairs'] !== undefined) adamPairs = Number(values['adam-pairs']);
  if (values.one) {
    process.stdout.write(JSON.stringify(await runOne(Number(values.one))) + '\n');
    return;
  }
  const sizes = values.subjects ? [Number(values.subjects)] : [1_000, 10_000, 100_000, 1_000_000];
  const results: SizeResult[] = [];
  for (const n of sizes) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', String(n), '--adam-pairs', String(adamPairs)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) {
      console.error(child.stderr);
      throw new Error(`benchmark of ${n} subjects failed`);
    }
    const res = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as SizeResult;
    results.push(res);
    const st = Object.entries(res.stagesS).map(([k, v]) => `${k} ${v}s`).join(', ');
    const sv = res.survival!;
    console.log(
      `${n} subjects (${res.mrdRows} MRD rows): mrd run ${res.processS}s as a process, ${res.totalS}s from start to outputs [${st}], peak ${res.peakRssMB} MB; ` +
        `KM+log-rank+Cox ${sv.jsS}s` + (sv.rS === null ? ' (R not installed)' : ` vs R ${sv.rS}s (R/ours ${sv.ratio}x)`) +
        (res.adam ? `; ADaM data sets (${res.adam.adamMB} MB): ${res.adam.withS.join('/')}s with vs ${res.adam.withoutS.join('/')}s without (x${res.adam.ratio})` : ''),
    );
  }
  console.log(JSON.stringify({ benchmark: 'mrd-pipeline', node: process.version, results }));
}

await main();
