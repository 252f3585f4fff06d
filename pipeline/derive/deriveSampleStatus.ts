import type { Plan } from '../ingest/plan.js';
import type { Table } from '../ingest/readTable.js';
import { NE_CODE, STATUS } from './status.js';

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
 */
export function deriveSampleStatus(
  mrd: Table,
  lod: Float64Array,
  /** exclusion reason code per sample (deriveSampleEligibility), 0 when it counts */
  exclusion: Uint8Array,
  threshold: number,
  plan: Plan,
): SampleStatus {
  const n = mrd.n;
  const status = new Uint8Array(n);
  const reason = new Uint8Array(n);
  const result = mrd.text.RESULT.codes;
  const FAILED = mrd.text.RESULT.codeOf('FAILED');
  const NOT_DONE = mrd.text.RESULT.codeOf('NOT DONE');
  const POSITIVE = mrd.text.RESULT.codeOf('POSITIVE');
  const level = mrd.num.MRDLEVEL;
  const hemodiluted = mrd.text.HEMODIL.codes;
  const HEMODILUTED = mrd.text.HEMODIL.codeOf('Y');
  const hemodilutedIsNe = plan.mrd.hemodilutedNegative === 'not-evaluable';
  for (let i = 0; i < n; i++) {
    if (exclusion[i] !== 0) {
      status[i] = STATUS.EXCLUDED;
      reason[i] = exclusion[i];
      continue;
    }
    const r = result[i];
    if (r === FAILED || r === NOT_DONE) {
      status[i] = STATUS.NE;
      reason[i] = r === FAILED ? NE_CODE.FAILED : NE_CODE.NOT_DONE;
      continue;
    }
    const lv = level[i];
    if (lv >= threshold || (r === POSITIVE && Number.isNaN(lv))) {
      status[i] = STATUS.POS;
      continue;
    }
    // NEGATIVE, or POSITIVE below the threshold: negative at T if the sample was sensitive enough.
    if (Number.isNaN(lod[i])) {
      status[i] = STATUS.NE;
      reason[i] = NE_CODE.NO_SENSITIVITY;
    } else if (!reachesThreshold(lod[i], threshold)) {
      status[i] = STATUS.NE;
      reason[i] = NE_CODE.INSUFFICIENT_SENSITIVITY;
    } else if (hemodilutedIsNe && hemodiluted[i] === HEMODILUTED) {
      status[i] = STATUS.NE;
      reason[i] = NE_CODE.HEMODILUTED;
    } else {
      status[i] = STATUS.NEG;
    }
  }
  return { threshold, status, reason };
}
