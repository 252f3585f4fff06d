/**
 * Arrays that the derivations (pipeline/derive) hand to the analyses and the reports: typed arrays
 * indexed by subject position (subjects sorted by USUBJID), or records in subject order.
 */

/** Conversion from MRD positive to negative at one threshold. */
export interface Conversion {
  threshold: number;
  /** 1 = had a POS assessment (the denominator of the conversion rate) */
  everPositive: Uint8Array;
  /** 1 = a NEG assessment after a POS one (conversion from positive to negative) */
  converted: Uint8Array;
}

/**
 * The records one time-to-event analysis used, in subject order: subject position, the time analysed
 * (months) and the event flag; for PFS by MRD status, the MRD group (1 = negative by the landmark).
 * `sourceRow` is the tte.csv row, -1 for endpoints derived from MRD data. Origin and end dates are
 * held only for the latter (`derivedDays`): a tte.csv record's are its row's STARTDT and ADT, and
 * copies of them took 45 MB at 10^6 subjects (see `recordDays`).
 */
export interface TteRecords {
  subject: Int32Array;
  time: Float64Array;
  event: Uint8Array;
  sourceRow: Int32Array;
  group?: Uint8Array;
  /** origin and end day of each record, when the records are not read from tte.csv; else null */
  derivedDays: { start: Float64Array; end: Float64Array } | null;
}

/**
 * Origin and end day (days since 1970-01-01) of each record of `r`: its own, or those of its tte.csv
 * row (`startDt` and `adt` are tte.csv's STARTDT and ADT columns).
 */
export function recordDays(r: TteRecords, startDt: Float64Array, adt: Float64Array): { start: (k: number) => number; end: (k: number) => number } {
  const own = r.derivedDays;
  if (own !== null) return { start: (k) => own.start[k], end: (k) => own.end[k] };
  const row = r.sourceRow;
  return { start: (k) => startDt[row[k]], end: (k) => adt[row[k]] };
}
