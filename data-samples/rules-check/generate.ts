/**
 * Generator of the synthetic "rules-check" study (no patient data): ~300 subjects written to exercise every
 * derivation rule of docs/rules.md densely, for the independent R oracle test/oracle/rulesCheck.R.
 *
 * The first subjects each carry one hand-written edge case (a "template": date boundaries, progression,
 * new therapy, pairing of NGS and NGF samples, sustained negativity with gaps of 364/365/366 days and
 * imaging at the span ends, samples at the edges of the M12 window, ...); the others get a random
 * visit schedule whose sample attributes are drawn from menus of boundary values (LOD exactly at and
 * just above each threshold from lab LOD, NGF events, NGS cells and NGS DNA; levels at, just below and
 * just above each threshold; failures, not done, hemodilution, peripheral blood, local labs). Hand-written
 * subjects appended after those (EXTRAS) show the composite MRD_NEG_IMAGING_FLC (imaging and FLC windows, EMD), the
 * NGF anti-CD38 and masked-CR flags, and assay failures (no reason given, other labs).
 *
 * Two study folders are written with the same CSV files and different plans:
 * - data-samples/rules-check/       combine: primary-then-secondary (NGS primary);
 * - data-samples/rules-check-both/  combine: both-negative, hemodilutedNegative: negative, ngs.lodCells: 3.
 *
 * Run: npm run build --silent && node dist/data-samples/rules-check/generate.js
 * (rewrites the files of both folders). Seeded (mulberry32), so the output never changes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../random.js';

export const SEED = 20240917;
export const N_SUBJECTS = 300;
export const CUTOFF = '2025-06-30';
const FIRST_RAND = '2021-07-01';

type Method = 'NGS' | 'NGF';
type Result = 'NEGATIVE' | 'POSITIVE' | 'FAILED' | 'NOT DONE';
type Category = 'SCR' | 'CR' | 'VGPR' | 'PR' | 'MR' | 'SD' | 'PD' | 'NE';

interface Sens {
  cells?: string;
  dna?: string;
  lod?: string;
}
interface Sample extends Sens {
  /** collection day relative to randomisation */
  d: number;
  m: Method;
  r: Result;
  spec?: 'BM' | 'PB' | '';
  central?: 'Y' | 'N' | '';
  level?: string;
  hemo?: 'Y' | 'N' | '';
  fail?: string;
  clonalev?: string;
  /** LAB; default LOCAL-07 for a local sample, else CENTRAL-<method> */
  lab?: string;
}
/** Overrides of a response row's FLCNORM (default Y for sCR) and IFE (default NEG for CR and sCR); '' leaves it empty. */
interface RespExtra {
  flc?: 'Y' | 'N' | '';
  ife?: 'NEG' | 'POS' | '';
}
interface Subject {
  id: string;
  arm: 'EXP' | 'CTL';
  /** randomisation date, ISO */
  rand: string;
  itt: 'Y' | 'N' | '';
  age: number;
  agegrp: string;
  rissgrp: string;
  riss: string;
  sex: 'M' | 'F';
  resp: [number, Category, RespExtra?][];
  samples: Sample[];
  /** [day, result, modality, EMD (default N)] */
  imaging: [number, 'NEGATIVE' | 'POSITIVE', string, ('Y' | 'N' | '')?][];
  /** [drug, class, start day, end day or undefined, NEWTHER] */
  therapy: [string, string, number, number | undefined, 'Y' | 'N'][];
  /** PFS: day and CNSR (0 event); undefined = censored at the last assessment or cut-off */
  pfs?: [number, 0 | 1];
  /** death day, if any */
  death?: number;
  /** what the subject is there to show */
  why: string;
  /** ISOTYPE; default IGG-KAPPA for every third subject, else IGA-LAMBDA */
  isotype?: string;
}

// ------------------------------------------------------------------------------------------------
// PRNG (mulberry32) and small helpers

const DAY_MS = 86_400_000;
function dayNumber(iso: string): number {
  return Math.round(Date.parse(iso + 'T00:00:00Z') / DAY_MS);
}
function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
function addDays(iso: string, d: number): string {
  return isoOf(dayNumber(iso) + d);
}

// ------------------------------------------------------------------------------------------------
// Menus of boundary values. Thresholds are 1e-4, 1e-5, 1e-6; NGF LOD = 20 / CELLS; NGS LOD = 1 / cells in
// rules-check and 3 / cells in rules-check-both; cells from DNA = DNANG * 1000 / 6.5.
const NGS_SENS: [Sens, number][] = [
  [{ cells: '2000000' }, 14], // 5e-7 (both: 1.5e-6)
  [{ cells: '1000000' }, 4], // exactly 1e-6 (both: 3e-6)
  [{ cells: '999999' }, 2], // just above 1e-6
  [{ cells: '100000' }, 3], // exactly 1e-5
  [{ cells: '99999' }, 2], // just above 1e-5
  [{ cells: '10000' }, 2], // exactly 1e-4
  [{ cells: '9999' }, 1], // just above 1e-4
  [{ cells: '500000' }, 2], // 2e-6
  [{ cells: '300000' }, 2], // 3.3e-6 (both: exactly 1e-5)
  [{ cells: '299999' }, 1], // (both: just above 1e-5)
  [{ cells: '3000000' }, 3], // 3.3e-7 (both: exactly 1e-6)
  [{ cells: '2999999' }, 1], // (both: just above 1e-6)
  [{ cells: '50000' }, 1], // 2e-5
  [{ dna: '650' }, 3], // 1e5 cells: exactly 1e-5
  [{ dna: '649.9' }, 2], // just above 1e-5
  [{ dna: '6500' }, 3], // exactly 1e-6
  [{ dna: '6499' }, 1], // just above 1e-6
  [{ dna: '65' }, 1], // exactly 1e-4
  [{ dna: '13000' }, 6], // 5e-7
  [{ dna: '1950' }, 2], // 3e5 cells (both: exactly 1e-5)
  [{ dna: '1949.9' }, 1], // (both: just above 1e-5)
  [{ dna: '19500' }, 2], // 3e6 cells (both: exactly 1e-6)
  [{ cells: '100000', dna: '13000' }, 1], // CELLS wins over DNANG: 1e-5
  [{ lod: '1.0E-05' }, 3],
  [{ lod: '1.01E-05' }, 1],
  [{ lod: '1.000001E-05' }, 1],
  [{ lod: '1.0000000001E-05' }, 1], // within the 1e-9 relative slack: reaches 1e-5
  [{ lod: '1.0E-06' }, 2],
  [{ lod: '1.1E-06' }, 1],
  [{ lod: '1.0E-04' }, 1],
  [{ lod: '1.0E-04', cells: '2000000' }, 1], // lab LOD wins over cells
  [{ lod: '2.0E-06' }, 1],
  [{ lod: '5.0E-07' }, 1],
  [{}, 2], // nothing: no sensitivity
];
const NGF_SENS: [Sens, number][] = [
  [{ cells: '2000000' }, 5], // exactly 1e-5
  [{ cells: '1999999' }, 2], // just above 1e-5
  [{ cells: '20000000' }, 3], // exactly 1e-6
  [{ cells: '19999999' }, 1],
  [{ cells: '200000' }, 2], // exactly 1e-4
  [{ cells: '199999' }, 1],
  [{ cells: '4000000' }, 3], // 5e-6
  [{ cells: '10000000' }, 3], // 2e-6
  [{ cells: '40000000' }, 10], // 5e-7
  [{ cells: '1000000' }, 1], // 2e-5
  [{ dna: '13000' }, 1], // NGF ignores DNA: no sensitivity
  [{ lod: '1.0E-05' }, 2],
  [{ lod: '1.2E-05' }, 1],
  [{ lod: '1.0E-06' }, 1],
  [{ lod: '3.0E-06', cells: '40000000' }, 1], // lab LOD wins
  [{}, 2],
];
const POS_LEVELS: [string, number][] = [
  ['1.0E-04', 2],
  ['1.0E-05', 3],
  ['1.0E-06', 3],
  ['9.9E-05', 1],
  ['9.9E-06', 2],
  ['9.9E-07', 2],
  ['1.01E-05', 1],
  ['1.01E-06', 1],
  ['2.0E-03', 4],
  ['3.0E-05', 2],
  ['5.0E-06', 3],
  ['4.0E-07', 2],
  ['', 3], // positive with no level
];
const NGS_FAIL = ['INSUFFICIENT_DNA', 'NO_TRACKABLE_CLONE', 'SAMPLE_CLOTTED'];
const NGF_FAIL = ['STAINING_QC_FAIL', 'SAMPLE_TOO_OLD', 'LOW_EVENT_COUNT'];

