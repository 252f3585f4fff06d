import type { Plan } from '../../model/plan.js';
import type { Table } from '../ingest/readTable.js';
import { NE_CODE, STATUS } from '../../model/status.js';
import { sharedUint8 } from '../../model/sharedArrays.js';

export interface SampleStatus {
  threshold: number;
  /** STATUS code per sample */
  status: Uint8Array;
  /** NE reason, or the exclusion reason for EXCLUDED samples, as its code in REASONS; 0 for NEG/POS */
  reason: Uint8Array;
}

/**
 * A LOD "at" the threshold must count as reaching it: 20 / 2,000,000 and 1e-5 are equal on paper but
 * LODs computed from DNA mass carry rounding error, so compare with a relative slack of 1e-9.
 */
export function reachesThreshold(lod: number, threshold: number): boolean {
  return lod <= threshold * (1 + 1e-9);
}

/**
 * Status of each sample at threshold T (SPEC.md section 3), in this order:
 * excluded samples stay EXCLUDED; FAILED and NOT DONE are NE; POS when MRDLEVEL >= T or POSITIVE with no
 * level; NEG when NEGATIVE (or POSITIVE with MRDLEVEL < T) and the achieved LOD <= T, except that a
 * hemodiluted sample is NE unless plan.mrd.hemodilutedNegative is `negative`; NE otherwise (no LOD, or
 * LOD above T).
 *
 * With `rows`, only those samples are classified: entry k of the result is sample rows[k] (method
 * concordance needs the paired samples only, a fraction of 10^7).
 */
export function deriveSampleStatus(
  mrd: Table,
  lod: Float64Array,
  /** exclusion reason code per sample (deriveSampleEligibility), 0 when it counts */
  exclusion: Uint8Array,
  threshold: number,
  plan: Plan,
  rows?: Int32Array,
): SampleStatus {
  return deriveSampleStatuses(mrd, lod, exclusion, [threshold], plan, rows)[0];
}

/**
 * deriveSampleStatus at several thresholds in one pass over the samples: the columns are read once
 * and the threshold-independent rules (exclusion, FAILED, NOT DONE) decided once per sample, for the
 * 10^7 samples of 10^6 subjects.
 */
export function deriveSampleStatuses(
  mrd: Table,
  lod: Float64Array,
  exclusion: Uint8Array,
  thresholds: readonly number[],
  plan: Plan,
  rows?: Int32Array,
): SampleStatus[] {
  const n = rows === undefined ? mrd.n : rows.length;
  // in shared memory, as the columns are (the sample listing is written from them on another thread)
  const out = thresholds.map((threshold) => ({ threshold, status: sharedUint8(n), reason: sharedUint8(n) }));
  const T = thresholds.length;
  const result = mrd.text.RESULT.codes;
  const FAILED = mrd.text.RESULT.codeOf('FAILED');
  const NOT_DONE = mrd.text.RESULT.codeOf('NOT DONE');
  const POSITIVE = mrd.text.RESULT.codeOf('POSITIVE');
  const level = mrd.num.MRDLEVEL;
  const hemodiluted = mrd.text.HEMODIL.codes;
  const HEMODILUTED = mrd.text.HEMODIL.codeOf('Y');
  const hemodilutedIsNe = plan.mrd.hemodilutedNegative === 'not-evaluable';
  for (let k = 0; k < n; k++) {
    const i = rows === undefined ? k : rows[k];
    if (exclusion[i] !== 0) {
      for (let t = 0; t < T; t++) {
        out[t].status[k] = STATUS.EXCLUDED;
        out[t].reason[k] = exclusion[i];
      }
      continue;
    }
    const r = result[i];
    if (r === FAILED || r === NOT_DONE) {
      for (let t = 0; t < T; t++) {
        out[t].status[k] = STATUS.NE;
        out[t].reason[k] = r === FAILED ? NE_CODE.FAILED : NE_CODE.NOT_DONE;
      }
      continue;
    }
    const lv = level[i];
    const positiveNoLevel = r === POSITIVE && Number.isNaN(lv);
    for (let t = 0; t < T; t++) {
      const { status, reason } = out[t];
      const threshold = thresholds[t];
      if (lv >= threshold || positiveNoLevel) {
        status[k] = STATUS.POS;
        continue;
      }
      // NEGATIVE, or POSITIVE below the threshold: negative at T if the sample was sensitive enough.
      if (Number.isNaN(lod[i])) {
        status[k] = STATUS.NE;
        reason[k] = NE_CODE.NO_SENSITIVITY;
      } else if (!reachesThreshold(lod[i], threshold)) {
        status[k] = STATUS.NE;
        reason[k] = NE_CODE.INSUFFICIENT_SENSITIVITY;
      } else if (hemodilutedIsNe && hemodiluted[i] === HEMODILUTED) {
        status[k] = STATUS.NE;
        reason[k] = NE_CODE.HEMODILUTED;
      } else {
        status[k] = STATUS.NEG;
      }
    }
  }
  return out;
}
