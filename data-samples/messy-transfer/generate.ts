/**
 * A small study delivered in sponsor and lab formats, carrying the problems that only such files can
 * have (synthetic, no patient data): ADaM data sets in SAS transport files (a SAS date that is not a
 * whole day), a central lab's semicolon-delimited GB18030 transfer with a decimal comma read through
 * mapping.yaml (a result its code list does not name, a free-text value outside its list, dates not in
 * the declared format), a therapy workbook (a number in a date column that is no Excel date) and an
 * imaging Dataset-JSON file (a row of the wrong length). test/validate/messyLab.test.ts checks that
 * `mrd validate` reports exactly the defects listed in README.md, and that with data-samples/messy-lab
 * every rule is seeded somewhere.
 *
 * Run: npm run build --silent && node dist/data-samples/messy-transfer/generate.js
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import writeExcelFile from 'write-excel-file/node';
import { fixZipTimes } from '../zipTime.js';
import { parseIsoDate, SAS_EPOCH_DAY } from '../../pipeline/ingest/dates.js';
import { writeXport } from '../../reports/render/xportWriter.js';
import { writeDatasetJson } from '../../reports/render/datasetJsonWriter.js';
import type { Defect } from '../messy-lab/generate.js';

export const STUDY = 'MESSY-TRANSFER-003';
const CUTOFF = '2024-06-30';
const CREATED = new Date(Date.UTC(2024, 5, 30));

const sas = (iso: string) => parseIsoDate(iso)! - SAS_EPOCH_DAY;
/** dd.mm.yyyy of an ISO date, the lab's way of writing dates */
const lab = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** GB18030 bytes of the lab file (its few Chinese words, from a table; the rest is ASCII). */
const GB: Record<string, number[]> = { 阴: [0xd2, 0xf5], 性: [0xd0, 0xd4], 阳: [0xd1, 0xf4], 骨: [0xb9, 0xc7], 髓: [0xcb, 0xe8] };
function gb18030(text: string): Buffer {
  return Buffer.from([...text].flatMap((c) => GB[c] ?? [...Buffer.from(c, 'latin1')]));
}

const SUBJECTS = ['T001', 'T002', 'T003', 'T004', 'T005', 'T006'];
const ARMS = ['ISA', 'CTL', 'ISA', 'CTL', 'ISA', 'CTL'];
const RAND = ['2023-01-10', '2023-01-20', '2023-02-01', '2023-02-15', '2023-03-01', '2023-03-10'];