/** A sample with random but boundary-rich attributes. */
function randomSample(rng: Rng, d: number, m: Method, result?: Result, pNeg = 0.6): Sample {
  const r: Result = result ?? rng.weighted<Result>([['NEGATIVE', 85 * pNeg], ['POSITIVE', 85 * (1 - pNeg)], ['FAILED', 10], ['NOT DONE', 5]]);
  const s: Sample = { d, m, r, ...rng.weighted(m === 'NGS' ? NGS_SENS : NGF_SENS) };
  if (r === 'POSITIVE') {
    s.level = rng.weighted(POS_LEVELS);
    if (s.level && rng.chance(0.5)) s.clonalev = String(rng.int(1, 400));
  } else if (r === 'NEGATIVE') {
    // a negative with a quantified level is rare but defined: the level decides against T
    if (rng.chance(0.05)) s.level = rng.pick(['2.0E-06', '5.0E-07', '1.0E-05']);
  } else if (r === 'FAILED') {
    s.fail = rng.pick(m === 'NGS' ? NGS_FAIL : NGF_FAIL);
    if (rng.chance(0.3)) {
      delete s.cells;
      delete s.dna;
      delete s.lod;
    }
    if (rng.chance(0.1)) s.level = '2.0E-03'; // failed first: never POS
  } else {
    delete s.cells;
    delete s.dna;
    delete s.lod;
    if (rng.chance(0.2)) s.level = '1.0E-03';
  }
  s.hemo = rng.weighted<'Y' | 'N' | ''>([['N', 70], ['', 18], ['Y', 12]]);
  s.spec = rng.weighted<'BM' | 'PB' | ''>([['BM', 85], ['', 10], ['PB', 5]]);
  s.central = rng.weighted<'Y' | 'N' | ''>([['Y', 85], ['', 10], ['N', 5]]);
  return s;
}

/** A bone-marrow, central, sensitive sample of the given result (used by the templates). */
function clean(d: number, m: Method, r: Result, extra: Partial<Sample> = {}): Sample {
  const base: Sample = { d, m, r, spec: 'BM', central: 'Y', hemo: 'N' };
  if (r === 'NEGATIVE' || r === 'POSITIVE') Object.assign(base, m === 'NGS' ? { cells: '3000000' } : { cells: '40000000' });
  if (r === 'POSITIVE') base.level = '2.0E-03';
  if (r === 'FAILED') base.fail = m === 'NGS' ? 'INSUFFICIENT_DNA' : 'STAINING_QC_FAIL';
  return { ...base, ...extra };
}

// ------------------------------------------------------------------------------------------------
// Responses
const LADDER: Category[] = ['SD', 'MR', 'PR', 'VGPR', 'CR', 'SCR'];

/** Assessments every 56 days from day 28 up to `until`, climbing to `best` by `bestDay`. */
function ladderResponses(rng: Rng, until: number, best: Category, bestDay: number): [number, Category][] {
  const out: [number, Category][] = [];
  const top = LADDER.indexOf(best);
  for (let d = 28; d <= until; d += 56) {
    if (top < 0) {
      out.push([d, best]);
      continue;
    }
    let k: number;
    if (d >= bestDay) k = top;
    else k = Math.max(0, Math.min(top - 1, Math.floor((top * d) / Math.max(bestDay, 1))));
    const cat = rng.chance(0.03) ? 'NE' : LADDER[k];
    out.push([d, cat]);
  }
  return out;
}

function randomBest(rng: Rng): Category {
  return rng.weighted<Category>([['SCR', 14], ['CR', 26], ['VGPR', 22], ['PR', 20], ['MR', 5], ['SD', 8], ['NE', 2]]);
}

// ------------------------------------------------------------------------------------------------
// Templates: each one shapes one subject to show one rule (the rest of the subject is plain).
type Template = (s: Subject, rng: Rng, fu: number) => void;

const cr = (s: Subject, rng: Rng, fu: number, crDay = 180): void => {
  s.resp = ladderResponses(rng, Math.min(fu, 1000), rng.chance(0.3) ? 'SCR' : 'CR', crDay).filter(([, c]) => c !== 'NE');
};

