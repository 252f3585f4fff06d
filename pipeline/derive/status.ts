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