export async function messyTransferStudy(): Promise<{ files: Map<string, Buffer | string>; defects: Defect[] }> {
  const files = new Map<string, Buffer | string>();
  const defects: Defect[] = [];
  const d = (file: string, line: number, subject: string | null, rule: string, severity: Defect['severity'], what: string) => defects.push({ file, line, subject, rule, severity, what });

  files.set(
    'study.yaml',
    `# ${STUDY}: sponsor and lab formats with seeded defects (synthetic), written by generate.ts: see README.md.
study: ${STUDY}
cutoff: ${CUTOFF}
arms:
  - { code: ISA, label: Isa-VRd, control: false }
  - { code: CTL, label: VRd, control: true }
mrd:
  primaryMethod: NGS
  sustained: { requireImaging: false }
mrdLandmark: null
adam:
  armVariable: ARMCD
`,
  );

  // ADSL: T006's RANDDT is half a day off: not a SAS date
  const randdt = RAND.map(sas);
  randdt[5] += 0.5;
  d('adsl.xpt', 6, 'T006', 'date.sas', 'error', `RANDDT holds ${randdt[5]}, a fraction of a day`);
  files.set(
    'adsl.xpt',
    writeXport(
      {
        name: 'ADSL',
        label: 'Subject-Level Analysis Dataset',
        columns: [
          { name: 'USUBJID', label: 'Unique Subject Identifier', type: 'char' },
          { name: 'ARMCD', label: 'Planned Arm Code', type: 'char' },
          { name: 'ITTFL', label: 'Intent-To-Treat Population Flag', type: 'char' },
          { name: 'RANDDT', label: 'Date of Randomization', type: 'num', format: 'DATE9.' },
        ],
        values: [SUBJECTS, ARMS, SUBJECTS.map(() => 'Y'), randdt],
        rows: SUBJECTS.length,
      },
      CREATED,
    ),
  );
  // T006's row is rejected: its rows elsewhere become orphans (none are written for it)
  const kept = SUBJECTS.slice(0, 5);

  // ADRS: PR then VGPR for every subject (no CR: no completeness queries)
  const rs = kept.flatMap((s, k) => [
    { s, adt: sas(shift(RAND[k], 90)), avalc: 'PR' },
    { s, adt: sas(shift(RAND[k], 180)), avalc: 'VGPR' },
  ]);
  files.set(
    'adrs.xpt',
    writeXport(
      {
        name: 'ADRS',
        label: 'Response Analysis Dataset',
        columns: [
          { name: 'USUBJID', label: 'Unique Subject Identifier', type: 'char' },
          { name: 'PARAMCD', label: 'Parameter Code', type: 'char' },
          { name: 'ADT', label: 'Analysis Date', type: 'num', format: 'DATE9.' },
          { name: 'AVALC', label: 'Analysis Value (C)', type: 'char' },
        ],
        values: [rs.map((r) => r.s), rs.map(() => 'OVRLRESP'), rs.map((r) => r.adt), rs.map((r) => r.avalc)],
        rows: rs.length,
      },
      CREATED,
    ),
  );

  files.set(
    'adtte.xpt',
    writeXport(
      {
        name: 'ADTTE',
        label: 'Time-to-Event Analysis Dataset',
        columns: [
          { name: 'USUBJID', label: 'Unique Subject Identifier', type: 'char' },
          { name: 'PARAMCD', label: 'Parameter Code', type: 'char' },
          { name: 'STARTDT', label: 'Time-to-Event Origin Date', type: 'num', format: 'DATE9.' },
          { name: 'ADT', label: 'Analysis Date', type: 'num', format: 'DATE9.' },
          { name: 'CNSR', label: 'Censor', type: 'num' },
        ],
        values: [kept, kept.map(() => 'PFS'), kept.map((_, k) => sas(RAND[k])), kept.map(() => sas(CUTOFF)), kept.map(() => 1)],
        rows: kept.length,
      },
      CREATED,
    ),
  );

  // the central lab: NGS positives at month 6 for every subject, with level and cells
  const header = 'Patient;Specimen ID;Collected;Assay;Outcome;MRD (%);Cells;Specimen;Remark;Received';
  const rows: string[] = [];
  kept.forEach((s, k) => rows.push([s, `${s}-M06`, lab(shift(RAND[k], 180)), 'clonoSEQ', '阳性', '0,012', '1500000', '骨髓', '', ''].join(';')));
  // line 7: an outcome the code list does not name (and no result code): rejected
  rows.push(['T001', 'T001-M09', lab(shift(RAND[0], 270)), 'clonoSEQ', 'Indeterminate', '', '1500000', '骨髓', '', ''].join(';'));
  d('lab.csv', 7, 'T001', 'mapping.unmapped-value', 'error', 'Outcome "Indeterminate" is not in the code list');
  // line 8: a remark outside the FAILRSN code list: kept, noted
  rows.push(['T002', 'T002-M09', lab(shift(RAND[1], 270)), 'clonoSEQ', '阳性', '0,02', '1500000', '骨髓', 'hemolysed', ''].join(';'));
  d('lab.csv', 8, 'T002', 'mapping.unlisted-value', 'warning', 'Remark "hemolysed" is not in the code list (kept as written)');
  // line 9: an ISO date where the lab writes DD.MM.YYYY
  rows.push(['T003', 'T003-M09', shift(RAND[2], 270), 'clonoSEQ', '阳性', '0,02', '1500000', '骨髓', '', ''].join(';'));
  d('lab.csv', 9, 'T003', 'date.format', 'error', 'Collected written 2023-10-29 instead of DD.MM.YYYY');
  // line 10: a receipt time of 25:10
  rows.push(['T004', 'T004-M09', lab(shift(RAND[3], 270)), 'clonoSEQ', '阳性', '0,02', '1500000', '骨髓', '', `${lab(shift(RAND[3], 270))} 25:10`].join(';'));
  d('lab.csv', 10, 'T004', 'value.unparsed-optional', 'warning', 'Received holds the time 25:10: read as empty, the row kept');
  files.set('lab.csv', gb18030([header, ...rows].join('\r\n') + '\r\n'));

  files.set(
    'mapping.yaml',
    `# How the central lab's transfer is read (docs/inputs.md). Written by generate.ts.
tables:
  mrd:
    file: lab.csv
    encoding: gb18030
    delimiter: ";"
    decimal: ","
    dateFormat: DD.MM.YYYY
    columns:
      USUBJID: Patient
      SAMPLEID: Specimen ID
      COLLDT: Collected
      METHOD: { column: Assay, values: { clonoSEQ: NGS } }
      RESULT: { column: Outcome, values: { 阴性: NEGATIVE, 阳性: POSITIVE } }
      MRDLEVEL: { column: MRD (%), unit: percent }
      CELLS: Cells
      SPEC: { column: Specimen, values: { 骨髓: BM } }
      FAILRSN: { column: Remark, values: { QNS: INSUFFICIENT SAMPLE } }
      RECVDTM: Received
      CENTRAL: { constant: Y }
  therapy: therapy.xlsx
`,
  );

  // therapy workbook: row 3 holds 12 in STDT, no Excel date
  const text = (v: string) => ({ value: v, type: String });
  const day = (iso: string) => ({ value: new Date(`${iso}T00:00:00Z`), type: Date, format: 'yyyy-mm-dd' });
  files.set(
    'therapy.xlsx',
    fixZipTimes(
      await writeExcelFile([
        {
          sheet: 'Therapy',
          data: [
            ['USUBJID', 'DRUG', 'CLASS', 'STDT', 'NEWTHER'].map(text),
            [text('T001'), text('LENALIDOMIDE'), text('IMID'), day(shift(RAND[0], 2)), text('N')],
            [text('T002'), text('LENALIDOMIDE'), text('IMID'), { value: 12, type: Number }, text('N')],
          ],
        },
      ] as never).toBuffer(),
    ),
  );
  d('therapy.xlsx', 3, 'T002', 'date.excel', 'error', 'STDT holds the number 12, no Excel serial date');

  // imaging as Dataset-JSON: record 2 lacks its RESULT
  const imaging = writeDatasetJson(
    {
      name: 'IMAGING',
      label: 'Imaging',
      columns: [
        { name: 'USUBJID', label: 'Unique Subject Identifier', dataType: 'string' },
        { name: 'ADT', label: 'Assessment Date', dataType: 'date', targetDataType: 'integer' },
        { name: 'RESULT', label: 'Imaging Result', dataType: 'string' },
      ],
      values: [['T001', 'T002'], [shift(RAND[0], 100), shift(RAND[1], 100)], ['NEGATIVE', 'NEGATIVE']],
      rows: 2,
    },
    { created: '2024-06-30T00:00:00' },
  ).replace('["T002","' + shift(RAND[1], 100) + '","NEGATIVE"]', '["T002","' + shift(RAND[1], 100) + '"]');
  files.set('imaging.json', imaging);
  d('imaging.json', 2, 'T002', 'json.row-length', 'error', 'record 2 holds 2 values for 3 columns');

  files.set('README.md', readme(defects));
  return { files, defects };
}