const TEMPLATES: [string, Template][] = [
  ['sample on the randomisation day counts, the day before does not', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(-1, 'NGS', 'NEGATIVE'), clean(0, 'NGS', 'NEGATIVE', { cells: '500000' }));
  }],
  ['sample on the cut-off day counts, the day after does not', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(fu, 'NGS', 'NEGATIVE', { dna: '650', cells: undefined }), clean(fu + 1, 'NGS', 'NEGATIVE'), clean(fu + 40, 'NGF', 'NEGATIVE'));
  }],
  ['PD response and PFS event on the same day: sample that day excluded, day before counts', (s, rng) => {
    const p = rng.int(250, 500);
    s.resp = ladderResponses(rng, p - 1, 'CR', 150).concat([[p, 'PD']]);
    s.pfs = [p, 0];
    s.samples.push(clean(p - 1, 'NGS', 'NEGATIVE'), clean(p, 'NGS', 'NEGATIVE'), clean(p + 30, 'NGS', 'POSITIVE'));
  }],
  ['PFS event 20 days before the PD response: the earlier date is progression', (s, rng) => {
    const p = rng.int(250, 500);
    s.resp = ladderResponses(rng, p - 25, 'VGPR', 150).concat([[p - 20 + 5, 'CR'], [p, 'PD']]);
    s.pfs = [p - 20, 0];
    s.samples.push(clean(p - 21, 'NGS', 'NEGATIVE'), clean(p - 20, 'NGS', 'NEGATIVE'), clean(p - 5, 'NGF', 'NEGATIVE'));
  }],
  ['PD response 15 days before the PFS event date', (s, rng) => {
    const p = rng.int(250, 500);
    s.resp = ladderResponses(rng, p - 1, 'CR', 120).concat([[p, 'PD']]);
    s.pfs = [p + 15, 0];
    s.samples.push(clean(p - 3, 'NGS', 'NEGATIVE'), clean(p + 5, 'NGS', 'NEGATIVE'));
  }],
  ['PD before randomisation is ignored', (s, rng, fu) => {
    cr(s, rng, fu);
    s.resp.unshift([-3, 'PD']);
    s.samples.push(clean(100, 'NGS', 'NEGATIVE'));
  }],
  ['PD on the randomisation day: every sample is after progression; best response PD', (s) => {
    s.resp = [[0, 'PD'], [56, 'CR']];
    s.pfs = [0, 0];
    s.samples.push(clean(0, 'NGS', 'NEGATIVE'), clean(60, 'NGS', 'NEGATIVE'));
  }],
  ['death (PFS event) without a PD response', (s, rng) => {
    const p = rng.int(300, 600);
    s.resp = ladderResponses(rng, p - 10, 'CR', 200);
    s.pfs = [p, 0];
    s.death = p;
    s.samples.push(clean(p - 10, 'NGS', 'NEGATIVE'), clean(p, 'NGS', 'NEGATIVE'));
  }],
  ['PD response after the cut-off, PFS censored', (s, rng, fu) => {
    s.resp = ladderResponses(rng, fu, 'CR', 200).concat([[fu + 10, 'PD']]);
    s.samples.push(clean(Math.min(fu, 300), 'NGS', 'NEGATIVE'), clean(fu + 12, 'NGS', 'NEGATIVE'));
  }],
  ['new therapy: sample on its start day excluded, day before counts; CR on that day not counted', (s, rng) => {
    const n = rng.int(300, 500);
    s.resp = ladderResponses(rng, n - 1, 'VGPR', 100).concat([[n, 'CR'], [n + 56, 'SCR']]);
    s.therapy.push(['LENALIDOMIDE', 'IMID', 0, n - 30, 'N'], ['DARATUMUMAB', 'ANTI-CD38', n, undefined, 'Y'], ['CARFILZOMIB', 'PI', n + 200, undefined, 'Y']);
    s.samples.push(clean(n - 1, 'NGS', 'NEGATIVE', { cells: '500000' }), clean(n, 'NGS', 'NEGATIVE'), clean(n + 50, 'NGF', 'NEGATIVE'));
  }],
  ['new therapy before progression: reasons in order (progression first once both apply)', (s, rng) => {
    const n = rng.int(250, 400);
    s.resp = ladderResponses(rng, n - 1, 'CR', 100).concat([[n + 100, 'PD']]);
    s.pfs = [n + 100, 0];
    s.therapy.push(['ISATUXIMAB', 'ANTI-CD38', n, undefined, 'Y']);
    s.samples.push(clean(n - 2, 'NGS', 'POSITIVE', { level: '5.0E-06' }), clean(n + 10, 'NGS', 'NEGATIVE'), clean(n + 150, 'NGS', 'NEGATIVE'));
  }],
  ['a NEWTHER = N therapy does not stop anything', (s, rng, fu) => {
    cr(s, rng, fu);
    s.therapy.push(['BORTEZOMIB', 'PI', 0, 200, 'N'], ['LENALIDOMIDE', 'IMID', 200, undefined, 'N']);
    s.samples.push(clean(250, 'NGS', 'NEGATIVE', { cells: '100000' }));
  }],
  ['peripheral blood, local lab, both, empty SPEC and CENTRAL', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(
      clean(150, 'NGS', 'NEGATIVE', { spec: 'PB' }),
      clean(160, 'NGS', 'NEGATIVE', { central: 'N' }),
      clean(170, 'NGS', 'NEGATIVE', { spec: 'PB', central: 'N' }),
      clean(-5, 'NGS', 'NEGATIVE', { central: 'N' }),
      clean(200, 'NGS', 'NEGATIVE', { spec: '', central: '', cells: '1000000' }),
    );
  }],
  ['PB sample after the cut-off: the specimen reason comes first', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(fu + 5, 'NGF', 'NEGATIVE', { spec: 'PB' }), clean(fu - 100, 'NGF', 'NEGATIVE', { cells: '2000000' }));
  }],
  ['sustained: NEG pair 365 days apart, imaging at the first NEG', (s, rng, fu) => {
    cr(s, rng, fu);
    const d = rng.int(150, 250);
    s.samples.push(clean(d, 'NGS', 'NEGATIVE'), clean(d + 365, 'NGS', 'NEGATIVE'));
    s.imaging.push([d, 'NEGATIVE', 'PET-CT']);
  }],
  ['sustained: NEG pair 364 days apart is too short', (s, rng, fu) => {
    cr(s, rng, fu);
    const d = rng.int(150, 250);
    s.samples.push(clean(d, 'NGS', 'NEGATIVE'), clean(d + 364, 'NGS', 'NEGATIVE'));
    s.imaging.push([d + 100, 'NEGATIVE', 'PET-CT']);
  }],
  ['sustained: 365 days, imaging on the second NEG day', (s, rng, fu) => {
    cr(s, rng, fu);
    const d = rng.int(150, 250);
    s.samples.push(clean(d, 'NGF', 'NEGATIVE'), clean(d + 365, 'NGS', 'NEGATIVE'));
    s.imaging.push([d + 365, 'NEGATIVE', 'MRI']);
  }],
  ['sustained: imaging one day outside each end of the span', (s, rng, fu) => {
    cr(s, rng, fu);
    const d = rng.int(150, 250);
    s.samples.push(clean(d, 'NGS', 'NEGATIVE'), clean(d + 400, 'NGS', 'NEGATIVE'));
    s.imaging.push([d - 1, 'NEGATIVE', 'PET-CT'], [d + 401, 'NEGATIVE', 'PET-CT'], [d + 200, 'POSITIVE', 'PET-CT']);
  }],
  ['sustained: a POS between the negatives breaks it', (s, rng, fu) => {
    cr(s, rng, fu);
    const d = rng.int(150, 250);
    s.samples.push(clean(d, 'NGS', 'NEGATIVE'), clean(d + 180, 'NGS', 'POSITIVE'), clean(d + 400, 'NGS', 'NEGATIVE'));
    s.imaging.push([d + 200, 'NEGATIVE', 'PET-CT']);
  }],
  ['sustained: a POS only at 1e-6 between the negatives breaks it at 1e-6 only', (s, rng, fu) => {
    cr(s, rng, fu);
    const d = rng.int(150, 250);
    s.samples.push(clean(d, 'NGS', 'NEGATIVE'), clean(d + 180, 'NGS', 'POSITIVE', { level: '5.0E-06' }), clean(d + 400, 'NGS', 'NEGATIVE'));
    s.imaging.push([d + 10, 'NEGATIVE', 'PET-CT']);
  }],
  ['sustained: a failed sample between the negatives neither breaks nor counts', (s, rng, fu) => {
    cr(s, rng, fu);
    const d = rng.int(150, 250);
    s.samples.push(clean(d, 'NGS', 'NEGATIVE'), clean(d + 180, 'NGS', 'FAILED'), clean(d + 182, 'NGS', 'NOT DONE'), clean(d + 365, 'NGS', 'NEGATIVE'));
    s.imaging.push([d + 300, 'NEGATIVE', 'PET-CT']);
  }],
  ['sustained: only the pair after the last POS is long enough', (s, rng, fu) => {
    cr(s, rng, fu);
    const d = rng.int(100, 150);
    s.samples.push(clean(d, 'NGS', 'NEGATIVE'), clean(d + 90, 'NGS', 'POSITIVE', { level: '3.0E-05' }), clean(d + 180, 'NGS', 'NEGATIVE'), clean(d + 360, 'NGS', 'NEGATIVE'), clean(d + 545, 'NGS', 'NEGATIVE'));
    s.imaging.push([d + 30, 'NEGATIVE', 'PET-CT'], [d + 181, 'NEGATIVE', 'PET-CT']);
  }],
  ['sustained: a hemodiluted negative in the middle of the pair', (s, rng, fu) => {
    cr(s, rng, fu);
    const d = rng.int(150, 250);
    s.samples.push(clean(d, 'NGS', 'NEGATIVE'), clean(d + 200, 'NGS', 'NEGATIVE', { hemo: 'Y' }), clean(d + 365, 'NGS', 'NEGATIVE', { hemo: 'Y' }), clean(d + 366, 'NGF', 'NEGATIVE'));
    s.imaging.push([d + 365, 'NEGATIVE', 'PET-CT']);
  }],
  ['sustained: no imaging at all', (s, rng, fu) => {
    cr(s, rng, fu);
    const d = rng.int(150, 250);
    s.samples.push(clean(d, 'NGS', 'NEGATIVE'), clean(d + 500, 'NGS', 'NEGATIVE'));
  }],
  ['sustained: second NEG after progression does not count', (s, rng) => {
    const d = rng.int(150, 250);
    s.resp = ladderResponses(rng, d + 300, 'CR', 120).concat([[d + 380, 'PD']]);
    s.pfs = [d + 380, 0];
    s.samples.push(clean(d, 'NGS', 'NEGATIVE'), clean(d + 300, 'NGS', 'NEGATIVE'), clean(d + 400, 'NGS', 'NEGATIVE'));
    s.imaging.push([d + 10, 'NEGATIVE', 'PET-CT']);
  }],
  ['sustained (both methods): NGS and NGF negative on both days, 365 days apart', (s, rng, fu) => {
    cr(s, rng, fu);
    const d = rng.int(150, 250);
    s.samples.push(clean(d, 'NGS', 'NEGATIVE'), clean(d + 2, 'NGF', 'NEGATIVE'), clean(d + 365, 'NGS', 'NEGATIVE'), clean(d + 365, 'NGF', 'NEGATIVE'));
    s.imaging.push([d + 180, 'NEGATIVE', 'PET-CT']);
  }],
  ['sustained (both methods): second NGF at LOD 1e-5 and hemodiluted', (s, rng, fu) => {
    cr(s, rng, fu);
    const d = rng.int(150, 250);
    s.samples.push(clean(d, 'NGS', 'NEGATIVE'), clean(d - 1, 'NGF', 'NEGATIVE'), clean(d + 380, 'NGS', 'NEGATIVE'), clean(d + 383, 'NGF', 'NEGATIVE', { cells: '2000000', hemo: 'Y' }));
    s.imaging.push([d + 380, 'NEGATIVE', 'PET-CT']);
  }],
  ['sustained (both methods): 364 days between the pairs, second NGF failed in a later pair', (s, rng, fu) => {
    cr(s, rng, fu);
    const d = rng.int(150, 250);
    s.samples.push(clean(d, 'NGS', 'NEGATIVE'), clean(d, 'NGF', 'NEGATIVE'), clean(d + 364, 'NGS', 'NEGATIVE'), clean(d + 364, 'NGF', 'NEGATIVE'), clean(d + 500, 'NGS', 'NEGATIVE'), clean(d + 505, 'NGF', 'FAILED'));
    s.imaging.push([d + 200, 'NEGATIVE', 'PET-CT']);
  }],
  ['M12 window (both methods): pair at days 274 and 280', (s, rng, fu) => {
    cr(s, rng, fu, 120);
    s.samples.push(clean(274, 'NGS', 'NEGATIVE'), clean(280, 'NGF', 'NEGATIVE', { cells: '4000000' }));
  }],
  ['M12 window (both methods): pair at days 457 and 455 (the NGS date decides)', (s, rng, fu) => {
    cr(s, rng, fu, 120);
    s.samples.push(clean(457, 'NGS', 'NEGATIVE'), clean(455, 'NGF', 'NEGATIVE'));
  }],
  ['M12 window: lone NGF negative on day 456', (s, rng, fu) => {
    cr(s, rng, fu, 120);
    s.samples.push(clean(456, 'NGF', 'NEGATIVE'), clean(470, 'NGS', 'FAILED'));
  }],
  ['M12 window: NEG on day 273 (outside) and CR early', (s, rng, fu) => {
    cr(s, rng, fu, 120);
    s.samples.push(clean(273, 'NGS', 'NEGATIVE'));
  }],
  ['M12 window: NEG on day 274 (inside)', (s, rng, fu) => {
    cr(s, rng, fu, 120);
    s.samples.push(clean(274, 'NGS', 'NEGATIVE'));
  }],
  ['M12 window: NEG on day 456 (inside)', (s, rng, fu) => {
    cr(s, rng, fu, 120);
    s.samples.push(clean(456, 'NGS', 'NEGATIVE'));
  }],
  ['M12 window: NEG on day 457 (outside)', (s, rng, fu) => {
    cr(s, rng, fu, 120);
    s.samples.push(clean(457, 'NGS', 'NEGATIVE'));
  }],
  ['M12 window: CR first recorded on day 456 (in time)', (s) => {
    s.resp = [[56, 'PR'], [168, 'VGPR'], [456, 'CR'], [600, 'CR']];
    s.samples.push(clean(300, 'NGS', 'NEGATIVE'));
  }],
  ['M12 window: CR first recorded on day 457 (too late); still an MRD-negative CR', (s) => {
    s.resp = [[56, 'PR'], [168, 'VGPR'], [457, 'CR'], [600, 'SCR']];
    s.samples.push(clean(300, 'NGS', 'NEGATIVE'));
  }],
  ['M12 window: NEG at 1e-4 only inside the window', (s, rng, fu) => {
    cr(s, rng, fu, 120);
    s.samples.push(clean(350, 'NGS', 'NEGATIVE', { cells: '10000' }), clean(500, 'NGS', 'NEGATIVE'));
  }],
  ['pairing: NGS failed, NGF negative 3 days later', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(200, 'NGS', 'FAILED'), clean(203, 'NGF', 'NEGATIVE'));
  }],
  ['pairing: NGS negative, NGF positive the same day', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(200, 'NGS', 'NEGATIVE'), clean(200, 'NGF', 'POSITIVE'));
  }],
  ['pairing: NGS LOD 1e-4, NGF negative 7 days later (paired)', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(200, 'NGS', 'NEGATIVE', { cells: '10000' }), clean(207, 'NGF', 'NEGATIVE'));
  }],
  ['pairing: NGS failed, NGF negative 8 days later (not paired)', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(200, 'NGS', 'FAILED'), clean(208, 'NGF', 'NEGATIVE'));
  }],
  ['pairing: NGF 7 days before (negative) and 7 days after (positive): the earlier secondary wins the tie', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(200, 'NGS', 'NOT DONE'), clean(193, 'NGF', 'NEGATIVE'), clean(207, 'NGF', 'POSITIVE'));
  }],
  ['pairing: two NGS 6 days apart, NGF in the middle: the earlier primary wins the tie', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(200, 'NGS', 'FAILED'), clean(206, 'NGS', 'NEGATIVE'), clean(203, 'NGF', 'POSITIVE'));
  }],
  ['pairing: chain NGS d0, NGF d5, NGS d6: the closest pair is made', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(200, 'NGS', 'FAILED'), clean(205, 'NGF', 'NEGATIVE'), clean(206, 'NGS', 'NEGATIVE'));
  }],
  ['pairing: the NGF partner is peripheral blood (excluded), so no pair', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(200, 'NGS', 'FAILED'), clean(201, 'NGF', 'NEGATIVE', { spec: 'PB' }));
  }],
  ['pairing: NGF before randomisation, NGS on day 2', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(-2, 'NGF', 'NEGATIVE'), clean(2, 'NGS', 'FAILED'), clean(300, 'NGF', 'POSITIVE', { level: '' }));
  }],
  ['pairing: NGS and NGF both negative the same day', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(200, 'NGS', 'NEGATIVE'), clean(200, 'NGF', 'NEGATIVE'), clean(600, 'NGS', 'NEGATIVE'), clean(601, 'NGF', 'NEGATIVE', { cells: '2000000' }));
    s.imaging.push([400, 'NEGATIVE', 'PET-CT']);
  }],
  ['pairing: hemodiluted NGS negative with an NGF negative; hemodiluted NGF with NGS negative', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(200, 'NGS', 'NEGATIVE', { hemo: 'Y' }), clean(202, 'NGF', 'NEGATIVE'), clean(400, 'NGS', 'NEGATIVE'), clean(399, 'NGF', 'NEGATIVE', { hemo: 'Y' }));
  }],
  ['pairing: lone NGF samples only', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(200, 'NGF', 'NEGATIVE'), clean(400, 'NGF', 'FAILED'), clean(600, 'NGF', 'NEGATIVE', { cells: '4000000' }));
    s.imaging.push([450, 'NEGATIVE', 'PET-CT']);
  }],
  ['pairing: NGS positive, NGF negative: the primary decides', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(200, 'NGS', 'POSITIVE', { level: '3.0E-05' }), clean(204, 'NGF', 'NEGATIVE'));
  }],
  ['no sample, CR', (s, rng, fu) => {
    cr(s, rng, fu);
  }],
  ['no sample, no response assessment', (s) => {
    s.resp = [];
  }],
  ['ITTFL = N with a negative sample', (s, rng, fu) => {
    s.itt = 'N';
    cr(s, rng, fu);
    s.samples.push(clean(200, 'NGS', 'NEGATIVE'));
  }],
  ['best response: CR before randomisation and after the cut-off do not count', (s, rng, fu) => {
    s.resp = [[-4, 'CR'], [56, 'PR'], [200, 'VGPR'], [fu, 'VGPR'], [fu + 1, 'CR']];
    s.samples.push(clean(210, 'NGS', 'NEGATIVE'));
  }],
  ['best response: CR on the cut-off day counts', (s, rng, fu) => {
    s.resp = [[56, 'PR'], [200, 'VGPR'], [fu, 'CR']];
    s.samples.push(clean(210, 'NGS', 'NEGATIVE'));
  }],
  ['best response: CR after progression does not count', (s) => {
    s.resp = [[56, 'PR'], [112, 'VGPR'], [300, 'PD'], [360, 'CR']];
    s.pfs = [300, 0];
    s.samples.push(clean(250, 'NGS', 'NEGATIVE'));
  }],
  ['best response: only NE assessments', (s) => {
    s.resp = [[56, 'NE'], [112, 'NE']];
    s.samples.push(clean(150, 'NGS', 'NEGATIVE'));
  }],
  ['positive with a level exactly at each threshold', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(150, 'NGS', 'POSITIVE', { level: '1.0E-04' }), clean(300, 'NGS', 'POSITIVE', { level: '1.0E-05' }), clean(450, 'NGS', 'POSITIVE', { level: '1.0E-06' }));
  }],
  ['positive below the threshold with an LOD too high for it', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(150, 'NGS', 'POSITIVE', { level: '4.0E-07', cells: '100000' }), clean(300, 'NGF', 'POSITIVE', { level: '5.0E-06', cells: '2000000' }));
  }],
  ['negative with a quantified level', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(150, 'NGS', 'NEGATIVE', { level: '2.0E-06' }));
  }],
  ['failed and not done with a level: never POS', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(150, 'NGS', 'FAILED', { level: '2.0E-03' }), clean(300, 'NGS', 'NOT DONE', { level: '2.0E-03' }));
  }],
  ['hemodiluted negative with an LOD too high: LOD reason first', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(150, 'NGS', 'NEGATIVE', { hemo: 'Y', cells: '100000' }));
  }],
  ['NGF negative with DNA only: no sensitivity', (s, rng, fu) => {
    cr(s, rng, fu);
    s.samples.push(clean(150, 'NGF', 'NEGATIVE', { cells: undefined, dna: '13000' }));
  }],
];

