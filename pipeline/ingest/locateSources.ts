import { readdirSync } from 'node:fs';
import { extname, basename } from 'node:path';
import { UserError } from '../errors.js';
import type { Plan } from '../../model/plan.js';
import type { MappingFile } from './readMapping.js';
import { FILES, type TableName } from '../../model/schema.js';
import { nativeSource, type SourceSpec } from './source.js';

/** File name endings read as input tables (the format itself is told by the content, see detectFormat). */
export const INPUT_EXTENSIONS = ['.csv', '.txt', '.tsv', '.xpt', '.json', '.ndjson', '.jsonl', '.xlsx'];

/** The ADaM data set each table can come from when the study folder holds no file of ours. */
const ADAM_NAMES: Partial<Record<TableName, string>> = { subjects: 'adsl', response: 'adrs', tte: 'adtte' };

/**
 * The source of each of a study's tables: mapping.yaml's entry when it has one; else our own file
 * (`subjects.csv`, or `subjects.xpt`, `.json`, `.ndjson`, `.xlsx`: same name, any format); else the
 * ADaM data set (ADSL, ADRS, ADTTE, any format, names in any case) read with the standard variable
 * names. File names are matched case-insensitively (SAS writes ADSL.XPT).
 */
export function locateSources(dir: string, plan: Plan, mapping: MappingFile | null): Record<TableName, SourceSpec> {
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((d) => !d.isDirectory())
    .map((d) => d.name)
    .sort();
  const withBase = (base: string) => files.filter((f) => INPUT_EXTENSIONS.includes(extname(f).toLowerCase()) && basename(f, extname(f)).toLowerCase() === base);
  const out = {} as Record<TableName, SourceSpec>;
  for (const spec of FILES) {
    const t = spec.table;
    const mapped = mapping?.tables[t];
    if (mapped !== undefined) {
      out[t] = mapped;
      continue;
    }
    const own = withBase(t);
    if (own.length > 1) throw ambiguous(t, own);
    if (own.length === 1) {
      out[t] = nativeSource(own[0]);
      continue;
    }
    const adamName = ADAM_NAMES[t];
    const adam = adamName === undefined ? [] : withBase(adamName);
    if (adam.length > 1) throw ambiguous(t, adam);
    if (adam.length === 1) {
      out[t] = adamSource(t, adam[0], plan);
      continue;
    }
    if (spec.required)
      throw new UserError({
        file: spec.file,
        rule: 'file.missing',
        message: `required input file not found in ${dir}: the ${t} table is read from ${t}.csv (or ${t}.xpt, .json, .ndjson, .xlsx)${adamName ? `, ${adamName.toUpperCase()} (${adamName}.xpt, ...)` : ''} or the file mapping.yaml names for it`,
      });
    out[t] = nativeSource(spec.file);
  }
  return out;
}

function ambiguous(t: TableName, names: string[]): UserError {
  return new UserError({ file: names.join(', '), rule: 'file.ambiguous', message: `more than one file for the ${t} table: keep one, or name the one to read in mapping.yaml` });
}

/**
 * The ADaM layout, read with no renaming (docs/inputs.md): ADSL gives the subjects (arm from
 * plan.adam.armVariable, first present: TRT01P then ARM; ITTFL, else RANDFL; rows with RANDFL other
 * than Y, when it is there, are not randomised and are skipped); ADRS the response assessments (rows
 * of plan.adam.responseParam, OVRLRESP or OVR); ADTTE every time-to-event parameter, with
 * plan.adam.pfsParam and osParam read as PFS and OS.
 */
export function adamSource(t: TableName, file: string, plan: Plan): SourceSpec {
  const source: SourceSpec = { file, columns: {}, where: [], origin: 'adam' };
  const a = plan.adam;
  if (t === 'subjects') {
    source.columns.ARM = { column: a.armVariable[0], or: a.armVariable.slice(1) };
    source.columns.ITTFL = { column: 'ITTFL', or: ['RANDFL'] };
    source.where.push({ column: 'RANDFL', values: ['Y'], optional: true });
  } else if (t === 'response') {
    source.where.push({ column: 'PARAMCD', values: a.responseParam });
  } else if (t === 'tte') {
    const recode = new Map<string, string>();
    if (a.pfsParam !== 'PFS') recode.set(a.pfsParam, 'PFS');
    if (a.osParam !== 'OS') recode.set(a.osParam, 'OS');
    if (recode.size) source.columns.PARAMCD = { column: 'PARAMCD', values: recode, noteUnmapped: false };
  }
  return source;
}
