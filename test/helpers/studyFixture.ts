import { afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { formatDay, parseIsoDate } from '../../pipeline/ingest/dates.js';

export type Row = Record<string, string | number | undefined>;

export const BASE_PLAN = `study: TEST
cutoff: 2024-12-31
arms:
  - { code: A, label: Arm A, control: false }
  - { code: B, label: Arm B, control: true }
`;

function toCsv(rows: Row[], header: string[]): string {
  const cols = [...new Set([...header, ...rows.flatMap((r) => Object.keys(r))])];
  // RFC 4180: a value holding a comma, quote or line break is quoted, its quotes doubled
  const cell = (v: string | number | undefined) => (v === undefined ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

export interface StudySpec {
  plan?: string;
  subjects?: Row[];
  mrd?: Row[];
  response?: Row[];
  tte?: Row[];
  therapy?: Row[];
  imaging?: Row[];
  /** raw file contents that replace the generated ones */
  raw?: Record<string, string>;
}

/**
 * Writes a small study folder into a fresh temporary directory. Subjects default to one subject S1 in
 * arm A randomised 2023-01-01; tte defaults to a censored PFS row per subject.
 */
export function writeStudy(spec: StudySpec): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mrd-study-'));
  const subjects = spec.subjects ?? [{ USUBJID: 'S1', ARM: 'A', RANDDT: '2023-01-01' }];
  const files: Record<string, string> = {
    'study.yaml': spec.plan ?? BASE_PLAN,
    'subjects.csv': toCsv(subjects, ['USUBJID', 'ARM', 'RANDDT']),
    'mrd.csv': toCsv(spec.mrd ?? [], ['USUBJID', 'SAMPLEID', 'COLLDT', 'METHOD', 'RESULT']),
    'response.csv': toCsv(spec.response ?? [], ['USUBJID', 'ADT', 'AVALC']),
    'tte.csv': toCsv(
      spec.tte ?? subjects.map((s) => ({ USUBJID: s.USUBJID, PARAMCD: 'PFS', STARTDT: s.RANDDT, ADT: '2024-12-31', CNSR: 1 })),
      ['USUBJID', 'PARAMCD', 'STARTDT', 'ADT', 'CNSR'],
    ),
  };
  if (spec.therapy) files['therapy.csv'] = toCsv(spec.therapy, ['USUBJID', 'DRUG', 'STDT']);
  if (spec.imaging) files['imaging.csv'] = toCsv(spec.imaging, ['USUBJID', 'ADT', 'RESULT']);
  Object.assign(files, spec.raw ?? {});
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A `run(spec)` that writes the study to a temporary folder, analyses it, and removes the folder after
 * the test (registers its own afterEach in the calling test file).
 */
export function studyRunner(): (spec: StudySpec) => Promise<Analysis> {
  let cleanups: (() => void)[] = [];
  afterEach(() => {
    cleanups.forEach((c) => c());
    cleanups = [];
  });
  return async (spec) => {
    const s = writeStudy(spec);
    cleanups.push(s.cleanup);
    return analyseStudy(s.dir);
  };
}

/** Day `d` after the fixtures' default randomisation date (2023-01-01), as ISO text. */
export const RAND_DAY = parseIsoDate('2023-01-01')!;
export const onDay = (d: number): string => formatDay(RAND_DAY + d);