// ------------------------------------------------------------------------------------------------
/** Random visit schedule: MRD visits around 6-monthly, NGS, NGF or both (sometimes a few days apart). */
function randomSchedule(rng: Rng, s: Subject, fu: number, stop: number, pNeg: number): void {
  const visits = [rng.int(-20, 3), 180, 270, 365, 455, 545, 730, 910, 1095, 1280];
  for (const v of visits) {
    if (!rng.chance(0.55)) continue;
    const d = v + rng.int(-10, 10);
    if (d > stop + 40) break;
    const kind = rng.weighted<'NGS' | 'NGF' | 'BOTH'>([['NGS', 35], ['NGF', 15], ['BOTH', 50]]);
    let ngs: Sample | undefined;
    if (kind !== 'NGF') s.samples.push((ngs = randomSample(rng, d, 'NGS', undefined, pNeg)));
    if (kind !== 'NGS') {
      // the NGF result of a paired visit mostly agrees with the NGS one
      const same = ngs && (ngs.r === 'NEGATIVE' || ngs.r === 'POSITIVE') && rng.chance(0.7) ? ngs.r : undefined;
      s.samples.push(randomSample(rng, kind === 'BOTH' ? d + rng.pick([-9, -8, -7, -5, -2, 0, 0, 0, 0, 0, 1, 2, 3, 6, 7, 8]) : d, 'NGF', same, pNeg));
    }
  }
  // sometimes a repeat after a failure or an extra sample near the cut-off
  if (rng.chance(0.1)) s.samples.push(randomSample(rng, fu + rng.int(-3, 3), rng.pick(['NGS', 'NGF'] as const), undefined, pNeg));
  // sustained-style exact gaps between two clean NGS negatives
  if (rng.chance(0.15)) {
    const d = rng.int(100, 400);
    const gap = rng.pick([364, 365, 365, 366]);
    s.samples.push(randomSample(rng, d, 'NGS', 'NEGATIVE'), randomSample(rng, d + gap, 'NGS', 'NEGATIVE'));
    if (rng.chance(0.7)) s.samples.push(randomSample(rng, d + rng.int(-3, 3), 'NGF', 'NEGATIVE'), randomSample(rng, d + gap + rng.int(-3, 3), 'NGF', 'NEGATIVE'));
    if (rng.chance(0.7)) s.imaging.push([rng.pick([d - 1, d, d + 100, d + gap, d + gap + 1]), 'NEGATIVE', 'PET-CT']);
  }
}

