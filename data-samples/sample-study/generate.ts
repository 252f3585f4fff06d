/**
 * Generator of the embedded sample study (synthetic, no patient data). Each subject is written by hand
 * to exercise one rule of SPEC.md section 3; `expect` records the MRD-negative flag worked out by hand
 * at 10^-4, 10^-5 and 10^-6, which test/pipeline/sampleStudy.test.ts checks against `mrd run`.
 *
 * Run: npm run samples  (rewrites the CSV files next to this script)
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Method = 'NGS' | 'NGF';
interface Sample {
  /** collection day relative to randomisation */
  d: number;
  m: Method;
  r: 'NEGATIVE' | 'POSITIVE' | 'FAILED' | 'NOT DONE';
  spec?: 'BM' | 'PB';
  central?: 'Y' | 'N';
  level?: string;
  cells?: number;
  dna?: number;
  lod?: string;
  hemo?: 'Y' | 'N';
  fail?: string;
}
interface Scenario {
  id: string;
  arm: 'EXP' | 'CTL';
  itt?: 'N';
  age: number;
  riss: 'I' | 'II' | 'III';
  /** response assessments: [day, category] */
  resp: [number, string][];
  samples: Sample[];
  /** day of a subsequent therapy start */
  newTherapy?: number;
  /** PFS event day (progression or death); censored at the cut-off otherwise */
  pfsEvent?: number;
  /** hand-derived: MRD negative at 1e-4, 1e-5, 1e-6 */
  expect: [0 | 1, 0 | 1, 0 | 1];
  why: string;
}

export const CUTOFF = '2024-12-31';