function shift(iso: string, days: number): string {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

function readme(defects: Defect[]): string {
  const rows = defects.map((d) => `| ${d.file} | ${d.line ?? '—'} | ${d.subject ?? '—'} | \`${d.rule}\` | ${d.severity} | ${d.what} |`);
  return `# Study ${STUDY}: sponsor and lab formats with seeded defects (synthetic)

Written by \`generate.ts\` (\`npm run build && node dist/data-samples/messy-transfer/generate.js\`), with
this README. Six subjects T001–T006; the tables come in the formats sponsors and labs send:

- \`adsl.xpt\`, \`adrs.xpt\`, \`adtte.xpt\`: ADaM data sets, SAS transport version 5 (read by the ADaM layout);
- \`lab.csv\`: the central lab's MRD transfer, semicolon-delimited, GB18030 (Chinese Windows), decimal
  comma, its own column titles and words (阳性 = positive, 骨髓 = bone marrow), read through \`mapping.yaml\`;
- \`therapy.xlsx\`: a workbook with our column names (mapping.yaml names the file);
- \`imaging.json\`: Dataset-JSON 1.1 with our column names.

\`test/validate/messyLab.test.ts\` checks that \`mrd validate\` reports exactly these defects, at their
file and line (the observation number for SAS transport and Dataset-JSON, the sheet row for XLSX),
and nothing else. Expected exit status: 1.

| file | line | subject | rule | severity | seeded defect |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const here = dirname(fileURLToPath(import.meta.url));
  const target = here.includes('/dist/') ? here.replace('/dist/', '/') : here;
  const { files, defects } = await messyTransferStudy();
  for (const [name, content] of files) writeFileSync(join(target, name), content);
  console.log(`wrote ${files.size} files with ${defects.length} seeded defects to ${target}`);
}