function makeSubject(rng: Rng, i: number, arm: 'EXP' | 'CTL', template: [string, Template] | undefined): Subject {
  const cutDay = dayNumber(CUTOFF);
  const randDay = dayNumber(FIRST_RAND) + Math.floor((i * 1180) / N_SUBJECTS) + rng.int(0, 3);
  const rand = isoOf(randDay);
  const fu = cutDay - randDay;
  const age = rng.int(42, 86);
  const riss = rng.weighted([['I', 30], ['II', 55], ['III', 15]] as [string, number][]);
  const s: Subject = {
    id: `RC${String(i + 1).padStart(3, '0')}`,
    arm,
    rand,
    itt: rng.weighted<'Y' | 'N' | ''>([['Y', 88], ['', 9], ['N', 3]]),
    age,
    agegrp: age < 65 ? '<65' : '>=65',
    rissgrp: riss,
    riss: `R-ISS ${riss}`,
    sex: rng.chance(0.5) ? 'M' : 'F',
    resp: [],
    samples: [],
    imaging: [],
    therapy: [],
    why: template ? template[0] : 'random schedule',
  };
  if (template) {
    s.itt = s.itt === 'N' ? 'Y' : s.itt;
    template[1](s, rng, fu);
    return s;
  }
  // random subject: response course, maybe progression, maybe new therapy, random samples and imaging
  const best = randomBest(rng);
  const bestDay = rng.int(90, 500);
  let stop = fu;
  let prog: number | undefined;
  if (rng.chance(0.3)) {
    prog = rng.int(60, Math.max(61, fu + 100));
    stop = Math.min(stop, prog);
  }
  s.resp = ladderResponses(rng, Math.min(stop - 1, fu), best, bestDay);
  if (rng.chance(0.05)) s.resp.unshift([rng.int(-20, -1), rng.pick(['PD', 'SD', 'VGPR'] as const)]);
  if (prog !== undefined) {
    const how = rng.weighted<'same' | 'tteEarlier' | 'tteLater' | 'death' | 'pdOnly'>([['same', 50], ['tteEarlier', 15], ['tteLater', 15], ['death', 10], ['pdOnly', 10]]);
    if (how !== 'death') s.resp.push([prog, 'PD']);
    if (how === 'same') s.pfs = [prog, 0];
    else if (how === 'tteEarlier') s.pfs = [prog - rng.int(1, 30), 0];
    else if (how === 'tteLater') s.pfs = [prog + rng.int(1, 30), 0];
    else if (how === 'death') {
      s.pfs = [prog, 0];
      s.death = prog;
    }
    // responses after progression (they do not count)
    if (rng.chance(0.2)) s.resp.push([prog + 56, rng.pick(['CR', 'PD'] as const)]);
  }
  if (rng.chance(0.15)) {
    const n = prog !== undefined && rng.chance(0.7) ? prog + rng.int(0, 40) : rng.int(150, Math.max(151, fu));
    s.therapy.push(['POMALIDOMIDE', 'IMID', n, undefined, 'Y']);
    if (rng.chance(0.3)) s.resp.push([n + rng.int(0, 30), 'SCR']);
  }
  if (rng.chance(0.3)) s.therapy.push(['LENALIDOMIDE', 'IMID', 0, rng.int(100, 400), 'N']);
  const pNeg = (best === 'SCR' || best === 'CR' ? 0.75 : best === 'VGPR' ? 0.45 : 0.2) + (arm === 'EXP' ? 0.1 : 0);
  if (!rng.chance(0.1)) randomSchedule(rng, s, fu, stop, pNeg);
  if (rng.chance(0.6)) {
    const k = rng.int(1, 3);
    for (let j = 0; j < k; j++) s.imaging.push([rng.int(-30, fu + 30), rng.chance(0.75) ? 'NEGATIVE' : 'POSITIVE', rng.pick(['PET-CT', 'PET-CT', 'MRI', 'CT'])]);
  }
  return s;
}

/** Collection dates are made unique per subject and method, so that no rule depends on the order of same-day samples. */
function uniqueDates(s: Subject): void {
  const seen = new Set<string>();
  for (const x of s.samples) {
    while (seen.has(`${x.m}${x.d}`)) x.d++;
    seen.add(`${x.m}${x.d}`);
  }
}