// prettier-ignore
export const SCENARIOS: Scenario[] = [
  { id: 'E01', arm: 'EXP', age: 64, riss: 'I', resp: [[90, 'PR'], [180, 'SCR']], samples: [{ d: 180, m: 'NGS', r: 'NEGATIVE', cells: 2500000 }], expect: [1, 1, 1], why: 'NGS negative, 2.5e6 cells: LOD 4e-7' },
  { id: 'E02', arm: 'EXP', age: 71, riss: 'II', resp: [[90, 'VGPR'], [180, 'CR']], samples: [{ d: 181, m: 'NGS', r: 'NEGATIVE', dna: 13000 }], expect: [1, 1, 1], why: 'NGS negative, cells from 13,000 ng DNA = 2e6 cells: LOD 5e-7' },
  { id: 'E03', arm: 'EXP', age: 58, riss: 'II', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 182, m: 'NGS', r: 'NEGATIVE', cells: 500000 }], expect: [1, 1, 0], why: 'NGS negative, 5e5 cells: LOD 2e-6 > 1e-6' },
  { id: 'E04', arm: 'EXP', age: 75, riss: 'III', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 183, m: 'NGS', r: 'NEGATIVE', cells: 50000 }], expect: [1, 0, 0], why: 'low-cell NGS negative, 5e4 cells: LOD 2e-5, negative only at 1e-4' },
  { id: 'E05', arm: 'EXP', age: 66, riss: 'II', resp: [[90, 'VGPR'], [180, 'CR']], samples: [{ d: 184, m: 'NGS', r: 'FAILED', fail: 'INSUFFICIENT_DNA' }], expect: [0, 0, 0], why: 'failed test counts as not negative (ITT)' },
  { id: 'E06', arm: 'EXP', age: 69, riss: 'I', resp: [[90, 'PR'], [180, 'VGPR']], samples: [{ d: 185, m: 'NGS', r: 'NEGATIVE', cells: 3000000 }], expect: [1, 1, 1], why: 'MRD negative but best response VGPR: not an MRD-negative CR' },
  { id: 'E07', arm: 'EXP', age: 72, riss: 'II', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 186, m: 'NGS', r: 'POSITIVE', level: '3.0E-05', cells: 2000000 }], expect: [1, 0, 0], why: 'clone at 3e-5: negative at 1e-4, positive at 1e-5 and 1e-6' },
  { id: 'E08', arm: 'EXP', age: 61, riss: 'II', resp: [[90, 'VGPR'], [180, 'CR']], samples: [{ d: 187, m: 'NGF', r: 'NEGATIVE', cells: 10000000 }], expect: [1, 1, 0], why: 'NGF negative, 1e7 cells: LOD 20/1e7 = 2e-6' },
  { id: 'E09', arm: 'EXP', age: 67, riss: 'I', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 188, m: 'NGF', r: 'NEGATIVE', cells: 2000000 }], expect: [1, 1, 0], why: 'NGF negative, 2e6 cells: LOD exactly 1e-5 reaches 1e-5' },
  { id: 'E10', arm: 'EXP', age: 73, riss: 'II', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 189, m: 'NGF', r: 'NEGATIVE', cells: 3000000, hemo: 'Y' }], expect: [0, 0, 0], why: 'hemodiluted negative is not evaluable' },
  { id: 'E11', arm: 'EXP', age: 59, riss: 'II', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 190, m: 'NGS', r: 'NEGATIVE', cells: 2000000, spec: 'PB' }], expect: [0, 0, 0], why: 'peripheral blood: exploratory only, does not count' },
  { id: 'E12', arm: 'EXP', age: 70, riss: 'III', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 191, m: 'NGS', r: 'NEGATIVE', cells: 2000000, central: 'N' }], expect: [0, 0, 0], why: 'local lab: only central-lab results count' },
  { id: 'E13', arm: 'EXP', age: 63, riss: 'I', resp: [[90, 'VGPR'], [180, 'CR']], samples: [], expect: [0, 0, 0], why: 'CR with no MRD sample: not negative (ITT)' },
  { id: 'E14', arm: 'EXP', age: 76, riss: 'II', resp: [[90, 'PR'], [180, 'PR']], samples: [], expect: [0, 0, 0], why: 'PR, no sample' },
  { id: 'E15', arm: 'EXP', age: 65, riss: 'II', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 192, m: 'NGS', r: 'NEGATIVE', lod: '1.0E-06' }], expect: [1, 1, 1], why: 'lab-reported LOD 1e-6, no cell count' },
  { id: 'E16', arm: 'EXP', age: 68, riss: 'II', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 193, m: 'NGS', r: 'NEGATIVE' }], expect: [0, 0, 0], why: 'negative with no cells, DNA or LOD: sensitivity unknown' },
  { id: 'E17', arm: 'EXP', age: 71, riss: 'I', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: -10, m: 'NGS', r: 'NEGATIVE', cells: 2000000 }], expect: [0, 0, 0], why: 'collected before randomisation' },
  { id: 'E18', arm: 'EXP', age: 74, riss: 'III', resp: [[90, 'PR'], [200, 'CR'], [400, 'PD']], samples: [{ d: 420, m: 'NGS', r: 'NEGATIVE', cells: 2000000 }], pfsEvent: 400, expect: [0, 0, 0], why: 'collected after progression' },
  { id: 'E19', arm: 'EXP', age: 62, riss: 'II', resp: [[90, 'VGPR'], [180, 'SCR']], samples: [{ d: 365, m: 'NGS', r: 'NEGATIVE', cells: 1200000 }, { d: 730, m: 'NGS', r: 'POSITIVE', level: '2.0E-04', cells: 1500000 }], expect: [1, 1, 1], why: 'negative, later positive: was MRD negative' },
  { id: 'E20', arm: 'EXP', age: 69, riss: 'II', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 250, m: 'NGS', r: 'NEGATIVE', cells: 2000000 }], newTherapy: 200, expect: [0, 0, 0], why: 'collected after the start of subsequent therapy' },

  { id: 'C01', arm: 'CTL', age: 66, riss: 'II', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 180, m: 'NGS', r: 'NEGATIVE', cells: 2000000 }], expect: [1, 1, 1], why: 'NGS negative, 2e6 cells' },
  { id: 'C02', arm: 'CTL', age: 72, riss: 'I', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 181, m: 'NGS', r: 'NEGATIVE', cells: 400000 }], expect: [1, 1, 0], why: 'NGS negative, 4e5 cells: LOD 2.5e-6' },
  { id: 'C03', arm: 'CTL', age: 57, riss: 'II', resp: [[90, 'VGPR'], [180, 'CR']], samples: [{ d: 182, m: 'NGS', r: 'POSITIVE', level: '5.0E-06', cells: 1000000 }], expect: [1, 1, 0], why: 'clone at 5e-6: negative at 1e-4 and 1e-5, positive at 1e-6' },
  { id: 'C04', arm: 'CTL', age: 70, riss: 'II', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 183, m: 'NGF', r: 'FAILED', fail: 'STAINING_QC_FAIL' }], expect: [0, 0, 0], why: 'NGF failure' },
  { id: 'C05', arm: 'CTL', age: 64, riss: 'III', resp: [[90, 'PR'], [180, 'VGPR']], samples: [{ d: 184, m: 'NGS', r: 'NEGATIVE', cells: 2000000 }], expect: [1, 1, 1], why: 'negative, VGPR' },
  { id: 'C06', arm: 'CTL', age: 77, riss: 'II', resp: [[90, 'PR'], [180, 'PR']], samples: [{ d: 185, m: 'NGS', r: 'POSITIVE', level: '1.0E-03', cells: 800000 }], expect: [0, 0, 0], why: 'positive at every threshold' },
  { id: 'C07', arm: 'CTL', age: 60, riss: 'I', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 186, m: 'NGS', r: 'NOT DONE' }], expect: [0, 0, 0], why: 'not done' },
  { id: 'C08', arm: 'CTL', age: 68, riss: 'II', resp: [[90, 'VGPR'], [180, 'CR']], samples: [{ d: 187, m: 'NGF', r: 'NEGATIVE', cells: 1000000 }], expect: [1, 0, 0], why: 'low-cell NGF, 1e6 cells: LOD 2e-5' },
  { id: 'C09', arm: 'CTL', age: 73, riss: 'II', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 1100, m: 'NGS', r: 'NEGATIVE', cells: 2000000 }], expect: [0, 0, 0], why: 'collected after the data cut-off' },
  { id: 'C10', arm: 'CTL', age: 79, riss: 'III', resp: [[90, 'SD'], [180, 'SD']], samples: [], expect: [0, 0, 0], why: 'SD, no sample' },
  { id: 'C11', arm: 'CTL', age: 74, riss: 'III', resp: [[60, 'SD'], [120, 'PD']], samples: [], pfsEvent: 120, expect: [0, 0, 0], why: 'early progression' },
  { id: 'C12', arm: 'CTL', age: 65, riss: 'II', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 188, m: 'NGS', r: 'NEGATIVE', dna: 650 }], expect: [1, 1, 0], why: '650 ng DNA = 1e5 cells: LOD 1e-5 (computed, reaches 1e-5 up to rounding)' },
  { id: 'C13', arm: 'CTL', itt: 'N', age: 61, riss: 'I', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 189, m: 'NGS', r: 'NEGATIVE', cells: 2000000 }], expect: [1, 1, 1], why: 'ITTFL = N: outside every ITT-based population' },
  { id: 'C14', arm: 'CTL', age: 69, riss: 'II', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 190, m: 'NGF', r: 'NEGATIVE', cells: 5000000, hemo: 'Y' }, { d: 190, m: 'NGS', r: 'NEGATIVE', cells: 2000000 }], expect: [1, 1, 1], why: 'hemodiluted NGF, but NGS negative (either-negative)' },
  { id: 'C15', arm: 'CTL', age: 71, riss: 'II', resp: [[90, 'PR'], [180, 'VGPR']], samples: [], expect: [0, 0, 0], why: 'VGPR, no sample' },
  { id: 'C16', arm: 'CTL', age: 63, riss: 'I', resp: [[90, 'VGPR'], [180, 'CR']], samples: [{ d: 191, m: 'NGS', r: 'POSITIVE', cells: 2000000 }], expect: [0, 0, 0], why: 'positive with no level: positive at every threshold' },
  { id: 'C17', arm: 'CTL', age: 58, riss: 'II', resp: [[90, 'VGPR'], [180, 'SCR']], samples: [{ d: 200, m: 'NGS', r: 'NEGATIVE', cells: 500000 }, { d: 600, m: 'NGS', r: 'NEGATIVE', cells: 500000 }], expect: [1, 1, 0], why: 'two negatives, LOD 2e-6' },
  { id: 'C18', arm: 'CTL', age: 75, riss: 'III', resp: [[90, 'PR'], [180, 'PR']], samples: [], expect: [0, 0, 0], why: 'PR, no sample' },
  { id: 'C19', arm: 'CTL', age: 80, riss: 'II', resp: [[90, 'MR'], [180, 'MR']], samples: [], expect: [0, 0, 0], why: 'MR, no sample' },
  { id: 'C20', arm: 'CTL', age: 67, riss: 'II', resp: [[90, 'PR'], [180, 'CR']], samples: [{ d: 185, m: 'NGS', r: 'FAILED', fail: 'NO_TRACKABLE_CLONE' }, { d: 270, m: 'NGS', r: 'NEGATIVE', cells: 3000000 }], expect: [1, 1, 1], why: 'failed, then negative on repeat' },
];

