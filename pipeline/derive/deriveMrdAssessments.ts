import type { Plan } from '../ingest/plan.js';
import type { Table } from '../ingest/readTable.js';
import { subjectOf, type Subjects } from './deriveSubjects.js';
import type { SampleStatus } from './deriveSampleStatus.js';
import { REASONS, SECOND_METHOD_MISSING, SECOND_METHOD_MISSING_CODE, STATUS } from './status.js';
import { compareText } from '../compareText.js';
import { mapFloat64 } from '../../analyses/typedMap.js';

/** Samples of the two methods collected this many days apart or less are one assessment (SPEC.md section 3). */
export const PAIR_WINDOW_DAYS = 7;

/**
 * MRD assessments of each subject, in date order, as columns. An assessment is one eligible sample, or
 * (for `both-negative` and `primary-then-secondary`) a primary-method sample paired with the nearest
 * sample of the other method within PAIR_WINDOW_DAYS. `start[s]..start[s+1]` are subject s's rows.
 */
export interface AssessmentFrame {
  n: number;
  subject: Int32Array;
  /** assessment date: the primary sample's, else the secondary's */
  day: Float64Array;
  /** row in mrd.csv of the primary-method sample, or -1 */
  primary: Int32Array;
  /** row in mrd.csv of the other-method sample, or -1 */
  secondary: Int32Array;
  /** CSR offsets by subject (length subjects.n + 1) */
  start: Int32Array;
}

/** The assessments of one threshold: a status and NE reason per row of the frame. */
export interface Assessments extends AssessmentFrame {
  threshold: number;
  status: Uint8Array;
  /** NE reason as its code in REASONS (combined reasons such as `A+B` included); 0 unless NE */
  reason: Uint8Array;
}

/**
 * Builds the assessment frame (threshold-independent): which eligible samples form one assessment
 * under `plan.mrd.combine`. Pairing is greedy by closeness in days, each sample used once, so it costs
 * O(n log n) overall (a sort, then a merge per subject).
 */
export function deriveAssessmentFrame(mrd: Table, exclusion: Uint8Array, subjects: Subjects, plan: Plan): AssessmentFrame {
  const subj = subjectOf(mrd, subjects);
  const day = mrd.num.COLLDT;
  const method = mrd.text.METHOD.codes;
  const primaryCode = mrd.text.METHOD.codeOf(plan.mrd.primaryMethod);
  const isPrimary = (i: number) => method[i] === primaryCode;
  const pairs = plan.mrd.combine === 'both-negative' || plan.mrd.combine === 'primary-then-secondary';

  // Group eligible samples by subject with a counting sort (O(n)); each subject's few samples are then
  // sorted by date, ties by SAMPLEID and METHOD, never by file position, so that shuffled input rows
  // give the same assessments.
  const start = new Int32Array(subjects.n + 1);
  for (let i = 0; i < mrd.n; i++) if (exclusion[i] === 0) start[subj[i] + 1]++;
  for (let s = 0; s < subjects.n; s++) start[s + 1] += start[s];
  const next = start.slice(0, subjects.n);
  const bySubject = new Int32Array(start[subjects.n]);
  for (let i = 0; i < mrd.n; i++) if (exclusion[i] === 0) bySubject[next[subj[i]]++] = i;
  // SAMPLEID, then METHOD: the order of the keys `${SAMPLEID}\u0000${METHOD}` (a SAMPLEID that is a
  // prefix of another sorts first either way), without building a string per comparison
  const sampleId = mrd.text.SAMPLEID;
  const tie = (a: number, b: number) =>
    compareText(sampleId.at(a)!, sampleId.at(b)!) || (method[a] === method[b] ? 0 : compareText(mrd.text.METHOD.at(a)!, mrd.text.METHOD.at(b)!));
  const byDate = (a: number, b: number) => day[a] - day[b] || tie(a, b);

  // at most one assessment per eligible sample: the output is allocated once, and the common case
  // (primary-only or either-negative, visits already in date order) builds no per-subject arrays
  const outP = new Int32Array(bySubject.length);
  const outQ = new Int32Array(bySubject.length);
  let n = 0;
  const frameStart = new Int32Array(subjects.n + 1);
  for (let s = 0; s < subjects.n; s++) {
    const from = start[s];
    const to = start[s + 1];
    // a subject's samples are few and usually in date order already (mrd.csv lists visits in order):
    // an insertion sort in place then costs one comparison per sample; many samples take Array.sort
    if (to - from > 32) bySubject.set(Array.from(bySubject.subarray(from, to)).sort(byDate), from);
    else {
      for (let k = from + 1; k < to; k++) {
        const x = bySubject[k];
        let j = k - 1;
        while (j >= from && byDate(bySubject[j], x) > 0) {
          bySubject[j + 1] = bySubject[j];
          j--;
        }
        bySubject[j + 1] = x;
      }
    }
    if (!pairs) {
      for (let k = from; k < to; k++) {
        const i = bySubject[k];
        const p = isPrimary(i);
        outP[n] = p ? i : -1;
        outQ[n] = p ? -1 : i;
        n++;
      }
    } else {
      const mine = Array.from(bySubject.subarray(from, to));
      const prim = mine.filter(isPrimary);
      const sec = mine.filter((i) => !isPrimary(i));
      // candidate pairs within the window, closest first; each sample joins at most one pair
      const cand: [number, number, number][] = [];
      let lo = 0;
      for (let a = 0; a < prim.length; a++) {
        while (lo < sec.length && day[sec[lo]] < day[prim[a]] - PAIR_WINDOW_DAYS) lo++;
        for (let b = lo; b < sec.length && day[sec[b]] <= day[prim[a]] + PAIR_WINDOW_DAYS; b++) cand.push([Math.abs(day[sec[b]] - day[prim[a]]), a, b]);
      }
      cand.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
      const pOf = new Int32Array(prim.length).fill(-1);
      const used = new Uint8Array(sec.length);
      for (const [, a, b] of cand) {
        if (pOf[a] !== -1 || used[b]) continue;
        pOf[a] = b;
        used[b] = 1;
      }
      const rows: [number, number][] = [];
      prim.forEach((i, a) => rows.push([i, pOf[a] === -1 ? -1 : sec[pOf[a]]]));
      sec.forEach((i, b) => {
        if (!used[b]) rows.push([-1, i]);
      });
      // assessment date: the primary sample's, else the secondary's
      rows.sort((x, y) => byDate(x[0] === -1 ? x[1] : x[0], y[0] === -1 ? y[1] : y[0]));
      for (const [p, q] of rows) {
        outP[n] = p;
        outQ[n] = q;
        n++;
      }
    }
    frameStart[s + 1] = n;
  }

  const primary = outP.slice(0, n);
  const secondary = outQ.slice(0, n);
  const subject = new Int32Array(n);
  for (let s = 0; s < subjects.n; s++) subject.fill(s, frameStart[s], frameStart[s + 1]);
  return {
    n,
    subject,
    day: mapFloat64(primary, (p, k) => day[p === -1 ? secondary[k] : p]),
    primary,
    secondary,
    start: frameStart,
  };
}

