import type { Plan } from '../ingest/plan.js';
import type { Table } from '../ingest/readTable.js';
import { NE_REASON, STATUS } from './status.js';

export interface SampleStatus {
  threshold: number;
  /** STATUS code per sample */
  status: Uint8Array;
  /** NE reason, or the exclusion reason for EXCLUDED samples; null for NEG/POS */
  reason: (string | null)[];
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
  exclusion: (string | null)[],
  threshold: number,
  plan: Plan,
): SampleStatus {
  const n = mrd.n;
  const status = new Uint8Array(n);
  const reason: (string | null)[] = new Array(n).fill(null);
  const result = mrd.text.RESULT;
  const level = mrd.num.MRDLEVEL;
  const hemodiluted = mrd.text.HEMODIL;
  const hemodilutedIsNe = plan.mrd.hemodilutedNegative === 'not-evaluable';
  for (let i = 0; i < n; i++) {
    if (exclusion[i] !== null) {
      status[i] = STATUS.EXCLUDED;
      reason[i] = exclusion[i];
      continue;
    }
    const r = result[i];
    if (r === 'FAILED' || r === 'NOT DONE') {
      status[i] = STATUS.NE;
      reason[i] = r === 'FAILED' ? NE_REASON.FAILED : NE_REASON.NOT_DONE;
      continue;
    }
    const lv = level[i];
    if (lv >= threshold || (r === 'POSITIVE' && Number.isNaN(lv))) {
      status[i] = STATUS.POS;
      continue;
    }
    // NEGATIVE, or POSITIVE below the threshold: negative at T if the sample was sensitive enough.
    if (Number.isNaN(lod[i])) {
      status[i] = STATUS.NE;
      reason[i] = NE_REASON.NO_SENSITIVITY;
    } else if (!reachesThreshold(lod[i], threshold)) {
      status[i] = STATUS.NE;
      reason[i] = NE_REASON.INSUFFICIENT_SENSITIVITY;
    } else if (hemodilutedIsNe && hemodiluted[i] === 'Y') {
      status[i] = STATUS.NE;
      reason[i] = NE_REASON.HEMODILUTED;
    } else {
      status[i] = STATUS.NEG;
    }
  }
  return { threshold, status, reason };
}
