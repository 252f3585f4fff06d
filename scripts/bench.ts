/**
 * `npm run bench [-- --subjects N]`: times every stage of `mrd run` on synthetic studies of 10^3 to
 * 10^6 subjects (about 10 MRD rows each) and records peak memory; where R is installed it also runs
 * KM + log-rank + Cox on the same PFS data in R and prints the speed ratio. The last output line is
 * one JSON object with every figure. Each size runs in a child process so that peak memory is its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSyntheticStudy } from '../data-samples/synthetic/generate.js';
import { analyseStudy } from '../pipeline/analyse.js';
import { buildOutputs } from '../reports/buildOutputs.js';
import { writeOutputsAtomically } from '../pipeline/write/writeOutputs.js';
import { analyseSurvival } from '../analyses/survivalAnalysis.js';

interface SizeResult {
  subjects: number;
  mrdRows: number;
  generateS: number;
  stagesS: Record<string, number>;
  totalS: number;
  peakRssMB: number;
  survival?: { jsS: number; rS: number | null; ratio: number | null; n: number };
}

const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;

/** One size, in this process: generate, run every stage, time KM + log-rank + Cox, then R. */
async function runOne(n: number): Promise<SizeResult> {
  const root = mkdtempSync(join(tmpdir(), `mrd-bench-${n}-`));
  try {
    const dir = join(root, 'study');
    let t = performance.now();
    const { mrdRows } = await generateSyntheticStudy(dir, n, 7);
    const generateS = (performance.now() - t) / 1000;

    const stagesS: Record<string, number> = {};
    const start = performance.now();
    const a = await analyseStudy(dir, (stage, ms) => (stagesS[stage] = round(ms / 1000)));
    t = performance.now();
    const files = await buildOutputs(a, { lang: 'en', version: 'bench' });
    stagesS.reports = round((performance.now() - t) / 1000);
    t = performance.now();
    await writeOutputsAtomically(join(root, 'out'), files);
    stagesS.write = round((performance.now() - t) / 1000);
    const totalS = round((performance.now() - start) / 1000);

    // KM + stratified log-rank + stratified Cox on PFS alone, the same computation as the R script
    const pfs = a.timeToEvent.find((x) => x.endpoint === 'PFS')!;
    const rows = pfs.analysis.groups.reduce((s, g) => s + g.n, 0);
    const tte = a.tables.tte;
    const time: number[] = [];
    const event: number[] = [];
    const arm: number[] = [];
    const stratum: number[] = [];
    const strataCodes = new Map<string, number>();
    for (let i = 0; i < tte.n; i++) {
      if (tte.text.PARAMCD.at(i) !== 'PFS') continue;
      const s = a.subjects.index.get(tte.text.USUBJID.at(i)!)!;
      time.push((tte.num.ADT[i] - tte.num.STARTDT[i]) / 30.4375);
      event.push(tte.num.CNSR[i] === 0 ? 1 : 0);
      arm.push(a.subjects.armIndex[s]);
      const key = `${a.subjects.text.AGEGRP.at(s)}/${a.subjects.text.RISSGRP.at(s)}`;
      stratum.push(strataCodes.get(key) ?? strataCodes.set(key, strataCodes.size).get(key)!);
    }
    t = performance.now();
    analyseSurvival(
      { time, event, group: arm, groupLabels: ['EXP', 'CTL'], reference: 1, strata: stratum },
      { confType: 'log-log', level: 0.95, ties: 'breslow', landmarks: [12, 24, 36] },
    );
    const jsS = (performance.now() - t) / 1000;
    let rS: number | null = null;
    const csv = join(root, 'pfs.csv');
    writeFileSync(csv, 'time,event,arm,stratum\n' + time.map((v, i) => `${v},${event[i]},${arm[i]},${stratum[i]}`).join('\n') + '\n');
    const r = spawnSync(
      'Rscript',
      [
        '--vanilla',
        '-e',
        `suppressMessages(library(survival)); d <- read.csv("${csv}"); el <- system.time({ f <- survfit(Surv(time, event) ~ arm, d, conf.type = "log-log"); q <- quantile(f, 0.5); s <- summary(f, times = c(12, 24, 36), extend = TRUE); l <- survdiff(Surv(time, event) ~ arm + strata(stratum), d); m <- coxph(Surv(time, event) ~ arm + strata(stratum), d, ties = "breslow") })[["elapsed"]]; cat(el)`,
      ],
      { encoding: 'utf8' },
    );
    if (!r.error && r.status === 0) rS = Number(r.stdout.trim());
    return {
      subjects: n,
      mrdRows,
      generateS: round(generateS),
      stagesS,
      totalS,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      survival: { jsS: round(jsS), rS, ratio: rS === null ? null : round(rS / jsS, 2), n: rows },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { subjects: { type: 'string' }, one: { type: 'string' } } });
  if (values.one) {
    process.stdout.write(JSON.stringify(await runOne(Number(values.one))) + '\n');
    return;
  }
  const sizes = values.subjects ? [Number(values.subjects)] : [1_000, 10_000, 100_000, 1_000_000];
  const results: SizeResult[] = [];
  for (const n of sizes) {
    // A generous heap ceiling so that the run completes and its real peak is measured (the target is 4 GB).
    const child = spawnSync(process.execPath, ['--max-old-space-size=16384', fileURLToPath(import.meta.url), '--one', String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) {
      console.error(child.stderr);
      throw new Error(`benchmark of ${n} subjects failed`);
    }
    const res = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as SizeResult;
    results.push(res);
    const st = Object.entries(res.stagesS).map(([k, v]) => `${k} ${v}s`).join(', ');
    const sv = res.survival!;
    console.log(
      `${n} subjects (${res.mrdRows} MRD rows): total ${res.totalS}s [${st}], peak ${res.peakRssMB} MB; ` +
        `KM+log-rank+Cox ${sv.jsS}s` + (sv.rS === null ? ' (R not installed)' : ` vs R ${sv.rS}s (R/ours ${sv.ratio}x)`),
    );
  }
  console.log(JSON.stringify({ benchmark: 'mrd-pipeline', node: process.version, results }));
}

await main();
