/** Sample status codes at one threshold (stored in Uint8Arrays). */
export const STATUS = { NE: 0, NEG: 1, POS: 2, EXCLUDED: 3 } as const;
export type StatusCode = (typeof STATUS)[keyof typeof STATUS];
export const STATUS_LABEL = ['NE', 'NEG', 'POS', 'EXCLUDED'] as const;

/** Why a sample does not count at all (checked in this order; the first that applies is kept). */
export const EXCLUSION = {
  SPECIMEN: 'SPECIMEN_NOT_BM',
  LOCAL_LAB: 'LOCAL_LAB',
  METHOD: 'METHOD_NOT_IN_COMBINE_RULE',
  BEFORE_RANDOMISATION: 'BEFORE_RANDOMISATION',
  AFTER_CUTOFF: 'AFTER_CUTOFF',
  AFTER_PROGRESSION: 'ON_OR_AFTER_PROGRESSION',
  AFTER_NEW_THERAPY: 'ON_OR_AFTER_NEW_THERAPY',
} as const;

/** Why an eligible sample is not evaluable (NE) at a threshold. */
export const NE_REASON = {
  FAILED: 'FAILED',
  NOT_DONE: 'NOT_DONE',
  NO_SENSITIVITY: 'NO_CELL_COUNT_OR_LOD',
  INSUFFICIENT_SENSITIVITY: 'LOD_ABOVE_THRESHOLD',
  HEMODILUTED: 'HEMODILUTED_NEGATIVE',
} as const;

/** NE reason when `both-negative` finds a negative with no sample of the other method to confirm it. */
export const SECOND_METHOD_MISSING = 'SECOND_METHOD_MISSING';

/**
 * Reasons stored as small integer codes, one byte per sample or assessment instead of a string
 * pointer (8 bytes, times three thresholds, at 10^7 samples). Code 0 is "no reason" (null). The fixed
 * reasons (EXCLUSION, NE_REASON, SECOND_METHOD_MISSING) have fixed codes; combined reasons such as
 * `FAILED+LOD_ABOVE_THRESHOLD` (both-negative with two NE samples) are added when first met. A code
 * always means the same text, so codes of different thresholds and runs can be compared; outputs show
 * the text, never the code.
 *
 * @example
 * REASONS.text(EXCLUSION_CODE.AFTER_CUTOFF); // 'AFTER_CUTOFF'
 * REASONS.text(REASONS.join(NE_CODE.FAILED, NE_CODE.NOT_DONE)); // 'FAILED+NOT_DONE'
 */
export class ReasonCodes {
  private readonly texts: (string | null)[] = [null];
  private readonly index = new Map<string, number>();
  private readonly joined = new Map<number, number>();

  constructor(fixed: readonly string[]) {
    for (const r of fixed) this.code(r);
  }

  /** The code of `reason` (0 for null), given a new code when it is new. */
  code(reason: string | null): number {
    if (reason === null) return 0;
    let c = this.index.get(reason);
    if (c === undefined) {
      c = this.texts.length;
      // codes are stored in Uint8Arrays; the fixed reasons and their pairs need about 40
      if (c > 255) throw new RangeError(`ReasonCodes: more than 255 reasons (adding ${reason})`);
      this.texts.push(reason);
      this.index.set(reason, c);
    }
    return c;
  }

  /** The reason of `code` (null for 0). */
  text(code: number): string | null {
    return this.texts[code];
  }

  /** The code of the reasons of `a` and `b` joined by '+', leaving out a missing one (code 0). */
  join(a: number, b: number): number {
    const key = a * 256 + b;
    let c = this.joined.get(key);
    if (c === undefined) {
      c = this.code([this.text(a), this.text(b)].filter((r) => r !== null).join('+'));
      this.joined.set(key, c);
    }
    return c;
  }
}

/** The one table of reason codes of the pipeline. */
export const REASONS = new ReasonCodes([...Object.values(EXCLUSION), ...Object.values(NE_REASON), SECOND_METHOD_MISSING]);

function codesOf<K extends string>(reasons: Record<K, string>): Record<K, number> {
  return Object.fromEntries(Object.entries(reasons).map(([k, r]) => [k, REASONS.code(r as string)])) as Record<K, number>;
}

/** Codes of the exclusion reasons (EXCLUSION), in REASONS. */
export const EXCLUSION_CODE = codesOf(EXCLUSION);
/** Codes of the NE reasons (NE_REASON), in REASONS. */
export const NE_CODE = codesOf(NE_REASON);
export const SECOND_METHOD_MISSING_CODE = REASONS.code(SECOND_METHOD_MISSING);
