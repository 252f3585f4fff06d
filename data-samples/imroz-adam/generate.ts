/**
 * The IMROZ-like study (data-samples/imroz-like, synthetic, no patient data) as a sponsor and a
 * central lab would deliver it, so that `mrd run` reads CDISC and lab layouts with no converter:
 * - adsl.xpt, adrs.xpt, adtte.xpt: ADaM data sets in SAS transport version 5 (dates as SAS numeric
 *   dates with DATE9., TRT01P for the arm, RANDFL, PARAMCD/PARAM, CNSR with 1 = censored, AVAL/AVALU),
 *   ADSL with three screen failures (RANDFL = N) and ADRS with BOR rows beside the OVRLRESP
 *   assessments, which the ADaM layout leaves out (counted as not applicable);
 * - mrd_transfer.xlsx: the central lab's transfer workbook in its own vocabulary (column titles, "MRD
 *   NOT DETECTED", "clonoSEQ", MRD level in percent, DNA input in micrograms, Excel dates, date-times
 *   written DD.MM.YYYY HH:MM), read through mapping.yaml;
 * - imaging.json (Dataset-JSON 1.1) and therapy.ndjson (its NDJSON form), with our column names.
 * Every value is taken from the imroz-like files, unit changes are exact decimal shifts, so `mrd run`
 * gives the same results (test/labels/imrozAdam.test.ts).
 *
 * Run: npm run build --silent && node dist/data-samples/imroz-adam/generate.js
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import writeExcelFile from 'write-excel-file/node';
import { fixZipTimes } from '../zipTime.js';
import { scanCsv } from '../../pipeline/ingest/readCsv.js';
import { parseIsoDate, SAS_EPOCH_DAY } from '../../pipeline/ingest/dates.js';
import { shiftDecimal } from '../../pipeline/ingest/columnReaders.js';
import { analyseStudy } from '../../pipeline/analyse.js';
import { writeXport, type XportColumn } from '../../reports/render/xportWriter.js';
import { writeDatasetJson, type DatasetJsonColumnOut } from '../../reports/render/datasetJsonWriter.js';

type Row = Record<string, string>;

async function readCsvRows(path: string): Promise<Row[]> {
  const rows: Row[] = [];
  let header: string[] = [];
  await scanCsv(path, path, (h) => (header = h), (r) => rows.push(Object.fromEntries(header.map((h, k) => [h, r.fields[k] ?? '']))));
  return rows;
}

/** A SAS date (days since 1960-01-01) of an ISO date, or NaN when empty. */
const sasDate = (iso: string) => (iso === '' ? Number.NaN : parseIsoDate(iso)! - SAS_EPOCH_DAY);
const numOrNaN = (v: string) => (v === '' ? Number.NaN : Number(v));
const orNull = (v: string) => (v === '' ? null : v);
/** Created time stamp written into every file: the data cut-off, so regenerating gives the same bytes. */
const CREATED = new Date(Date.UTC(2024, 0, 26));

interface Var {
  col: XportColumn;
  get: (r: Row) => string | number | null;
}

function xpt(name: string, label: string, vars: Var[], rows: Row[]): Buffer {
  return writeXport(
    {
      name,
      label,
      columns: vars.map((v) => v.col),
      values: vars.map((v) => (v.col.type === 'num' ? Float64Array.from(rows, (r) => (v.get(r) as number | null) ?? Number.NaN) : rows.map((r) => v.get(r) as string | null))),
      rows: rows.length,
    },
    CREATED,
  );
}

const ch = (name: string, label: string, get: (r: Row) => string | null): Var => ({ col: { name, label, type: 'char' }, get });
const nm = (name: string, label: string, get: (r: Row) => number, format?: string): Var => ({ col: { name, label, type: 'num', ...(format ? { format } : {}) }, get });
const dt = (name: string, label: string, key: string): Var => nm(name, label, (r) => sasDate(r[key]), 'DATE9.');