/** All subjects: templates on the first subjects (each template twice, once per arm), then random ones. */
export function rulesCheckSubjects(): Subject[] {
  const rng = new Rng(SEED);
  // arms by permuted blocks of 4
  const arms: ('EXP' | 'CTL')[] = [];
  while (arms.length < N_SUBJECTS) {
    const block: ('EXP' | 'CTL')[] = ['EXP', 'EXP', 'CTL', 'CTL'];
    for (let k = 3; k > 0; k--) {
      const j = rng.int(0, k);
      [block[k], block[j]] = [block[j], block[k]];
    }
    arms.push(...block);
  }
  // template slots: each template twice, spread over the first 2 * TEMPLATES.length subjects
  const slots: ([string, Template] | undefined)[] = new Array(N_SUBJECTS).fill(undefined);
  TEMPLATES.forEach((t, k) => {
    slots[2 * k] = t;
    slots[2 * k + 1] = t;
  });
  const subjects: Subject[] = [];
  for (let i = 0; i < N_SUBJECTS; i++) {
    // the second copy of a template goes to the other arm
    let arm = arms[i];
    if (slots[i] && i % 2 === 1) arm = subjects[i - 1].arm === 'EXP' ? 'CTL' : 'EXP';
    const s = makeSubject(rng, i, arm, slots[i]);
    uniqueDates(s);
    subjects.push(s);
  }
  // strata with empty levels: RISSGRP empty for two subjects of the same age group, AGEGRP for one subject
  const young = subjects.filter((s) => s.agegrp === '<65' && s.why === 'random schedule');
  young[3].rissgrp = '';
  young[young.length - 4].rissgrp = '';
  subjects[subjects.length - 7].agegrp = '';
  // hand-written subjects appended after the others (so that these keep their data), for the composite endpoint,
  // the flags and the assay failures
  EXTRAS.forEach(([why, arm, make], j) => {
    const s = extraSubject(N_SUBJECTS + j, arm, why);
    make(s, dayNumber(CUTOFF) - dayNumber(s.rand));
    uniqueDates(s);
    subjects.push(s);
  });
  return subjects;
}

// ------------------------------------------------------------------------------------------------
// Extra subjects (appended after the N_SUBJECTS above, deterministic, no random draw): the composite endpoint
// MRD_NEG_IMAGING_FLC (imaging and FLC windows, EMD), the NGF anti-CD38 and masked-CR flags, and assay failures.

/** A plain subject: ITT, randomised 2021-08-01 + 10 days per extra subject, stratum by position. */
function extraSubject(i: number, arm: 'EXP' | 'CTL', why: string): Subject {
  const j = i - N_SUBJECTS;
  const age = 50 + ((j * 7) % 30);
  const riss = ['I', 'II', 'II', 'III'][j % 4];
  return {
    id: `RC${String(i + 1).padStart(3, '0')}`,
    arm,
    rand: addDays('2021-08-01', 10 * j),
    itt: 'Y',
    age,
    agegrp: age < 65 ? '<65' : '>=65',
    rissgrp: riss,
    riss: `R-ISS ${riss}`,
    sex: j % 2 === 0 ? 'F' : 'M',
    resp: [],
    samples: [],
    imaging: [],
    therapy: [],
    why,
    isotype: 'IGA-LAMBDA',
  };
}

/** NGS and NGF negative one day apart (a negative assessment under every combine rule, at every threshold). */
const negPair = (d: number): Sample[] => [clean(d, 'NGS', 'NEGATIVE'), clean(d + 1, 'NGF', 'NEGATIVE')];
/** PR, VGPR, then CR from day 280 (IFE negative, FLC not normal), every 112 days up to `until`. */
const toCr = (until = 800): [number, Category, RespExtra?][] => {
  const out: [number, Category, RespExtra?][] = [[56, 'PR'], [168, 'VGPR']];
  for (let d = 280; d <= until; d += 112) out.push([d, 'CR']);
  return out;
};
/** PR then VGPR with IFE positive, up to `until`. */
const toVgpr = (until = 800): [number, Category, RespExtra?][] => {
  const out: [number, Category, RespExtra?][] = [[56, 'PR']];
  for (let d = 168; d <= until; d += 112) out.push([d, 'VGPR']);
  return out;
};