/** A row for a subject the study does not have: shows that rejected rows are accounted for. */
const ORPHAN_SAMPLE = 'X99,X99-S1,2023-01-05,NGS,NEGATIVE,BM,CENTRAL-NGS,Y,C12D1,,2000000,,,,,,,,Y';

function dayToIso(base: string, offset: number): string {
  const t = Date.parse(base + 'T00:00:00Z') + offset * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

function randDate(i: number): string {
  return dayToIso('2022-01-10', 7 * i);
}

function csv(header: string[], rows: (string | number | undefined)[][]): string {
  return [header.join(','), ...rows.map((r) => r.map((v) => (v === undefined ? '' : String(v))).join(','))].join('\n') + '\n';
}

export function sampleStudyFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    'study.yaml',
    `# Embedded sample study for \`npm start\` (synthetic). See README.md for what each subject shows.
study: SAMPLE-MRD-001
cutoff: ${CUTOFF}
arms:
  - { code: EXP, label: Drug X + VRd, control: false }
  - { code: CTL, label: VRd, control: true }
strata: [AGEGRP, RISSGRP]
subgroups: [AGEGRP, RISSGRP]
mrd:
  primaryMethod: NGS
  combine: either-negative   # NGF and NGS both count here, so that every sensitivity rule shows
  thresholds: [1.0e-4, 1.0e-5, 1.0e-6]
  primaryThreshold: 1.0e-5
landmarks: [12, 24]
stats:
  ciLevel: 0.95
lang: en
`,
  );
  const subj: (string | number | undefined)[][] = [];
  const mrd: (string | number | undefined)[][] = [];
  const resp: (string | number | undefined)[][] = [];
  const tte: (string | number | undefined)[][] = [];
  const ther: (string | number | undefined)[][] = [];
  SCENARIOS.forEach((s, i) => {
    const rd = randDate(i);
    subj.push([s.id, s.arm, rd, s.itt ?? 'Y', 'Y', s.age, s.age < 70 ? '<70' : '>=70', s.riss === 'III' ? 'III/UNK' : 'I/II', i % 2 ? 'F' : 'M', `R-ISS ${s.riss}`, i % 5 === 0 ? 'HIGH' : 'STANDARD', i % 3 === 0 ? 'IGG-KAPPA' : 'IGA-LAMBDA', 'N', `S${(i % 4) + 1}`]);
    s.samples.forEach((x, k) => {
      mrd.push([s.id, `${s.id}-S${k + 1}`, dayToIso(rd, x.d), x.m, x.r, x.spec ?? 'BM', x.central === 'N' ? 'LOCAL-01' : `CENTRAL-${x.m}`, x.central ?? 'Y', `D${x.d}`, x.level, x.cells, x.dna, undefined, x.lod, x.fail, x.hemo ?? (x.m === 'NGF' ? 'N' : undefined), undefined, undefined, x.m === 'NGS' ? 'Y' : undefined]);
    });
    for (const [d, c] of s.resp) resp.push([s.id, dayToIso(rd, d), c, c === 'SCR' ? 'Y' : 'N', c === 'CR' || c === 'SCR' ? 'NEG' : 'POS']);
    const end = s.pfsEvent !== undefined ? dayToIso(rd, s.pfsEvent) : CUTOFF;
    tte.push([s.id, 'PFS', rd, end, s.pfsEvent !== undefined ? 0 : 1, s.pfsEvent !== undefined ? 'DISEASE PROGRESSION' : '', s.pfsEvent !== undefined ? '' : 'DATA CUT-OFF']);
    if (s.newTherapy !== undefined) ther.push([s.id, 'DARATUMUMAB', 'ANTI-CD38', dayToIso(rd, s.newTherapy), '', 'Y']);
  });
  files.set('subjects.csv', csv(['USUBJID', 'ARM', 'RANDDT', 'ITTFL', 'SAFFL', 'AGE', 'AGEGRP', 'RISSGRP', 'SEX', 'RISS', 'CYTORISK', 'ISOTYPE', 'EMDBL', 'SITEID'], subj));
  const mrdText = csv(['USUBJID', 'SAMPLEID', 'COLLDT', 'METHOD', 'RESULT', 'SPEC', 'LAB', 'CENTRAL', 'VISIT', 'MRDLEVEL', 'CELLS', 'DNANG', 'CLONALEV', 'LOD', 'FAILRSN', 'HEMODIL', 'RECVDTM', 'PROCDTM', 'CLONEID'], mrd);
  files.set('mrd.csv', mrdText + ORPHAN_SAMPLE + '\n');
  files.set('response.csv', csv(['USUBJID', 'ADT', 'AVALC', 'FLCNORM', 'IFE'], resp));
  files.set('tte.csv', csv(['USUBJID', 'PARAMCD', 'STARTDT', 'ADT', 'CNSR', 'EVNTDESC', 'CNSDTDSC'], tte));
  files.set('therapy.csv', csv(['USUBJID', 'DRUG', 'CLASS', 'STDT', 'ENDT', 'NEWTHER'], ther));
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // dist/data-samples/sample-study/generate.js writes into data-samples/sample-study/
  const here = dirname(fileURLToPath(import.meta.url));
  const target = here.includes('/dist/') ? here.replace('/dist/', '/') : here;
  for (const [name, text] of sampleStudyFiles()) writeFileSync(join(target, name), text);
  console.log(`wrote ${SCENARIOS.length} subjects to ${target}`);
}