const RESULT_TEXT: Record<string, string> = { NEGATIVE: 'MRD NOT DETECTED', POSITIVE: 'MRD DETECTED', FAILED: 'ASSAY FAILED', 'NOT DONE': 'NOT PERFORMED' };
const METHOD_TEXT: Record<string, string> = { NGS: 'clonoSEQ', NGF: 'EuroFlow NGF' };
const FAIL_TEXT: Record<string, string> = {
  'SEQUENCING QC FAILURE': 'Sequencing QC failed',
  'SAMPLE DEGRADED': 'Sample degraded in transit',
  'INSUFFICIENT DNA': 'DNA quantity insufficient',
  'NO TRACKABLE CLONE AT BASELINE': 'No trackable clone (baseline)',
  'LOW CELL VIABILITY': 'Viability below 85%',
};
const YES_NO: Record<string, string> = { Y: 'Yes', N: 'No' };

/** How the lab's workbook maps onto the MRD table (docs/inputs.md explains each key). */
const MAPPING = `# How mrd_transfer.xlsx, the central lab's transfer workbook, is read (docs/inputs.md).
# Written by generate.ts. The other tables come from the ADaM data sets (adsl.xpt, adrs.xpt, adtte.xpt)
# and from imaging.json / therapy.ndjson, which use our column names.
tables:
  mrd:
    file: mrd_transfer.xlsx
    sheet: MRD results
    columns:
      USUBJID: Patient ID
      SAMPLEID: Accession No.
      COLLDT: Collection Date                 # Excel date cells
      METHOD:
        column: Assay
        values: { clonoSEQ: NGS, EuroFlow NGF: NGF }
      RESULT:
        column: Result
        values: { MRD NOT DETECTED: NEGATIVE, MRD DETECTED: POSITIVE, ASSAY FAILED: FAILED, NOT PERFORMED: NOT DONE }
      SPEC:
        column: Specimen
        values: { Bone marrow: BM, Peripheral blood: PB }
      LAB: Performing Lab
      CENTRAL: { column: Central Lab, values: { "Yes": Y, "No": N } }
      VISIT: Visit
      MRDLEVEL: { column: MRD Level (%), unit: percent }
      CELLS: { column: Nucleated Cells, unit: cells }
      DNANG: { column: DNA Input (µg), unit: ug }
      CLONALEV: Clonal Cells
      LOD: { column: Reported LOD, unit: fraction }
      FAILRSN:
        column: Failure Reason
        values:
          Sequencing QC failed: SEQUENCING QC FAILURE
          Sample degraded in transit: SAMPLE DEGRADED
          DNA quantity insufficient: INSUFFICIENT DNA
          No trackable clone (baseline): NO TRACKABLE CLONE AT BASELINE
          Viability below 85%: LOW CELL VIABILITY
      HEMODIL: { column: Hemodiluted, values: { "Yes": Y, "No": N } }
      RECVDTM: { column: Received, dateFormat: DD.MM.YYYY }
      PROCDTM: { column: Processed, dateFormat: DD.MM.YYYY }
      CLONEID: { column: Clone Identified, values: { "Yes": Y, "No": N } }
`;

/** DD.MM.YYYY HH:MM of an ISO date-time YYYY-MM-DDTHH:MM. */
const labDateTime = (iso: string) => (iso === '' ? null : `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} ${iso.slice(11, 16)}`);

