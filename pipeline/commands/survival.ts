import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { scanCsv } from '../ingest/readCsv.js';
import { analyseSurvival, type SurvivalAnalysis } from '../../analyses/survivalAnalysis.js';
import { strataIndex } from '../../analyses/strataIndex.js';
import type { KmConfType } from '../../analyses/stats/kaplanMeier.js';
import type { CoxTies } from '../../analyses/stats/coxPH.js';
import { mapInt32, mapUint8 } from '../../analyses/typedMap.js';

export interface SurvivalCommand {
  data: string;
  time: string;
  event?: string;
  cnsr?: string;
  group?: string;
  reference?: string;
  strata: string[];
  confType: KmConfType;
  ties: CoxTies;
  landmarks: number[];
  level: number;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * `mrd survival`: Kaplan-Meier, Brookmeyer-Crowley medians, log-rank and Cox on any CSV, with times
 * used as given, so that a statistician can check a figure against R or SAS on the same file.
 * Rows with an empty time, event or group are left out and counted (as R's na.omit does); any other
 * unusable value is an error naming its line.
 */
export async function runSurvivalCommand(cmd: SurvivalCommand): Promise<{ analysis: SurvivalAnalysis; omitted: number; n: number }> {
  const name = basename(cmd.data);
  const wanted = [cmd.time, cmd.event ?? cmd.cnsr!, ...(cmd.group ? [cmd.group] : []), ...cmd.strata].map((c) => c.toUpperCase());
  let index: number[] = [];
  const time: number[] = [];
  const event: number[] = [];
  const group: string[] = [];
  const strata: (string | null)[][] = cmd.strata.map(() => []);
  let omitted = 0;
  const eventCol = (cmd.event ?? cmd.cnsr)!.toUpperCase();
  await scanCsv(
    cmd.data,
    name,
    (header) => {
      const h = header.map((x) => x.trim().toUpperCase());
      index = wanted.map((c) => h.indexOf(c));
      wanted.forEach((c) => {
        if (h.indexOf(c) !== h.lastIndexOf(c))
          throw new UserError({ file: name, line: 1, column: c, rule: 'header.duplicate', message: `column ${c} appears twice in the header (names are matched case-insensitively)` });
      });
      wanted.forEach((c, j) => {
        if (index[j] < 0) throw new UserError({ file: name, line: 1, column: c, rule: 'header.missing-column', message: `column ${c} is not in the header (found: ${h.join(', ')})` });
      });
    },
    (rec) => {
      const cell = (j: number) => (rec.fields[index[j]] ?? '').trim();
      const t = cell(0);
      const e = cell(1);
      const g = cmd.group ? cell(2) : '(all)';
      if (t === '' || e === '' || g === '') {
        omitted++;
        return;
      }
      if (!NUMBER.test(t) || Number(t) < 0)
        throw new UserError({ file: name, line: rec.line, column: wanted[0], value: t, rule: 'number.format', message: 'the time must be a number >= 0' });
      const ev = Number(e);
      const ok = cmd.event !== undefined ? e === '0' || e === '1' : NUMBER.test(e) && Number.isInteger(ev) && ev >= 0;
      if (!ok)
        throw new UserError({
          file: name,
          line: rec.line,
          column: eventCol,
          value: e,
          rule: 'value.allowed',
          message: cmd.event !== undefined ? '--event values must be 1 (event) or 0 (censored)' : '--cnsr values must be 0 (event) or a positive integer (censored), the CDISC convention',
        });
      time.push(Number(t));
      event.push(cmd.event !== undefined ? ev : ev === 0 ? 1 : 0);
      group.push(g);
      const off = cmd.group ? 3 : 2;
      cmd.strata.forEach((_, j) => strata[j].push(cell(off + j) || null));
    },
  );
  if (time.length === 0) throw new UserError({ file: name, rule: 'data.empty', message: 'no row has a time, an event and a group' });

  // Groups in sorted order, as R's factor levels; the reference defaults to the first.
  const levels = [...new Set(group)].sort();
  const reference = cmd.reference ?? levels[0];
  if (!levels.includes(reference))
    throw new UserError({ file: name, column: cmd.group?.toUpperCase(), value: reference, rule: 'value.allowed', message: `--reference must be one of the groups: ${levels.join(', ')}` });
  const code = new Map(levels.map((l, i) => [l, i]));
  // A row with an empty stratum stays on its group's curve but, as in R, leaves the log-rank test and the Cox model.
  let s: Int32Array | undefined;
  if (cmd.strata.length) {
    const complete = mapUint8({ length: time.length }, (_, i) => (strata.every((c) => c[i] !== null) ? 1 : 0));
    const idx = strataIndex(strata, time.length).index;
    s = mapInt32(idx, (v, i) => (complete[i] ? v : -1));
    // renumber the complete strata 0..k-1
    const ren = new Map<number, number>();
    for (let i = 0; i < s.length; i++) if (s[i] >= 0) s[i] = ren.get(s[i]) ?? ren.set(s[i], ren.size).get(s[i])!;
  }
  const analysis = analyseSurvival(
    {
      time: Float64Array.from(time),
      event: Uint8Array.from(event),
      group: mapInt32(group, (g) => code.get(g)!),
      groupLabels: levels,
      reference: code.get(reference)!,
      strata: s,
    },
    { confType: cmd.confType, level: cmd.level, ties: cmd.ties, landmarks: cmd.landmarks },
  );
  return { analysis, omitted, n: time.length };
}

/** The SPEC.md section 1 JSON of `mrd survival --json`. */
export function survivalJson(a: SurvivalAnalysis): unknown {
  const two = a.hazardRatios.length === 1 ? a.hazardRatios[0] : null;
  return {
    groups: a.groups.map((g) => ({
      group: g.group,
      n: g.n,
      events: g.events,
      median: g.median,
      medianLower: g.medianLower,
      medianUpper: g.medianUpper,
      landmarks: g.landmarks,
    })),
    logrankP: a.logrankP,
    hr: two?.hr ?? null,
    hrLower: two?.hrLower ?? null,
    hrUpper: two?.hrUpper ?? null,
    reference: a.reference,
    hazardRatios: a.hazardRatios,
    stratified: a.stratified,
  };
}

/** A plain-text summary for the terminal. */
export function survivalText(a: SurvivalAnalysis, omitted: number): string {
  const f = (v: number | null) => (v === null ? 'NR' : v.toFixed(4));
  const lines = a.groups.map(
    (g) =>
      `${g.group}: n=${g.n} events=${g.events} median=${f(g.median)} [${f(g.medianLower)}, ${f(g.medianUpper)}]` +
      g.landmarks.map((l) => `\n  t=${l.time}: S=${f(l.surv)} [${f(l.lower)}, ${f(l.upper)}] at risk ${l.nRisk}`).join(''),
  );
  lines.push(`log-rank${a.stratified ? ' (stratified)' : ''}: chisq=${a.logrankChisq === null ? 'NA' : a.logrankChisq.toFixed(4)}, df=${a.logrankDf}, p=${a.logrankP === null ? 'NA' : a.logrankP.toPrecision(6)}`);
  for (const h of a.hazardRatios) lines.push(`hazard ratio ${h.group} vs ${a.reference}: ${f(h.hr)} [${f(h.hrLower)}, ${f(h.hrUpper)}]`);
  if (omitted) lines.push(`${omitted} rows with an empty time, event or group were left out`);
  return lines.join('\n') + '\n';
}
