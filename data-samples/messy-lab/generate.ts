/**
 * Generator of the messy-lab study (synthetic, no patient data): a small trial whose central-lab and
 * site data carry the problems `mrd validate` must find, one or more of every kind. The baseline data
 * are clean by construction; each problem is seeded on purpose and recorded in DEFECTS with the file,
 * line, rule and severity it must be reported at. test/validate/messyLab.test.ts checks that
 * `mrd validate` reports exactly these, and README.md (written by this script) lists them.
 *
 * Run: npm run build && node dist/data-samples/messy-lab/generate.js  (rewrites the files next to this script)
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareText } from '../../model/compareText.js';

export const STUDY = 'MESSY-LAB-MRD-002';
export const CUTOFF = '2024-06-30';

export type DefectSeverity = 'error' | 'warning' | 'info';

/** A seeded problem: where `mrd validate` must report it. `line` is null for subject-level issues. */
export interface Defect {
  file: string;
  line: number | null;
  subject: string | null;
  rule: string;
  severity: DefectSeverity;
  /** what was seeded, in words */
  what: string;
}

type Cell = string | number | undefined;
/** One line of a CSV file: fields to quote as needed, or raw text written as is (broken rows). */
interface Entry {
  cells?: Cell[];
  raw?: string;
}
interface PendingDefect extends Omit<Defect, 'line'> {
  entry: Entry | null;
}

