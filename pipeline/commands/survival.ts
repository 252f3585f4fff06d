import { basename, dirname } from 'node:path';
import { foundColumns } from '../ingest/tableBuilder.js';
import { UserError, type Problem } from '../errors.js';
import { readTable } from '../ingest/readTable.js';
import type { FileSpec } from '../../model/schema.js';
import { analyseSurvival, groupFigures, type SurvivalAnalysis } from '../../analyses/survivalAnalysis.js';
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
  /** keep only rows where each column holds one of its values (`--where PARAMCD=PFS`, repeatable) */
  where?: { column: string; values: string[] }[];
  /** the subject column whose values must not repeat (default USUBJID when the file has it) */
  id?: string;
  /** accept files where a subject has more than one row after filtering */
  allowRepeated?: boolean;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * `mrd survival`: Kaplan-Meier, Brookmeyer-Crowley medians, log-rank and Cox on any file the study
 * reader reads (CSV in any encoding, SAS transport, Dataset-JSON, XLSX), with times used as given, so
 * that a statistician can check a figure against R or SAS on the same file. `--where` keeps the rows of
 * one parameter (an ADTTE holds PFS and OS rows: pooling them would be wrong), and a subject with more
 * than one row after filtering is refused unless `--allow-repeated`. Rows with an empty time, event or
 * group are left out and counted (as R's na.omit does); any other unusable value is an error naming its line.
 */
export async function runSurvivalCommand(cmd: SurvivalCommand): Promise<{ analysis: SurvivalAnalysis; omitted: number; n: number }> {
  const name = basename(cmd.data);
  const up = (c: string) => c.trim().toUpperCase();
  const eventCol = up((cmd.event ?? cmd.cnsr)!);
  const wanted = [up(cmd.time), eventCol, ...(cmd.group ? [up(cmd.group)] : []), ...cmd.strata.map(up)];
  const where = (cmd.where ?? []).map((w) => ({ column: up(w.column), values: w.values.map((v) => v.trim().toUpperCase()) }));
  const idCol = cmd.id === undefined ? null : up(cmd.id);
  const columns = [...new Set([...wanted, ...(idCol ? [idCol] : ['USUBJID'])])];
  const spec: FileSpec = { table: 'tte', file: name, required: true, columns: columns.map((c) => ({ name: c, type: 'string' as const })) };
  const table = await readTable(dirname(cmd.data), spec, [], false, undefined, { file: name, columns: {}, where, origin: 'native' });
  for (const c of [...wanted, ...(idCol ? [idCol] : [])])
    if (!table.header.includes(c)) throw new UserError({ file: name, line: 1, column: c, rule: 'header.missing-column', message: `column ${c} is not in the header (found: ${foundColumns(table.header)})` });
  const first = table.rejected[0];
  if (first !== undefined) throw new UserError(first);
  const at = (p: Problem) => ({ file: name, line: p.line, ...(table.lineUnit !== 'line' ? { lineUnit: table.lineUnit } : {}) });
  const col = (c: string) => table.text[c];
  const time: number[] = [];
  const event: number[] = [];
  const group: string[] = [];
  const strata: (string | null)[][] = cmd.strata.map(() => []);
  const rows: number[] = [];
  let omitted = 0;
  const tCol = col(wanted[0]);
  const eCol = col(eventCol);
  const gCol = cmd.group ? col(up(cmd.group)) : null;
  const sCols = cmd.strata.map((c) => col(up(c)));
  for (let i = 0; i < table.n; i++) {
    const line = table.line[i];
    const t = tCol.at(i) ?? '';
    const e = eCol.at(i) ?? '';
    const g = gCol === null ? '(all)' : (gCol.at(i) ?? '');
    if (t === '' || e === '' || g === '') {
      omitted++;
      continue;
    }
    if (!NUMBER.test(t) || Number(t) < 0)
      throw new UserError({ ...at({ line } as Problem), column: wanted[0], value: t, rule: 'number.format', message: 'the time must be a number >= 0' });
    const ev = Number(e);
    const ok = cmd.event !== undefined ? ev === 0 || ev === 1 : NUMBER.test(e) && Number.isInteger(ev) && ev >= 0;
    if (!ok || !NUMBER.test(e))
      throw new UserError({
        ...at({ line } as Problem),
        column: eventCol,
        value: e,
        rule: 'value.allowed',
        message: cmd.event !== undefined ? '--event values must be 1 (event) or 0 (censored)' : '--cnsr values must be 0 (event) or a positive integer (censored), the CDISC convention',
      });
    time.push(Number(t));
    event.push(cmd.event !== undefined ? ev : ev === 0 ? 1 : 0);
    group.push(g);
    sCols.forEach((c, j) => strata[j].push(c.at(i)));
    rows.push(i);
  }
  // one row per subject: a file of several parameters (ADTTE) must be filtered to one
  const ids = col(idCol ?? 'USUBJID');
  if (!cmd.allowRepeated && (idCol !== null || table.header.includes('USUBJID'))) {
    const seen = new Map<string, number>();
    for (const i of rows) {
      const v = ids.at(i);
      if (v === null) continue;
      const before = seen.get(v);
      if (before !== undefined) {
        const params = table.header.includes('PARAMCD') && where.every((w) => w.column !== 'PARAMCD') ? ' (the file has a PARAMCD column: choose one parameter with --where PARAMCD=PFS)' : '';
        throw new UserError({
          ...at({ line: table.line[i] } as Problem),
          column: idCol ?? 'USUBJID',
          value: v,
          rule: 'survival.repeated-subject',
          message: `subject ${v} has more than one row (also ${table.lineUnit === 'line' ? 'line' : table.lineUnit} ${table.line[before]}): one curve needs one row per subject${params}; filter with --where COL=VALUE, or pass --allow-repeated if the rows are meant to be separate observations`,
        });
      }
      seen.set(v, i);
    }
  }
  if (time.length === 0) throw new UserError({ file: name, rule: 'data.empty', message: `no row${where.length ? ' selected by --where' : ''} has a time, an event and a group` });

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
    groups: a.groups.map((g) => groupFigures(g, 'time')),
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
