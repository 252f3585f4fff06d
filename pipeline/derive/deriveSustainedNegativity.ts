import { assessmentDay, type Assessments } from './deriveMrdAssessments.js';
import { STATUS } from '../../model/status.js';

export interface SustainedNegativity {
  threshold: number;
  /** 1 = sustained MRD negative */
  sustained: Uint8Array;
  /** first NEG of the qualifying pair (start of sustained negativity); NaN if not sustained */
  startDay: Float64Array;
  /** the confirming NEG, at least minGapDays later; NaN if not sustained */
  confirmDay: Float64Array;
  /** mrd.csv row of the confirming assessment's sample (primary method when paired); -1 if not sustained */
  confirmRow: Int32Array;
}

/**
 * Sustained MRD negativity (IMWG 2016; CDE guideline): two NEG assessments at least `minGapDays` apart
 * with no POS assessment between them; an NE assessment between them neither breaks nor counts. When
 * `negativeImagingDays` is given (imaging required), a negative imaging assessment must fall within the
 * span of the two negatives, ends included.
 *
 * Within a run of assessments free of POS, pairing the earliest NEG with each later NEG is optimal: it
 * gives the longest gap and the widest span for imaging. So one pass per subject suffices, with a
 * binary search in that subject's sorted negative imaging dates.
 *
 * @param negativeImagingDays per subject, ascending dates of negative imaging; omit for the marrow-only variant
 */
export function deriveSustainedNegativity(a: Assessments, nSubjects: number, minGapDays: number, negativeImagingDays?: Float64Array[]): SustainedNegativity {
  const out: SustainedNegativity = {
    threshold: a.threshold,
    sustained: new Uint8Array(nSubjects),
    startDay: new Float64Array(nSubjects).fill(Number.NaN),
    confirmDay: new Float64Array(nSubjects).fill(Number.NaN),
    confirmRow: new Int32Array(nSubjects).fill(-1),
  };
  for (let s = 0; s < nSubjects; s++) {
    let runStart = Number.NaN;
    for (let k = a.start[s]; k < a.start[s + 1]; k++) {
      const st = a.status[k];
      if (st === STATUS.POS) {
        runStart = Number.NaN;
      } else if (st === STATUS.NEG) {
        if (Number.isNaN(runStart)) {
          runStart = assessmentDay(a, k);
          continue;
        }
        if (assessmentDay(a, k) - runStart < minGapDays) continue;
        if (negativeImagingDays && !anyWithin(negativeImagingDays[s], runStart, assessmentDay(a, k))) continue;
        out.sustained[s] = 1;
        out.startDay[s] = runStart;
        out.confirmDay[s] = assessmentDay(a, k);
        out.confirmRow[s] = a.sample[k];
        break;
      }
    }
  }
  return out;
}

/** Whether the ascending array holds a value in [lo, hi]. */
function anyWithin(sorted: Float64Array | undefined, lo: number, hi: number): boolean {
  if (!sorted || sorted.length === 0) return false;
  let l = 0;
  let h = sorted.length;
  while (l < h) {
    const m = (l + h) >>> 1;
    if (sorted[m] < lo) l = m + 1;
    else h = m;
  }
  return l < sorted.length && sorted[l] <= hi;
}