export { SECOND_METHOD_MISSING };

/**
 * Status of each assessment at one threshold under `plan.mrd.combine`:
 * - primary-only / either-negative: the sample's own status;
 * - both-negative: NEG only when both methods are NEG; POS when either is POS; NE otherwise (a lone
 *   negative is NE `SECOND_METHOD_MISSING`);
 * - primary-then-secondary: the primary sample's status when it is NEG or POS, else the paired
 *   secondary sample's when that is evaluable, else NE with the primary's reason.
 */
export function deriveAssessmentStatus(frame: AssessmentFrame, sample: SampleStatus, plan: Plan): Assessments {
  const status = new Uint8Array(frame.n);
  const reason = new Uint8Array(frame.n);
  const rule = plan.mrd.combine;
  const evaluable = (st: number) => st === STATUS.NEG || st === STATUS.POS;
  for (let k = 0; k < frame.n; k++) {
    const p = frame.primary[k];
    const q = frame.secondary[k];
    const ps = p === -1 ? -1 : sample.status[p];
    const qs = q === -1 ? -1 : sample.status[q];
    const pr = p === -1 ? 0 : sample.reason[p];
    const qr = q === -1 ? 0 : sample.reason[q];
    let st: number;
    let why = 0;
    if (p === -1 || q === -1) {
      const only = p === -1 ? q : p;
      st = sample.status[only];
      why = sample.reason[only];
      if (rule === 'both-negative' && st === STATUS.NEG) {
        st = STATUS.NE;
        why = SECOND_METHOD_MISSING_CODE;
      }
    } else if (rule === 'both-negative') {
      if (ps === STATUS.POS || qs === STATUS.POS) st = STATUS.POS;
      else if (ps === STATUS.NEG && qs === STATUS.NEG) st = STATUS.NEG;
      else {
        st = STATUS.NE;
        why = REASONS.join(pr, qr); // `${pr}+${qr}`, or the one present
      }
    } else if (evaluable(ps)) {
      st = ps;
    } else if (evaluable(qs)) {
      st = qs;
    } else {
      st = STATUS.NE;
      why = pr;
    }
    status[k] = st;
    reason[k] = st === STATUS.NE ? why : 0;
  }
  return { ...frame, threshold: sample.threshold, status, reason };
}