const EXTRAS: [string, 'EXP' | 'CTL', (s: Subject, fu: number) => void][] = [
  // composite: MRD negative + negative imaging without EMD + FLCNORM = Y, both in [randomisation, cut-off], before progression and new therapy
  ['composite: FLC normal only before randomisation', 'EXP', (s) => {
    s.resp = [[-5, 'VGPR', { flc: 'Y' }], ...toCr()];
    s.imaging.push([200, 'NEGATIVE', 'PET-CT']);
    s.samples.push(...negPair(300));
  }],
  ['composite: FLC normal only after the cut-off', 'CTL', (s, fu) => {
    s.resp = [...toCr(), [fu + 1, 'CR', { flc: 'Y' }]];
    s.imaging.push([200, 'NEGATIVE', 'PET-CT']);
    s.samples.push(...negPair(300));
  }],
  ['composite: FLC normal on the cut-off day and imaging on the randomisation day count (best response VGPR)', 'EXP', (s, fu) => {
    s.resp = [...toVgpr(), [fu, 'VGPR', { flc: 'Y' }]];
    s.imaging.push([0, 'NEGATIVE', 'CT']);
    s.samples.push(...negPair(300));
  }],
  ['composite: FLC normal only on the progression day does not count', 'CTL', (s) => {
    s.resp = [...toCr(390), [400, 'PD', { flc: 'Y' }]];
    s.pfs = [400, 0];
    s.imaging.push([200, 'NEGATIVE', 'PET-CT']);
    s.samples.push(...negPair(300));
  }],
  ['composite: FLC normal the day before progression counts', 'EXP', (s) => {
    s.resp = [...toCr(390), [399, 'CR', { flc: 'Y' }], [400, 'PD']];
    s.pfs = [400, 0];
    s.imaging.push([200, 'NEGATIVE', 'PET-CT']);
    s.samples.push(...negPair(300));
  }],
  ['composite: imaging on the PFS event day (before the PD response) does not count', 'CTL', (s) => {
    s.resp = [...toCr(390), [392, 'CR', { flc: 'Y' }], [410, 'PD']];
    s.pfs = [400, 0];
    s.imaging.push([400, 'NEGATIVE', 'PET-CT'], [450, 'NEGATIVE', 'PET-CT']);
    s.samples.push(...negPair(300));
  }],
  ['composite: imaging before randomisation and after the cut-off does not count', 'EXP', (s, fu) => {
    s.resp = [...toCr(), [900, 'SCR']];
    s.imaging.push([-1, 'NEGATIVE', 'PET-CT'], [fu + 1, 'NEGATIVE', 'PET-CT']);
    s.samples.push(...negPair(300));
  }],
  ['composite: negative imaging with EMD = Y does not count (it still counts for sustained negativity)', 'CTL', (s) => {
    s.resp = [...toCr(), [900, 'SCR']];
    s.imaging.push([300, 'NEGATIVE', 'PET-CT', 'Y']);
    s.samples.push(...negPair(150), ...negPair(520));
  }],
  ['composite: negative imaging with an empty EMD counts', 'EXP', (s) => {
    s.resp = [...toCr(), [900, 'SCR']];
    s.imaging.push([300, 'NEGATIVE', 'MRI', '']);
    s.samples.push(...negPair(150), ...negPair(520));
  }],
  ['composite: imaging on the new-therapy start day does not count', 'CTL', (s) => {
    s.resp = [...toCr(450), [499, 'CR', { flc: 'Y' }]];
    s.therapy.push(['POMALIDOMIDE', 'IMID', 500, undefined, 'Y']);
    s.imaging.push([500, 'NEGATIVE', 'PET-CT']);
    s.samples.push(...negPair(300));
  }],
  ['composite: FLC normal on the new-therapy start day does not count', 'EXP', (s) => {
    s.resp = [...toCr(450), [500, 'CR', { flc: 'Y' }]];
    s.therapy.push(['POMALIDOMIDE', 'IMID', 500, undefined, 'Y']);
    s.imaging.push([499, 'NEGATIVE', 'PET-CT']);
    s.samples.push(...negPair(300));
  }],
  ['composite: imaging and FLC normal the day before new therapy count', 'CTL', (s) => {
    s.resp = [...toCr(450), [499, 'CR', { flc: 'Y' }]];
    s.therapy.push(['POMALIDOMIDE', 'IMID', 500, undefined, 'Y']);
    s.imaging.push([499, 'NEGATIVE', 'PET-CT']);
    s.samples.push(...negPair(300));
  }],
  ['composite: FLC normal on an NE assessment counts (best response VGPR)', 'EXP', (s) => {
    s.resp = [[56, 'PR'], [168, 'NE', { flc: 'Y' }], [280, 'VGPR'], [392, 'VGPR']];
    s.imaging.push([200, 'NEGATIVE', 'PET-CT']);
    s.samples.push(...negPair(300));
  }],
  ['composite: imaging and FLC normal but MRD positive', 'CTL', (s) => {
    s.resp = [...toCr(), [900, 'SCR']];
    s.imaging.push([200, 'NEGATIVE', 'PET-CT']);
    s.samples.push(clean(300, 'NGS', 'POSITIVE'), clean(301, 'NGF', 'POSITIVE'));
  }],
  ['composite: positive imaging only', 'EXP', (s) => {
    s.resp = [...toCr(), [900, 'SCR']];
    s.imaging.push([200, 'POSITIVE', 'PET-CT'], [600, 'POSITIVE', 'MRI']);
    s.samples.push(...negPair(300));
  }],
  ['composite: MRD negative at 1e-4 only (lab LOD 1e-4)', 'CTL', (s) => {
    s.resp = [...toCr(), [900, 'SCR']];
    s.imaging.push([200, 'NEGATIVE', 'PET-CT']);
    s.samples.push(clean(300, 'NGS', 'NEGATIVE', { cells: undefined, lod: '1.0E-04' }), clean(301, 'NGF', 'NEGATIVE', { cells: undefined, lod: '1.0E-04' }));
  }],
  // NGF anti-CD38 flags: NGF samples from the start of an anti-CD38 therapy to 180 days after its end
  ['flags: anti-CD38 with an end date, NGF from its start to 180 days after its end; IgG-kappa VGPR IFE positive (masked CR)', 'EXP', (s) => {
    s.isotype = 'IGG-KAPPA';
    s.resp = toVgpr();
    s.therapy.push(['DARATUMUMAB', 'ANTI-CD38', 30, 200, 'N']);
    s.samples.push(
      clean(29, 'NGF', 'NEGATIVE'), clean(30, 'NGF', 'NEGATIVE'), clean(30, 'NGS', 'NEGATIVE'), clean(200, 'NGF', 'NEGATIVE'),
      clean(380, 'NGF', 'NEGATIVE'), clean(380, 'NGS', 'NEGATIVE'), clean(381, 'NGF', 'POSITIVE'),
    );
  }],
  ['flags: anti-CD38 as new therapy (ongoing): NGF from its start flagged though excluded, also PB and local-lab NGF', 'CTL', (s) => {
    s.resp = toCr(290);
    s.therapy.push(['ISATUXIMAB', 'ANTI-CD38', 300, undefined, 'Y']);
    s.samples.push(clean(299, 'NGF', 'NEGATIVE'), clean(300, 'NGF', 'NEGATIVE'), clean(310, 'NGF', 'NEGATIVE', { spec: 'PB' }), clean(320, 'NGF', 'POSITIVE', { central: 'N' }), clean(330, 'NGS', 'NEGATIVE'));
  }],
  ['flags: anti-CD38 before randomisation, ended 100 days before it: NGF before randomisation and up to day 80 flagged', 'EXP', (s) => {
    s.resp = toCr();
    s.therapy.push(['DARATUMUMAB', 'ANTI-CD38', -300, -100, 'N']);
    s.samples.push(clean(-10, 'NGF', 'NEGATIVE'), clean(80, 'NGF', 'NEGATIVE'), clean(81, 'NGF', 'NEGATIVE'), clean(200, 'NGS', 'NEGATIVE'));
  }],
  ['flags: two anti-CD38 therapies with separate windows', 'CTL', (s) => {
    s.resp = toCr();
    s.therapy.push(['DARATUMUMAB', 'ANTI-CD38', 0, 100, 'N'], ['LENALIDOMIDE', 'IMID', 0, 700, 'N'], ['ISATUXIMAB', 'ANTI-CD38', 400, 500, 'N']);
    s.samples.push(clean(250, 'NGF', 'NEGATIVE'), clean(281, 'NGF', 'NEGATIVE'), clean(399, 'NGF', 'NEGATIVE'), clean(450, 'NGF', 'POSITIVE'), clean(681, 'NGF', 'NEGATIVE'));
  }],
  ['flags: NGF after the cut-off while on anti-CD38', 'EXP', (s, fu) => {
    s.resp = toCr();
    s.therapy.push(['DARATUMUMAB', 'ANTI-CD38', 100, undefined, 'N']);
    s.samples.push(clean(fu - 10, 'NGF', 'NEGATIVE'), clean(fu + 3, 'NGF', 'NEGATIVE'));
  }],
  // masked CR: IgG-kappa, anti-CD38, best response VGPR, last IFE on or before the cut-off positive
  ['masked CR: IgA-lambda subject on anti-CD38 with VGPR and IFE positive is not flagged', 'CTL', (s) => {
    s.resp = toVgpr();
    s.therapy.push(['DARATUMUMAB', 'ANTI-CD38', 0, undefined, 'N']);
    s.samples.push(clean(300, 'NGS', 'POSITIVE'));
  }],
  ['masked CR: IgG-kappa VGPR with IFE positive but no anti-CD38 is not flagged', 'EXP', (s) => {
    s.isotype = 'IGG-KAPPA';
    s.resp = toVgpr();
    s.therapy.push(['LENALIDOMIDE', 'IMID', 0, undefined, 'N']);
  }],
  ['masked CR: last IFE on or before the cut-off negative (a positive one after it) is not flagged', 'CTL', (s, fu) => {
    s.isotype = 'IGG-KAPPA';
    s.resp = [...toVgpr(700), [750, 'VGPR', { ife: 'NEG' }], [fu + 5, 'VGPR']];
    s.therapy.push(['ISATUXIMAB', 'ANTI-CD38', 0, 300, 'N']);
  }],
  ['masked CR: last IFE positive, then an empty IFE and a negative IFE after the cut-off: flagged', 'EXP', (s, fu) => {
    s.isotype = 'IGG-KAPPA';
    s.resp = [...toVgpr(700), [750, 'VGPR', { ife: '' }], [fu + 5, 'CR', { ife: 'NEG' }]];
    s.therapy.push(['ISATUXIMAB', 'ANTI-CD38', 0, undefined, 'N']);
    s.samples.push(clean(400, 'NGS', 'POSITIVE', { level: '3.0E-05' }));
  }],
  ['masked CR: IgG-kappa on anti-CD38 with best response CR is not flagged', 'CTL', (s) => {
    s.isotype = 'IGG-KAPPA';
    s.resp = toCr();
    s.therapy.push(['DARATUMUMAB', 'ANTI-CD38', 0, undefined, 'N']);
  }],
  ['masked CR: IgG-kappa on anti-CD38 with best response PR is not flagged', 'EXP', (s) => {
    s.isotype = 'IGG-KAPPA';
    s.resp = [[56, 'SD'], [168, 'PR'], [280, 'PR']];
    s.therapy.push(['DARATUMUMAB', 'ANTI-CD38', 0, undefined, 'N']);
  }],
  ['masked CR: best response VGPR before an anti-CD38 new therapy, last IFE positive after its start: flagged', 'CTL', (s) => {
    s.isotype = 'IGG-KAPPA';
    s.resp = [...toVgpr(290), [350, 'CR'], [462, 'VGPR']];
    s.therapy.push(['DARATUMUMAB', 'ANTI-CD38', 300, undefined, 'Y']);
  }],
  // assay failures: every row of mrd.csv counts, FAILED without a reason is "(not given)", NOT DONE is no test
  ['failures: without a reason (NGS and NGF), PB, local lab, before randomisation, after the cut-off; NOT DONE with a reason', 'EXP', (s, fu) => {
    s.resp = toCr();
    s.samples.push(
      clean(-3, 'NGS', 'FAILED', { fail: undefined }), clean(100, 'NGF', 'FAILED', { fail: undefined }), clean(150, 'NGS', 'FAILED', { spec: 'PB' }),
      clean(160, 'NGF', 'FAILED', { central: 'N' }), clean(fu + 2, 'NGS', 'FAILED', { fail: undefined }),
      clean(200, 'NGS', 'NOT DONE', { fail: 'PATIENT_REFUSED' }), clean(210, 'NGS', 'NEGATIVE'),
    );
  }],
  ['failures: a second central NGS lab, failed without a reason; NGF failed without a reason', 'CTL', (s) => {
    s.resp = toCr();
    s.samples.push(
      clean(100, 'NGS', 'FAILED', { fail: undefined, lab: 'CENTRAL-NGS-2' }), clean(110, 'NGS', 'NEGATIVE', { lab: 'CENTRAL-NGS-2' }),
      clean(200, 'NGF', 'FAILED', { fail: undefined }), clean(205, 'NGF', 'FAILED', { fail: 'SAMPLE_TOO_OLD' }), clean(210, 'NGF', 'NEGATIVE'),
    );
  }],
];