class CsvFile {
  readonly entries: Entry[] = [];
  constructor(
    readonly name: string,
    readonly header: string[],
  ) {}
  add(cells: Cell[]): Entry {
    const e = { cells };
    this.entries.push(e);
    return e;
  }
  addRaw(raw: string): Entry {
    const e = { raw };
    this.entries.push(e);
    return e;
  }
  /**
   * Orders the rows as a lab export would be: by USUBJID, then by the text of column `dateAt` (stable,
   * so a row sent twice stays after the original). Broken raw rows are placed by their leading fields.
   */
  sortBySubject(dateAt: number | null): void {
    const key = (e: Entry): [string, string] => {
      const f = e.cells ? e.cells.map((c) => (c === undefined ? '' : String(c))) : e.raw!.split(',');
      return [f[0], dateAt === null ? '' : (f[dateAt] ?? '')];
    };
    const keyed = this.entries.map((e) => ({ e, k: key(e) }));
    keyed.sort((a, b) => (a.k[0] < b.k[0] ? -1 : a.k[0] > b.k[0] ? 1 : a.k[1] < b.k[1] ? -1 : a.k[1] > b.k[1] ? 1 : 0));
    this.entries.splice(0, this.entries.length, ...keyed.map((x) => x.e));
  }
  /** 1-based line of an entry, the header being line 1 (no field holds a line break) */
  lineOf(e: Entry): number {
    const i = this.entries.indexOf(e);
    if (i < 0) throw new Error(`entry not in ${this.name}`);
    return i + 2;
  }
  text(): string {
    const cell = (v: Cell) => {
      const s = v === undefined ? '' : String(v);
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    return [this.header.join(','), ...this.entries.map((e) => e.raw ?? e.cells!.map(cell).join(','))].join('\n') + '\n';
  }
}

function isRealDate(text: string): boolean {
  const t = Date.parse(text + 'T00:00:00Z');
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === text;
}

function dayToIso(base: string, offset: number): string {
  return new Date(Date.parse(base + 'T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
}
/** `YYYY-MM-DDTHH:MM`, `days` after `base`, at `hhmm` */
function dt(base: string, days: number, hhmm: string): string {
  return `${dayToIso(base, days)}T${hhmm}`;
}

type Method = 'NGS' | 'NGF';
type Profile = 'CR' | 'VGPR' | 'PR' | 'PD';

interface Subject {
  id: string;
  arm: string;
  rand: string;
  site: string;
  profile: Profile;
}

/** One MRD row; every field has a clean default. Strings given here are written as is. */
interface MrdRow {
  /** collection day relative to randomisation, or an explicit COLLDT text */
  d: number | string;
  m: Method;
  r: string;
  visit: string;
  level?: string;
  cells?: Cell;
  dna?: Cell;
  lod?: string;
  fail?: string;
  hemo?: string;
  /** null: leave empty; undefined: the lab's usual time */
  recv?: string | null;
  proc?: string | null;
  clone?: string | null;
  sampleId?: string;
  subject?: string;
}

const NGS_LAB = (site: string) => (site <= 'S03' ? 'CENTRAL-NGS-US' : 'CENTRAL-NGS-CN');
/** CENTRAL-NGF-CN ships NGF tubes by a two-day courier: every sample it processes is late (systematic). */
const NGF_LAB = (site: string) => (site <= 'S04' ? 'CENTRAL-NGF-EU' : 'CENTRAL-NGF-CN');

export interface MessyLab {
  files: Map<string, string>;
  defects: Defect[];
}

/** Builds the study files and the list of seeded defects. */
export function messyLabStudy(): MessyLab {
  const subjectsCsv = new CsvFile('subjects.csv', ['USUBJID', 'ARM', 'RANDDT', 'ITTFL', 'SAFFL', 'AGE', 'SEX', 'RISSGRP', 'CYTORISK', 'ISOTYPE', 'SITEID']);
  const mrdCsv = new CsvFile('mrd.csv', ['USUBJID', 'SAMPLEID', 'COLLDT', 'METHOD', 'RESULT', 'SPEC', 'LAB', 'CENTRAL', 'VISIT', 'MRDLEVEL', 'CELLS', 'DNANG', 'CLONALEV', 'LOD', 'FAILRSN', 'HEMODIL', 'RECVDTM', 'PROCDTM', 'CLONEID']);
  const responseCsv = new CsvFile('response.csv', ['USUBJID', 'ADT', 'AVALC', 'FLCNORM', 'IFE']);
  const imagingCsv = new CsvFile('imaging.csv', ['USUBJID', 'ADT', 'MODALITY', 'RESULT', 'EMD']);
  const tteCsv = new CsvFile('tte.csv', ['USUBJID', 'PARAMCD', 'STARTDT', 'ADT', 'CNSR', 'EVNTDESC', 'CNSDTDSC']);
  const therapyCsv = new CsvFile('therapy.csv', ['USUBJID', 'DRUG', 'CLASS', 'STDT', 'ENDT', 'NEWTHER']);
  const pending: PendingDefect[] = [];
  const fileOf = new Map<Entry, CsvFile>();
  const track = (f: CsvFile, e: Entry) => (fileOf.set(e, f), e);
  const defect = (entry: Entry, subject: string | null, rule: string, severity: DefectSeverity, what: string) =>
    pending.push({ entry, file: fileOf.get(entry)!.name, subject, rule, severity, what });
  const subjectDefect = (subject: string, rule: string, severity: DefectSeverity, what: string) =>
    pending.push({ entry: null, file: 'mrd.csv', subject, rule, severity, what });

  const sampleNo = new Map<string, number>();
  const bySubject = new Map<string, Subject>();

  const subjectRow = (s: Subject, over: Partial<Record<'ARM' | 'RANDDT' | 'CYTORISK', string>> = {}) => {
    const n = Number(s.id.slice(1));
    return track(
      subjectsCsv,
      subjectsCsv.add([s.id, over.ARM ?? s.arm, over.RANDDT ?? s.rand, 'Y', 'Y', 48 + ((n * 7) % 31), n % 2 ? 'F' : 'M', n % 3 ? 'I/II' : 'III', over.CYTORISK ?? (n % 5 ? 'STANDARD' : 'HIGH'), n % 2 ? 'IGG-KAPPA' : 'IGA-LAMBDA', s.site]),
    );
  };

  const mrd = (s: Subject, x: MrdRow): Entry => {
    const k = (sampleNo.get(s.id) ?? 0) + 1;
    sampleNo.set(s.id, k);
    const coll = typeof x.d === 'number' ? dayToIso(s.rand, x.d) : x.d;
    // the lab's usual times count from the collection date (from randomisation when COLLDT is not a real date)
    const base = typeof x.d === 'number' ? coll : isRealDate(x.d) ? x.d : isRealDate(x.d.slice(0, 8) + '28') ? x.d.slice(0, 8) + '28' : s.rand;
    const lab = x.m === 'NGS' ? NGS_LAB(s.site) : NGF_LAB(s.site);
    let recv: string;
    let proc: string;
    if (x.m === 'NGS') {
      recv = dt(base, 1, '11:20');
      proc = dt(base, 2, '09:05');
    } else if (lab === 'CENTRAL-NGF-EU') {
      recv = dt(base, 0, '17:40');
      proc = dt(base, 1, '08:30');
    } else {
      recv = dt(base, 2, '09:10');
      proc = dt(base, 2, '16:00');
    }
    const ngsUs = x.m === 'NGS' && lab === 'CENTRAL-NGS-US';
    const defaultCells = x.m === 'NGF' ? 4000000 : ngsUs ? 2000000 : undefined;
    const defaultDna = x.m === 'NGS' && !ngsUs ? 20000 : undefined;
    const tested = x.r !== 'FAILED' && x.r !== 'NOT DONE';
    return track(
      mrdCsv,
      mrdCsv.add([
        x.subject ?? s.id,
        x.sampleId ?? `${s.id}-S${String(k).padStart(2, '0')}`,
        coll,
        x.m,
        x.r,
        'BM',
        lab,
        'Y',
        x.visit,
        x.level,
        'cells' in x ? x.cells : tested ? defaultCells : undefined,
        'dna' in x ? x.dna : tested ? defaultDna : undefined,
        undefined,
        'lod' in x ? x.lod : tested && ngsUs ? '5.0E-07' : undefined,
        x.fail,
        'hemo' in x ? x.hemo : x.m === 'NGF' ? 'N' : undefined,
        x.recv === null ? undefined : (x.recv ?? recv),
        x.proc === null ? undefined : (x.proc ?? proc),
        'clone' in x ? (x.clone ?? undefined) : x.m === 'NGS' ? 'Y' : undefined,
      ]),
    );
  };

  const response = (s: Subject, d: number | string, c: string) =>
    track(responseCsv, responseCsv.add([s.id, typeof d === 'number' ? dayToIso(s.rand, d) : d, c, c === 'CR' ? 'Y' : 'N', c === 'CR' ? 'NEG' : 'POS']));

  // ---- the clean baseline: 40 randomised subjects, 6 sites, 2 NGS and 2 NGF central labs ----
  const subjects: Subject[] = [];
  const PROFILE: Profile[] = ['CR', 'CR', 'CR', 'VGPR', 'PR', 'PD'];
  for (let i = 0; i < 40; i++) {
    const id = `M${String(i + 1).padStart(3, '0')}`;
    const s: Subject = { id, arm: i % 2 === 0 ? 'EXP' : 'CTL', rand: dayToIso('2021-02-01', 9 * i), site: `S0${(Math.floor(i / 6) % 6) + 1}`, profile: i < 36 ? PROFILE[i % 6] : i === 39 ? 'PR' : 'CR' };
    subjects.push(s);
    bySubject.set(id, s);
  }
  const S = (id: string) => bySubject.get(id)!;

  for (const s of subjects) {
    subjectRow(s);
    if (s.id === 'M012') {
      const dup = subjectRow(s);
      defect(dup, 'M012', 'subject.duplicate', 'error', 'subject entered twice (identical rows)');
    }
  }
  const arm = { id: 'M041', arm: 'PBO', rand: '2021-07-05', site: 'S03', profile: 'PR' as Profile };
  defect(subjectRow(arm), 'M041', 'subject.arm-unknown', 'error', "ARM PBO: a screen failure entered with the placebo code of another study; not an arm of this plan");
  const late = { id: 'M042', arm: 'CTL', rand: '2024-07-15', site: 'S04', profile: 'PR' as Profile };
  defect(subjectRow(late), 'M042', 'subject.randomised-after-cutoff', 'error', 'randomised 2024-07-15, after the cut-off 2024-06-30');
  const bad = { id: 'M043', arm: 'EXP', rand: '2024-01-10', site: 'S05', profile: 'PR' as Profile };
  defect(subjectRow(bad, { CYTORISK: 'INTERMEDIATE' }), 'M043', 'value.allowed', 'error', 'CYTORISK INTERMEDIATE is not HIGH/STANDARD: the subject row is rejected');

  for (const s of subjects) {
    // MRD: NGS is primary; CTL subjects in CR also have an NGF sample at month 6
    const p = s.profile;
    const special = ['M037', 'M038', 'M039', 'M040'].includes(s.id);
    if (!special) {
      if (p === 'CR') {
        for (const [d, v] of [[180, 'M6'], [365, 'M12'], [730, 'M24']] as const) mrd(s, { d, m: 'NGS', r: 'NEGATIVE', visit: v });
        if (s.arm === 'CTL') {
          const e = mrd(s, { d: 181, m: 'NGF', r: 'NEGATIVE', visit: 'M6' });
          if (NGF_LAB(s.site) === 'CENTRAL-NGF-CN')
            defect(e, s.id, 'mrd.ngf-processing-late', 'warning', 'CENTRAL-NGF-CN: NGF tube processed 40 h after the end of the collection day (systematic two-day courier)');
        }
      } else if (p === 'VGPR') {
        mrd(s, { d: 180, m: 'NGS', r: 'POSITIVE', visit: 'M6', level: '3.2E-04' });
        mrd(s, { d: 365, m: 'NGS', r: 'POSITIVE', visit: 'M12', level: '1.1E-04' });
        mrd(s, { d: 730, m: 'NGS', r: 'POSITIVE', visit: 'M24', level: '8.0E-05' });
      } else if (p === 'PR') {
        mrd(s, { d: 365, m: 'NGS', r: 'POSITIVE', visit: 'M12', level: '2.4E-03' });
      } else {
        mrd(s, { d: 180, m: 'NGS', r: 'POSITIVE', visit: 'M6', level: '5.0E-03' });
      }
    }
    // response
    const resp: [number, string][] =
      p === 'CR' ? [[90, 'VGPR'], [180, 'CR'], [365, 'CR'], [730, 'CR']] : p === 'VGPR' ? [[90, 'PR'], [180, 'VGPR'], [365, 'VGPR'], [730, 'VGPR']] : p === 'PR' ? [[90, 'PR'], [180, 'PR'], [365, 'PR'], [730, 'PR']] : [[90, 'PR'], [200, 'PD']];
    for (const [d, c] of resp) response(s, d, c);
    if (p === 'CR') track(imagingCsv, imagingCsv.add([s.id, dayToIso(s.rand, 370), 'PET-CT', 'NEGATIVE', 'N']));
    // time to event: PD subjects progress on day 200
    const pfsEnd = p === 'PD' ? dayToIso(s.rand, 200) : CUTOFF;
    track(tteCsv, tteCsv.add([s.id, 'PFS', s.rand, pfsEnd, p === 'PD' ? 0 : 1, p === 'PD' ? 'DISEASE PROGRESSION' : undefined, p === 'PD' ? undefined : 'DATA CUT-OFF']));
    if (s.id === 'M016') {
      const e = track(tteCsv, tteCsv.add([s.id, 'OS', s.rand, '2020-06-30', 1, undefined, 'DATA CUT-OFF']));
      defect(e, s.id, 'tte.before-start', 'error', 'OS ADT 2020-06-30, before STARTDT (year typed wrong)');
    } else if (s.id === 'M021') {
      const e = track(tteCsv, tteCsv.add([s.id, 'OS', s.rand, CUTOFF, 'Y', undefined, 'DATA CUT-OFF']));
      defect(e, s.id, 'number.format', 'error', 'OS CNSR "Y" (a flag instead of 0/1)');
    } else if (s.id === 'M020') {
      const e = track(tteCsv, tteCsv.add([s.id, 'OS', s.rand, '9999-12-31', 1, undefined, 'ONGOING']));
      defect(e, s.id, 'tte.after-cutoff', 'error', 'OS ADT 9999-12-31 (the lab system\'s "ongoing"), after the cut-off');
    } else if (s.id === 'M018') {
      const e = track(tteCsv, tteCsv.add([s.id, 'OS', s.rand, CUTOFF, undefined, undefined, 'DATA CUT-OFF']));
      defect(e, s.id, 'value.required', 'error', 'OS CNSR empty');
    } else {
      track(tteCsv, tteCsv.add([s.id, 'OS', s.rand, CUTOFF, 1, undefined, 'DATA CUT-OFF']));
    }
    if (s.id === 'M017') {
      const e = track(tteCsv, tteCsv.add([s.id, 'PFS', s.rand, pfsEnd, 1, undefined, 'DATA CUT-OFF']));
      defect(e, s.id, 'tte.duplicate', 'error', 'PFS record sent twice');
    }
    // therapy: the experimental arm receives isatuximab (anti-CD38) from randomisation onwards
    const pi = track(therapyCsv, therapyCsv.add([s.id, 'BORTEZOMIB', 'PROTEASOME INHIBITOR', s.rand, s.id === 'M022' ? dayToIso(s.rand, -40) : dayToIso(s.rand, 168), 'N']));
    if (s.id === 'M022') defect(pi, s.id, 'therapy.end-before-start', 'warning', 'BORTEZOMIB ENDT 40 days before STDT');
    if (s.arm === 'EXP') track(therapyCsv, therapyCsv.add([s.id, 'ISATUXIMAB', 'ANTI-CD38', s.rand, undefined, 'N']));
    if (p === 'PD') track(therapyCsv, therapyCsv.add([s.id, 'DARATUMUMAB', 'ANTI-CD38', dayToIso(s.rand, 230), undefined, 'Y']));
    if (s.id === 'M008') track(therapyCsv, therapyCsv.add([s.id, 'DARATUMUMAB', 'ANTI-CD38', dayToIso(s.rand, -400), dayToIso(s.rand, -60), 'N']));
  }

  // ---- completeness: subjects whose expected assessments are missing ----
  const m37 = S('M037');
  mrd(m37, { d: 180, m: 'NGS', r: 'FAILED', visit: 'M6', fail: 'INSUFFICIENT_DNA' });
  mrd(m37, { d: 365, m: 'NGS', r: 'FAILED', visit: 'M12', fail: 'SAMPLE_CLOTTED' });
  subjectDefect('M037', 'completeness.cr-without-mrd', 'warning', 'CR, both NGS tests failed: no evaluable MRD at 10^-5');
  subjectDefect('M038', 'completeness.cr-without-mrd', 'warning', 'CR, no MRD sample at all');
  subjectDefect('M038', 'completeness.timepoint-missing', 'warning', 'followed through month 15, no sample in the M12 window');
  mrd(S('M039'), { d: 365, m: 'NGS', r: 'NEGATIVE', visit: 'M12' });
  subjectDefect('M039', 'completeness.unconfirmed-negative', 'warning', 'first negative at month 12, no later sample although more than a year of follow-up remains');
  mrd(S('M040'), { d: 180, m: 'NGS', r: 'POSITIVE', visit: 'M6', level: '2.0E-03' });
  mrd(S('M040'), { d: 730, m: 'NGS', r: 'POSITIVE', visit: 'M24', level: '1.5E-03' });
  subjectDefect('M040', 'completeness.timepoint-missing', 'warning', 'M12 marrow missed (samples at months 6 and 24 only)');

  // ---- mrd.csv: reading problems (each row is rejected) ----
  const mrdDefect = (id: string, x: MrdRow, rule: string, severity: DefectSeverity, what: string) => defect(mrd(S(id), x), x.subject ?? id, rule, severity, what);
  mrdDefect('M001', { d: '2022-02-30', m: 'NGS', r: 'NEGATIVE', visit: 'UNSCHED' }, 'date.iso', 'error', 'COLLDT 2022-02-30 does not exist');
  mrdDefect('M002', { d: 540, m: 'NGS', r: 'NEG', visit: 'M18' }, 'value.allowed', 'error', 'RESULT "NEG" instead of NEGATIVE');
  mrdDefect('M003', { d: 540, m: 'NGS', r: 'NEGATIVE', visit: 'M18', sampleId: '' }, 'value.required', 'error', 'SAMPLEID empty');
  mrdDefect('M007', { d: 540, m: 'NGS', r: 'NEGATIVE', visit: 'M18', cells: '2,100,000' }, 'value.unparsed-optional', 'warning', 'CELLS "2,100,000" with thousands separators: read as empty, the row kept');
  mrdDefect('M008', { d: 540, m: 'NGS', r: 'NEGATIVE', visit: 'M18', cells: undefined, dna: -12 }, 'number.range', 'error', 'DNANG -12');
  mrdDefect('M009', { d: 540, m: 'NGF', r: 'NEGATIVE', visit: 'M18', hemo: 'UNK' }, 'value.yn', 'error', 'HEMODIL "UNK"');
  mrdDefect('M013', { d: 540, m: 'NGS', r: 'NEGATIVE', visit: 'M18', recv: '15/03/2023 10:30' }, 'value.unparsed-optional', 'warning', 'RECVDTM in day/month/year format: read as empty, the row kept');
  {
    const s = S('M014');
    const e = track(mrdCsv, mrdCsv.addRaw(`M014,M014-S90,${dayToIso(s.rand, 540)},NGS,NEGATIVE,BM,CENTRAL-NGS-US,Y,M18,,2000000,,,5.0E-07,,,${dt(s.rand, 541, '11:20')},${dt(s.rand, 542, '09:05')},Y,resent after QC`));
    defect(e, 'M014', 'csv.column-count', 'error', 'an unquoted comment after the last column (20 fields, header 19)');
    const f = track(mrdCsv, mrdCsv.addRaw(`M015,M015-S91,2022-0"5-10,NGS,NEGATIVE,BM,CENTRAL-NGS-US,Y,M18,,2000000,,,5.0E-07,,,,,Y`));
    defect(f, null, 'csv.malformed', 'error', 'a stray double quote inside COLLDT: the row cannot be split');
  }
  mrdDefect('M019', { d: 365, m: 'NGS', r: 'NEGATIVE', visit: 'M12', subject: 'MO19', sampleId: 'MO19-S01' }, 'orphan.subject', 'error', 'USUBJID MO19 (letter O) for M019');
  {
    // a subject ID typed in lower case: not M023 (IDs are exact), and queried as a case slip
    const e = mrd(S('M023'), { d: 365, m: 'NGS', r: 'NEGATIVE', visit: 'M12', subject: 'm023', sampleId: 'm023-S01' });
    defect(e, 'm023', 'orphan.subject', 'error', 'USUBJID m023 (lower case) for M023');
    defect(e, 'm023', 'subject.id-case', 'warning', 'm023 matches M023 except for letter case');
  }
  {
    const first = mrdCsv.entries.find((e) => e.cells?.[0] === 'M019' && e.cells?.[8] === 'M12')!;
    const copy = track(mrdCsv, mrdCsv.add([...first.cells!]));
    defect(copy, 'M019', 'sample.duplicate', 'error', 'M12 result sent twice by the lab (identical row)');
  }

  // ---- mrd.csv: dates ----
  mrdDefect('M020', { d: -20, m: 'NGS', r: 'NEGATIVE', visit: 'UNSCHED' }, 'mrd.before-randomisation', 'warning', 'a NEGATIVE dated 20 days before randomisation');
  for (const id of ['M021', 'M025', 'M026'])
    mrdDefect(id, { d: -14, m: 'NGS', r: 'POSITIVE', visit: 'SCREENING', level: '1.8E-01' }, 'mrd.pre-randomisation-positive', 'info', 'baseline clone-identification marrow (positive, 14 days before randomisation)');
  mrdDefect('M027', { d: '2024-08-12', m: 'NGS', r: 'NEGATIVE', visit: 'M36' }, 'mrd.after-cutoff', 'info', 'collected 2024-08-12, after the cut-off');
  {
    const s = S('M031');
    mrdDefect('M031', { d: 540, m: 'NGS', r: 'NEGATIVE', visit: 'M18', recv: dt(s.rand, 539, '10:00') }, 'mrd.received-before-collection', 'warning', 'RECVDTM the day before COLLDT');
    const t = S('M032');
    mrdDefect('M032', { d: 540, m: 'NGS', r: 'NEGATIVE', visit: 'M18', recv: dt(t.rand, 541, '11:00'), proc: dt(t.rand, 541, '08:00') }, 'mrd.processed-before-received', 'warning', 'PROCDTM 3 hours before RECVDTM');
  }

  // ---- mrd.csv: MRD quality ----
  mrdDefect('M033', { d: 540, m: 'NGS', r: 'POSITIVE', visit: 'M18', level: '12' }, 'mrd.level-out-of-range', 'error', 'MRDLEVEL 12 (a percentage written as the level)');
  mrdDefect('M001', { d: 540, m: 'NGS', r: 'NEGATIVE', visit: 'M18', level: '0' }, 'mrd.level-zero-negative', 'info', 'MRDLEVEL 0 on a NEGATIVE');
  mrdDefect('M002', { d: 545, m: 'NGS', r: 'NEGATIVE', visit: 'M18', level: '4.0E-04' }, 'mrd.negative-with-level', 'error', 'NEGATIVE with MRDLEVEL 4.0E-04');
  mrdDefect('M004', { d: 540, m: 'NGS', r: 'POSITIVE', visit: 'M18' }, 'mrd.positive-no-level', 'warning', 'POSITIVE without MRDLEVEL');
  mrdDefect('M007', { d: 545, m: 'NGS', r: 'NEGATIVE', visit: 'M18', cells: undefined, dna: undefined, lod: undefined }, 'mrd.sensitivity-unknown', 'warning', 'NEGATIVE without CELLS, DNANG or LOD');
  mrdDefect('M008', { d: 545, m: 'NGS', r: 'NEGATIVE', visit: 'M18', cells: undefined, dna: 300, lod: undefined }, 'mrd.sensitivity-below-primary', 'warning', 'NGS NEGATIVE on 300 ng DNA (46,154 cells): LOD 2.2e-5');
  mrdDefect('M014', { d: 545, m: 'NGF', r: 'NEGATIVE', visit: 'M18', cells: 1500000 }, 'mrd.sensitivity-below-primary', 'warning', 'NGF NEGATIVE on 1.5 million cells: LOD 1.3e-5');
  mrdDefect('M013', { d: 545, m: 'NGS', r: 'NEGATIVE', visit: 'M18', cells: 1000000, lod: '1.0E-07' }, 'mrd.lod-below-one-cell', 'warning', 'lab LOD 1e-7 with 1,000,000 cells');
  mrdDefect('M020', { d: 540, m: 'NGF', r: 'POSITIVE', visit: 'M18', level: '8.0E-06', cells: 3000000 }, 'mrd.level-below-lloq', 'info', 'NGF POSITIVE at 8e-6 with 3 million cells (LLOQ 1.7e-5)');
  mrdDefect('M002', { d: 550, m: 'NGF', r: 'NEGATIVE', visit: 'M18', hemo: 'Y' }, 'mrd.hemodiluted-negative', 'warning', 'hemodiluted NGF negative');
  mrdDefect('M015', { d: 540, m: 'NGS', r: 'NEGATIVE', visit: 'M18', clone: 'N' }, 'mrd.ngs-no-clone', 'error', 'NGS NEGATIVE with CLONEID N');
  mrdDefect('M021', { d: 540, m: 'NGS', r: 'NEGATIVE', visit: 'M18', clone: null }, 'mrd.ngs-clone-unknown', 'warning', 'NGS NEGATIVE with CLONEID empty');
  // CENTRAL-NGS-CN never fills FAILRSN (systematic); CENTRAL-NGS-US does
  mrd(S('M003'), { d: 170, m: 'NGS', r: 'FAILED', visit: 'M6', fail: 'INSUFFICIENT_DNA' });
  mrd(S('M009'), { d: 172, m: 'NGS', r: 'FAILED', visit: 'M6', fail: 'SAMPLE_CLOTTED' });
  mrdDefect('M025', { d: 172, m: 'NGS', r: 'FAILED', visit: 'M6' }, 'mrd.failed-no-reason', 'warning', 'CENTRAL-NGS-CN: FAILED without FAILRSN');
  mrdDefect('M031', { d: 172, m: 'NGS', r: 'FAILED', visit: 'M6' }, 'mrd.failed-no-reason', 'warning', 'CENTRAL-NGS-CN: FAILED without FAILRSN');
  mrdDefect('M008', { d: 200, m: 'NGF', r: 'NEGATIVE', visit: 'UNSCHED', cells: 5000000, proc: null }, 'mrd.ngf-processing-time-missing', 'info', 'NGF sample without PROCDTM');
  // NGF in the experimental arm, on isatuximab: epitope masking risk (NGS is primary, NGF exploratory)
  for (const id of ['M001', 'M007', 'M013'])
    mrdDefect(id, { d: 182, m: 'NGF', r: 'NEGATIVE', visit: 'M6', cells: 5000000 }, 'mrd.anti-cd38-masking', 'warning', 'NGF negative on isatuximab (experimental arm)');
  mrdDefect('M008', { d: 90, m: 'NGF', r: 'NEGATIVE', visit: 'UNSCHED', cells: 5000000 }, 'mrd.anti-cd38-masking', 'warning', 'NGF negative 150 days after prior daratumumab ended');

  // ---- response.csv ----
  {
    const s = S('M004');
    defect(response(s, -5, 'PR'), 'M004', 'response.before-randomisation', 'warning', 'PR dated 5 days before randomisation');
    defect(response(S('M005'), '2024-07-20', 'PR'), 'M005', 'response.after-cutoff', 'info', 'assessment on 2024-07-20, after the cut-off');
    defect(response(S('M010'), 540, 'VGRP'), 'M010', 'value.allowed', 'error', 'AVALC "VGRP" (typo)');
    defect(response(S('M011'), '2022/05/04', 'PR'), 'M011', 'date.iso', 'error', 'ADT 2022/05/04 with slashes');
    const o = track(responseCsv, responseCsv.add(['M100', '2022-05-04', 'PR', 'N', 'POS']));
    defect(o, 'M100', 'orphan.subject', 'error', 'response for M100, who is not in subjects.csv');
    const m43 = track(responseCsv, responseCsv.add(['M043', dayToIso(bad.rand, 60), 'PR', 'N', 'POS']));
    defect(m43, 'M043', 'orphan.subject', 'error', 'response of M043, whose subjects.csv row is rejected');
  }
  // ---- imaging.csv ----
  {
    const s = S('M013');
    defect(track(imagingCsv, imagingCsv.add([s.id, dayToIso(s.rand, 735), 'PET', 'NEGATIVE', 'N'])), 'M013', 'value.allowed', 'error', 'MODALITY "PET" instead of PET-CT');
    defect(track(imagingCsv, imagingCsv.add(['M099', '2022-03-01', 'PET-CT', 'NEGATIVE', 'N'])), 'M099', 'orphan.subject', 'error', 'imaging for M099, who is not in subjects.csv');
  }
  // ---- tte.csv ----
  defect(track(tteCsv, tteCsv.add(['M101', 'PFS', '2021-05-01', CUTOFF, 1, undefined, 'DATA CUT-OFF'])), 'M101', 'orphan.subject', 'error', 'PFS for M101, who is not in subjects.csv');
  for (const p of ['PFS', 'OS'])
    defect(track(tteCsv, tteCsv.add(['M043', p, bad.rand, CUTOFF, 1, undefined, 'DATA CUT-OFF'])), 'M043', 'orphan.subject', 'error', `${p} of M043, whose subjects.csv row is rejected`);
  // ---- therapy.csv ----
  defect(track(therapyCsv, therapyCsv.add(['M102', 'LENALIDOMIDE', 'IMID', '2022-01-01', undefined, 'N'])), 'M102', 'orphan.subject', 'error', 'therapy for M102, who is not in subjects.csv');

  const files = new Map<string, string>();
  files.set('study.yaml', PLAN);
  const csvFiles = [subjectsCsv, mrdCsv, responseCsv, imagingCsv, tteCsv, therapyCsv];
  mrdCsv.sortBySubject(2);
  responseCsv.sortBySubject(1);
  imagingCsv.sortBySubject(1);
  tteCsv.sortBySubject(null);
  therapyCsv.sortBySubject(3);
  for (const f of csvFiles) files.set(f.name, f.text());
  const defects: Defect[] = pending.map(({ entry, ...d }) => ({ ...d, line: entry === null ? null : csvFiles.find((f) => f.name === d.file)!.lineOf(entry) }));
  defects.sort((a, b) => compareText(a.file, b.file) || (a.line ?? 1e9) - (b.line ?? 1e9) || compareText(a.rule, b.rule) || compareText(String(a.subject), String(b.subject)));
  files.set('README.md', readme(defects));
  return { files, defects };
}

const PLAN = `# Messy central-lab study for \`mrd validate\` (synthetic). See README.md for every seeded defect.
study: ${STUDY}
cutoff: ${CUTOFF}
arms:
  - { code: EXP, label: Isatuximab + VRd, control: false }
  - { code: CTL, label: VRd, control: true }
strata: [RISSGRP]
mrd:
  primaryMethod: NGS
  combine: primary-only
  thresholds: [1.0e-4, 1.0e-5, 1.0e-6]
  primaryThreshold: 1.0e-5
  ngf: { lodEvents: 20, lloqEvents: 50, maxHoursToProcessing: 24 }
  timepoints:
    - { name: M12, month: 12, windowMonths: 3 }
  sustained: { minGapDays: 365, requireImaging: true }
lang: en
`;

function readme(defects: Defect[]): string {
  const rows = defects.map((d) => `| ${d.file} | ${d.line ?? '—'} | ${d.subject ?? '—'} | \`${d.rule}\` | ${d.severity} | ${d.what} |`);
  return `# Messy-lab study ${STUDY} (synthetic)

A study folder whose central-lab and site data carry the problems \`mrd validate\` must find, written by
\`generate.ts\` (\`npm run build && node dist/data-samples/messy-lab/generate.js\`); this README is
written by the same script. \`test/validate/messyLab.test.ts\` checks that \`mrd validate\` reports
exactly the defects below, each at its file and line with its rule and severity, and nothing else.

The trial: 40 randomised subjects M001–M040 (isatuximab + VRd vs VRd), 6 sites, data cut-off ${CUTOFF};
subjects.csv also holds a duplicate row (M012) and three rows that cannot be used as they are (M041–M043). NGS
(clonoSEQ-like, primary, threshold 10^-5) at months 6, 12 and 24 from two central labs
(CENTRAL-NGS-US reports cells and LOD, CENTRAL-NGS-CN reports DNA input only, so cells come from
DNANG); NGF (EuroFlow-like, exploratory) from CENTRAL-NGF-EU and CENTRAL-NGF-CN. Baseline data are
clean by construction; every problem is seeded:

- **systematic**: CENTRAL-NGF-CN processes every NGF tube about 40 h after the collection day
  (\`mrd.ngf-processing-late\` on each of its rows), CENTRAL-NGS-CN leaves FAILRSN empty
  (\`mrd.failed-no-reason\`), three subjects have a baseline clone-identification marrow before
  randomisation (\`mrd.pre-randomisation-positive\`, info), and NGF samples in the experimental arm
  are taken on isatuximab (\`mrd.anti-cd38-masking\`); each is one line of the summary;
- **cascades**: the subjects.csv row of M043 is rejected (\`value.allowed\`), so its response and tte
  rows become \`orphan.subject\`.

Expected exit status of \`mrd validate\`: 1 (error-severity issues present).

| file | line | subject | rule | severity | seeded defect |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // dist/data-samples/messy-lab/generate.js writes into data-samples/messy-lab/
  const here = dirname(fileURLToPath(import.meta.url));
  const target = here.includes('/dist/') ? here.replace('/dist/', '/') : here;
  const { files, defects } = messyLabStudy();
  for (const [name, text] of files) writeFileSync(join(target, name), text);
  console.log(`wrote ${files.size} files with ${defects.length} seeded defects to ${target}`);
}
