/**
 * Subject-level arrays that the derivations (pipeline/derive) hand to the analyses: typed arrays
 * indexed by subject position (subjects sorted by USUBJID).
 */

/** Conversion from MRD positive to negative at one threshold. */
export interface Conversion {
  threshold: number;
  /** 1 = had a POS assessment (the denominator of the conversion rate) */
  everPositive: Uint8Array;
  /** 1 = a NEG assessment after a POS one (conversion from positive to negative) */
  converted: Uint8Array;
}