export async function imrozAdamFiles(source: string): Promise<Map<string, Buffer | string>> {
  const files = new Map<string, Buffer | string>();
  const subjects = await readCsvRows(join(source, 'subjects.csv'));
  const response = await readCsvRows(join(source, 'response.csv'));
  const tte = await readCsvRows(join(source, 'tte.csv'));
  const mrd = await readCsvRows(join(source, 'mrd.csv'));
  const imaging = await readCsvRows(join(source, 'imaging.csv'));
  const therapy = await readCsvRows(join(source, 'therapy.csv'));
  const study = 'IMROZ-LIKE-SYN';

  // ADSL: the randomised subjects, then three screen failures (not randomised: no arm, no RANDDT)
  const screenFailures: Row[] = [1, 2, 3].map((k) => ({ USUBJID: `IMZ-SF${k}`, ARM: '', RANDDT: '', ITTFL: 'N', SAFFL: 'N', AGE: String(70 + k), AGEGRP: '>=70', SEX: 'F', RISS: '', RISSGRP: '', CYTORISK: '', ISOTYPE: '', EMDBL: '', SITEID: 'S001', RANDFL: 'N' }));
  const adsl = [...subjects.map((s) => ({ ...s, RANDFL: 'Y' })), ...screenFailures];
  const armLabel: Record<string, string> = { ISA: 'Isa-VRd', CTL: 'VRd' };
  files.set(
    'adsl.xpt',
    xpt('ADSL', 'Subject-Level Analysis Dataset', [
      ch('STUDYID', 'Study Identifier', () => study),
      ch('USUBJID', 'Unique Subject Identifier', (r) => r.USUBJID),
      ch('SITEID', 'Study Site Identifier', (r) => orNull(r.SITEID)),
      nm('AGE', 'Age', (r) => numOrNaN(r.AGE)),
      ch('AGEGRP', 'Age Group (stratum)', (r) => orNull(r.AGEGRP)),
      ch('SEX', 'Sex', (r) => orNull(r.SEX)),
      ch('RISS', 'Revised ISS Stage at Baseline', (r) => orNull(r.RISS)),
      ch('RISSGRP', 'R-ISS Group (stratum)', (r) => orNull(r.RISSGRP)),
      ch('CYTORISK', 'Cytogenetic Risk', (r) => orNull(r.CYTORISK)),
      ch('ISOTYPE', 'Myeloma Isotype', (r) => orNull(r.ISOTYPE)),
      ch('EMDBL', 'Extramedullary Disease at Baseline', (r) => orNull(r.EMDBL)),
      ch('RANDFL', 'Randomized Population Flag', (r) => r.RANDFL),
      ch('ITTFL', 'Intent-To-Treat Population Flag', (r) => r.ITTFL),
      ch('SAFFL', 'Safety Population Flag', (r) => orNull(r.SAFFL)),
      ch('ARMCD', 'Planned Arm Code', (r) => (r.ARM === '' ? 'SCRNFAIL' : r.ARM)),
      ch('ARM', 'Description of Planned Arm', (r) => (r.ARM === '' ? 'Screen Failure' : armLabel[r.ARM])),
      ch('TRT01P', 'Planned Treatment for Period 01', (r) => (r.ARM === '' ? 'Screen Failure' : armLabel[r.ARM])),
      ch('TRT01A', 'Actual Treatment for Period 01', (r) => (r.ARM === '' ? null : armLabel[r.ARM])),
      dt('RANDDT', 'Date of Randomization', 'RANDDT'),
    ], adsl),
  );

  // ADRS: one OVRLRESP row per assessment, plus the derived best overall response (BOR), which the
  // ADaM layout does not read (the pipeline derives best response from the assessments itself)
  const analysis = await analyseStudy(source);
  const rank: Record<string, number> = { SCR: 7, CR: 6, VGPR: 5, PR: 4, MR: 3, SD: 2, PD: 1, NE: 8 };
  const bor: Row[] = [];
  for (let i = 0; i < analysis.subjects.n; i++) {
    const best = analysis.bestResponse[i];
    if (best !== null) bor.push({ USUBJID: analysis.subjects.text.USUBJID.at(i)!, PARAMCD: 'BOR', PARAM: 'Best Overall Response', ADT: '', AVALC: best, FLCNORM: '', IFE: '' });
  }
  const adrs: Row[] = [...response.map((r): Row => ({ ...r, PARAMCD: 'OVRLRESP', PARAM: 'Overall Response by Investigator' })), ...bor].sort((a, b) =>
    a.USUBJID < b.USUBJID ? -1 : a.USUBJID > b.USUBJID ? 1 : a.PARAMCD < b.PARAMCD ? -1 : a.PARAMCD > b.PARAMCD ? 1 : 0,
  );
  files.set(
    'adrs.xpt',
    xpt('ADRS', 'Response Analysis Dataset', [
      ch('STUDYID', 'Study Identifier', () => study),
      ch('USUBJID', 'Unique Subject Identifier', (r) => r.USUBJID),
      ch('PARAMCD', 'Parameter Code', (r) => r.PARAMCD),
      ch('PARAM', 'Parameter', (r) => r.PARAM),
      ch('PARCAT1', 'Parameter Category 1', () => 'IMWG'),
      dt('ADT', 'Analysis Date', 'ADT'),
      ch('AVALC', 'Analysis Value (C)', (r) => (r.AVALC === 'SCR' ? 'sCR' : r.AVALC)),
      nm('AVAL', 'Analysis Value', (r) => rank[r.AVALC]),
      ch('FLCNORM', 'Free Light Chain Ratio Normal', (r) => orNull(r.FLCNORM)),
      ch('IFE', 'Immunofixation Result', (r) => orNull(r.IFE)),
    ], adrs),
  );

  // ADTTE: PFS and OS, times in days (ADT - STARTDT + 1, the ADaM convention), carrying the arm and
  // the strata from ADSL as ADaM practice does (so that `mrd survival` can read it alone)
  const bySubject = new Map(subjects.map((s) => [s.USUBJID, s]));
  const param: Record<string, string> = { PFS: 'Progression-Free Survival (days)', OS: 'Overall Survival (days)' };
  files.set(
    'adtte.xpt',
    xpt('ADTTE', 'Time-to-Event Analysis Dataset', [
      ch('STUDYID', 'Study Identifier', () => study),
      ch('USUBJID', 'Unique Subject Identifier', (r) => r.USUBJID),
      ch('PARAMCD', 'Parameter Code', (r) => r.PARAMCD),
      ch('PARAM', 'Parameter', (r) => param[r.PARAMCD] ?? r.PARAMCD),
      ch('ARMCD', 'Planned Arm Code', (r) => bySubject.get(r.USUBJID)!.ARM),
      ch('TRT01P', 'Planned Treatment for Period 01', (r) => armLabel[bySubject.get(r.USUBJID)!.ARM]),
      ch('AGEGRP', 'Age Group (stratum)', (r) => orNull(bySubject.get(r.USUBJID)!.AGEGRP)),
      ch('RISSGRP', 'R-ISS Group (stratum)', (r) => orNull(bySubject.get(r.USUBJID)!.RISSGRP)),
      dt('STARTDT', 'Time-to-Event Origin Date for Subject', 'STARTDT'),
      dt('ADT', 'Analysis Date', 'ADT'),
      nm('AVAL', 'Analysis Value', (r) => parseIsoDate(r.ADT)! - parseIsoDate(r.STARTDT)! + 1),
      ch('AVALU', 'Analysis Value Unit', () => 'DAYS'),
      nm('CNSR', 'Censor', (r) => Number(r.CNSR)),
      ch('EVNTDESC', 'Event or Censoring Description', (r) => orNull(r.EVNTDESC)),
      ch('CNSDTDSC', 'Censor Date Description', (r) => orNull(r.CNSDTDSC)),
    ], tte),
  );

  // the central lab's transfer workbook
  const date = (iso: string) => (iso === '' ? null : { value: new Date(`${iso}T00:00:00Z`), type: Date, format: 'dd.mm.yyyy' });
  const num = (v: string, shift = 0) => (v === '' ? null : { value: Number(shiftDecimal(v, shift)), type: Number });
  const text = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? null : { value: v, type: String });
  const titles = ['Patient ID', 'Accession No.', 'Collection Date', 'Assay', 'Result', 'Specimen', 'Performing Lab', 'Central Lab', 'Visit', 'MRD Level (%)', 'Nucleated Cells', 'DNA Input (µg)', 'Clonal Cells', 'Reported LOD', 'Failure Reason', 'Hemodiluted', 'Received', 'Processed', 'Clone Identified'];
  const sheet = [
    titles.map((t) => ({ value: t, type: String, fontWeight: 'bold' as const })),
    ...mrd.map((m) => [
      text(m.USUBJID),
      text(m.SAMPLEID),
      date(m.COLLDT),
      text(METHOD_TEXT[m.METHOD]),
      text(RESULT_TEXT[m.RESULT]),
      text(m.SPEC === 'BM' ? 'Bone marrow' : 'Peripheral blood'),
      text(m.LAB),
      text(YES_NO[m.CENTRAL]),
      text(m.VISIT),
      num(m.MRDLEVEL, 2),
      num(m.CELLS),
      num(m.DNANG, -3),
      num(m.CLONALEV),
      num(m.LOD),
      text(FAIL_TEXT[m.FAILRSN]),
      text(YES_NO[m.HEMODIL]),
      text(labDateTime(m.RECVDTM)),
      text(labDateTime(m.PROCDTM)),
      text(YES_NO[m.CLONEID]),
    ]),
  ];
  files.set('mrd_transfer.xlsx', fixZipTimes(await writeExcelFile([{ sheet: 'MRD results', data: sheet }, { sheet: 'Read me', data: [[{ value: 'Central lab MRD transfer, synthetic data', type: String }]] }]).toBuffer()));

  // imaging as Dataset-JSON, therapy as its NDJSON form
  const djCols = (cols: [string, string, DatasetJsonColumnOut['dataType']][]): DatasetJsonColumnOut[] =>
    cols.map(([name, label, dataType]) => ({ name, label, dataType, ...(dataType === 'date' ? { targetDataType: 'integer' as const, displayFormat: 'DATE9.' } : {}) }));
  const imgCols = djCols([['USUBJID', 'Unique Subject Identifier', 'string'], ['ADT', 'Assessment Date', 'date'], ['MODALITY', 'Imaging Modality', 'string'], ['RESULT', 'Imaging Result', 'string'], ['EMD', 'Extramedullary Disease', 'string']]);
  const meta = { created: '2024-01-26T00:00:00', originator: 'Synthetic data (mrd-pipeline)', studyOID: study };
  files.set('imaging.json', writeDatasetJson({ name: 'IMAGING', label: 'Imaging Assessments', columns: imgCols, values: imgCols.map((c) => imaging.map((r) => orNull(r[c.name]))), rows: imaging.length }, meta));
  const thCols = djCols([['USUBJID', 'Unique Subject Identifier', 'string'], ['DRUG', 'Drug', 'string'], ['CLASS', 'Drug Class', 'string'], ['STDT', 'Start Date', 'date'], ['ENDT', 'End Date', 'date'], ['NEWTHER', 'Subsequent Therapy Flag', 'string']]);
  const th = writeDatasetJson({ name: 'THERAPY', label: 'Myeloma Therapy', columns: thCols, values: thCols.map((c) => therapy.map((r) => orNull(r[c.name]))), rows: therapy.length }, meta);
  // NDJSON: the metadata object on line 1, one row per further line
  const parsed = JSON.parse(th) as { rows: unknown[] } & Record<string, unknown>;
  const { rows, ...head } = parsed;
  files.set('therapy.ndjson', [JSON.stringify(head), ...rows.map((r) => JSON.stringify(r))].join('\n') + '\n');
  files.set('mapping.yaml', MAPPING);
  // the plan of imroz-like, with the arm read from ARMCD (TRT01P holds the treatment's name)
  const plan = readFileSync(join(source, 'study.yaml'), 'utf8').replace(/^# .*\n/, '');
  files.set('study.yaml', `# IMROZ-like study in ADaM + central-lab layout (synthetic, no patient data), written by generate.ts: see README.md.\n${plan}adam:\n  armVariable: ARMCD\n`);
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const here = dirname(fileURLToPath(import.meta.url));
  const target = here.includes('/dist/') ? here.replace('/dist/', '/') : here;
  const source = join(target, '..', 'imroz-like');
  mkdirSync(target, { recursive: true });
  const files = await imrozAdamFiles(source);
  for (const [name, content] of files) writeFileSync(join(target, name), content);
  console.log(`wrote ${[...files.keys()].join(', ')} to ${target}`);
}