function csv(header: string[], rows: (string | number | undefined)[][]): string {
  return [header.join(','), ...rows.map((r) => r.map((v) => (v === undefined ? '' : String(v))).join(','))].join('\n') + '\n';
}

function plan(variant: 'main' | 'both'): string {
  const mrd =
    variant === 'main'
      ? `mrd:
  primaryMethod: NGS
  combine: primary-then-secondary
  thresholds: [1.0e-4, 1.0e-5, 1.0e-6]
  primaryThreshold: 1.0e-5
  timepoints:
    - { name: M12, month: 12, windowMonths: 3 }
`
      : `mrd:
  primaryMethod: NGS
  combine: both-negative
  thresholds: [1.0e-4, 1.0e-5, 1.0e-6]
  primaryThreshold: 1.0e-5
  hemodilutedNegative: negative
  ngs: { lodCells: 3 }
  timepoints:
    - { name: M12, month: 12, windowMonths: 3 }
`;
  return `# Synthetic study for the R oracle of the derivation rules (test/oracle/rulesCheck.R); written by
# data-samples/rules-check/generate.ts. ${variant === 'main' ? 'NGS primary, NGF secondary.' : 'Same CSV files as rules-check; both methods must be negative.'}
study: RULES-CHECK${variant === 'main' ? '' : '-BOTH'}
cutoff: ${CUTOFF}
arms:
  - { code: EXP, label: Experimental, control: false }
  - { code: CTL, label: Control, control: true }
strata: [AGEGRP, RISSGRP]
subgroups: [SEX]
${mrd}landmarks: [12, 24]
stats:
  ciLevel: 0.95
lang: en
`;
}

/** The CSV files (shared by both folders). */
function csvFiles(): Map<string, string> {
  const subjects = rulesCheckSubjects();
  const cutDay = dayNumber(CUTOFF);
  const subj: (string | number | undefined)[][] = [];
  const mrd: (string | number | undefined)[][] = [];
  const resp: (string | number | undefined)[][] = [];
  const tte: (string | number | undefined)[][] = [];
  const img: (string | number | undefined)[][] = [];
  const ther: (string | number | undefined)[][] = [];
  subjects.forEach((s, i) => {
    subj.push([s.id, s.arm, s.rand, s.itt, 'Y', s.agegrp, s.rissgrp, s.sex, s.age, s.riss, i % 5 === 0 ? 'HIGH' : 'STANDARD', s.isotype ?? (i % 3 === 0 ? 'IGG-KAPPA' : 'IGA-LAMBDA'), 'N', `S${(i % 6) + 1}`]);
    s.samples.forEach((x, k) => {
      const central = x.central ?? 'Y';
      mrd.push([
        s.id, `${s.id}-${x.m}${String(k + 1).padStart(2, '0')}`, addDays(s.rand, x.d), x.m, x.r, x.spec ?? 'BM',
        x.lab ?? (central === 'N' ? 'LOCAL-07' : `CENTRAL-${x.m}`), central, `D${x.d}`, x.level, x.cells, x.dna, x.clonalev, x.lod, x.fail,
        x.hemo, '', '', x.m === 'NGS' ? (x.r === 'FAILED' && x.fail === 'NO_TRACKABLE_CLONE' ? 'N' : 'Y') : '',
      ]);
    });
    for (const [d, c, x] of s.resp) resp.push([s.id, addDays(s.rand, d), c, x?.flc ?? (c === 'SCR' ? 'Y' : 'N'), x?.ife ?? (c === 'CR' || c === 'SCR' ? 'NEG' : 'POS')]);
    const lastResp = s.resp.length ? Math.max(...s.resp.map(([d]) => d)) : 0;
    const censorDay = Math.max(0, Math.min(cutDay - dayNumber(s.rand), lastResp));
    // an event after the cut-off is not part of this data cut: censored at the cut-off, as a sponsor's
    // ADTTE does (tte.csv dates after the cut-off are rejected, rule tte.after-cutoff)
    const toCut = cutDay - dayNumber(s.rand);
    if (s.pfs && s.pfs[0] > toCut) tte.push([s.id, 'PFS', s.rand, CUTOFF, 1, '', 'DATA CUT-OFF']);
    else if (s.pfs) tte.push([s.id, 'PFS', s.rand, addDays(s.rand, s.pfs[0]), s.pfs[1], s.pfs[1] === 0 ? (s.death === s.pfs[0] ? 'DEATH' : 'DISEASE PROGRESSION') : '', s.pfs[1] === 1 ? 'LAST ASSESSMENT' : '']);
    else tte.push([s.id, 'PFS', s.rand, addDays(s.rand, censorDay), 1, '', 'LAST ASSESSMENT']);
    const died = s.death !== undefined && s.death <= toCut;
    tte.push([s.id, 'OS', s.rand, addDays(s.rand, died ? s.death! : toCut), died ? 0 : 1, died ? 'DEATH' : '', died ? '' : 'DATA CUT-OFF']);
    for (const [d, r, mod, emd] of s.imaging) img.push([s.id, addDays(s.rand, d), mod, r, emd ?? 'N']);
    for (const [drug, cls, st, en, nt] of s.therapy) ther.push([s.id, drug, cls, addDays(s.rand, st), en === undefined ? '' : addDays(s.rand, en), nt]);
  });
  const files = new Map<string, string>();
  files.set('subjects.csv', csv(['USUBJID', 'ARM', 'RANDDT', 'ITTFL', 'SAFFL', 'AGEGRP', 'RISSGRP', 'SEX', 'AGE', 'RISS', 'CYTORISK', 'ISOTYPE', 'EMDBL', 'SITEID'], subj));
  files.set('mrd.csv', csv(['USUBJID', 'SAMPLEID', 'COLLDT', 'METHOD', 'RESULT', 'SPEC', 'LAB', 'CENTRAL', 'VISIT', 'MRDLEVEL', 'CELLS', 'DNANG', 'CLONALEV', 'LOD', 'FAILRSN', 'HEMODIL', 'RECVDTM', 'PROCDTM', 'CLONEID'], mrd));
  files.set('response.csv', csv(['USUBJID', 'ADT', 'AVALC', 'FLCNORM', 'IFE'], resp));
  files.set('tte.csv', csv(['USUBJID', 'PARAMCD', 'STARTDT', 'ADT', 'CNSR', 'EVNTDESC', 'CNSDTDSC'], tte));
  files.set('imaging.csv', csv(['USUBJID', 'ADT', 'MODALITY', 'RESULT', 'EMD'], img));
  files.set('therapy.csv', csv(['USUBJID', 'DRUG', 'CLASS', 'STDT', 'ENDT', 'NEWTHER'], ther));
  return files;
}

/** Files of data-samples/rules-check (primary-then-secondary). */
export function rulesCheckFiles(): Map<string, string> {
  return new Map([['study.yaml', plan('main')], ...csvFiles()]);
}

/** Files of data-samples/rules-check-both (both-negative, hemodiluted negatives count, NGS LOD = 3 / cells). */
export function rulesCheckBothFiles(): Map<string, string> {
  return new Map([['study.yaml', plan('both')], ...csvFiles()]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // dist/data-samples/rules-check/generate.js writes into data-samples/rules-check/ and data-samples/rules-check-both/
  const here = dirname(fileURLToPath(import.meta.url));
  const target = here.includes('/dist/') ? here.replace('/dist/', '/') : here;
  const both = join(dirname(target), 'rules-check-both');
  mkdirSync(both, { recursive: true });
  for (const [name, text] of rulesCheckFiles()) writeFileSync(join(target, name), text);
  for (const [name, text] of rulesCheckBothFiles()) writeFileSync(join(both, name), text);
  console.log(`wrote ${N_SUBJECTS + EXTRAS.length} subjects to ${target} and ${both}`);
}
