import { clopperPearson, type ProportionCI } from './clopperPearson.js';

/**
 * Paired MRD results of the same samples (or subjects) by next-generation flow (NGF) and next-generation
 * sequencing (NGS). "Positive" means MRD-positive: residual myeloma detected by the assay at or above its
 * reporting threshold (e.g. 1e-5); "negative" means MRD-negative. Counts of samples:
 *
 * |              | NGS negative                  | NGS positive                  |
 * |--------------|-------------------------------|-------------------------------|
 * | NGF negative | a = `bothNegative`            | b = `ngfNegativeNgsPositive`  |
 * | NGF positive | c = `ngfPositiveNgsNegative`  | d = `bothPositive`            |
 */
export interface PairedMrdTable {
  /** a: MRD-negative by both NGF and NGS */
  bothNegative: number;
  /** b: MRD-negative by NGF, MRD-positive by NGS */
  ngfNegativeNgsPositive: number;
  /** c: MRD-positive by NGF, MRD-negative by NGS */
  ngfPositiveNgsNegative: number;
  /** d: MRD-positive by both NGF and NGS */
  bothPositive: number;
}

/** Which method plays the comparator ("reference") for positive and negative percent agreement. */
export type AgreementReference = 'ngs' | 'ngf';

export interface PercentAgreementResult {
  /** number of paired results, a + b + c + d */
  n: number;
  /** comparator method: PPA and NPA are conditional on its result */
  reference: AgreementReference;
  /** confidence level of the three intervals */
  level: number;
  /** overall percent agreement (a + d) / n */
  overall: ProportionCI;
  /**
   * positive percent agreement (PPA): share of the comparator's MRD-positive samples that the other method
   * also calls positive; d / (b + d) with NGS as comparator, d / (c + d) with NGF. NaN when the comparator has
   * no positive sample.
   */
  positive: ProportionCI;
  /**
   * negative percent agreement (NPA): share of the comparator's MRD-negative samples that the other method
   * also calls negative; a / (a + c) with NGS as comparator, a / (a + b) with NGF. NaN when the comparator has
   * no negative sample.
   */
  negative: ProportionCI;
}

export interface PercentAgreementOptions {
  /** comparator method; default 'ngs' (NGF is the candidate method validated against NGS) */
  reference?: AgreementReference;
  /** confidence level; default 0.95 */
  level?: number;
}

/**
 * Rejects tables whose counts are not non-negative integers (a programming error: counts come from derive).
 * Shared by percentAgreement, cohensKappa and mcnemarTest.
 */
export function assertPairedMrdTable(table: PairedMrdTable, caller: string): void {
  for (const key of ['bothNegative', 'ngfNegativeNgsPositive', 'ngfPositiveNgsNegative', 'bothPositive'] as const) {
    const v = table[key];
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new RangeError(`${caller} needs non-negative integer counts, got ${key}=${String(v)}`);
    }
  }
}

/**
 * Overall, positive and negative percent agreement between NGF and NGS MRD calls, each with a Clopper-Pearson
 * exact interval (SAS PROC FREQ BINOMIAL exact limits; R `binom.test(x, n)$conf.int`).
 *
 * Definitions (CLSI EP12-A2, "User Protocol for Evaluation of Qualitative Test Performance", 2008; FDA,
 * "Statistical Guidance on Reporting Results from Studies Evaluating Diagnostic Tests", 2007, section on
 * comparison with a non-reference standard): with a comparator method R and a candidate method T,
 * - overall percent agreement = (a + d) / n,
 * - positive percent agreement PPA = P(T positive | R positive),
 * - negative percent agreement NPA = P(T negative | R negative).
 * Each is a binomial proportion (successes among a fixed group of samples), so its Clopper-Pearson interval
 * (Clopper & Pearson, Biometrika 1934;26:404-413) is exact. NGS is the default comparator, as when a central lab
 * validates its NGF assay against an NGS assay (clonoSEQ is the FDA-cleared MRD assay in myeloma); pass
 * `reference: 'ngf'` for the converse. PPA/NPA are not sensitivity/specificity: the comparator is not a gold
 * standard, and the two are not symmetric in the methods.
 *
 * Not computed here: the proportions of specific agreement 2d / (2d + b + c) and 2a / (2a + b + c)
 * (Cicchetti & Feinstein, J Clin Epidemiol 1990;43:551-558), which treat the methods symmetrically; they are
 * not binomial proportions (each discordant sample counts once, each concordant one twice), so a
 * Clopper-Pearson interval on them would be mislabelled, and Cohen's kappa (cohensKappa.ts) already gives a
 * symmetric, chance-corrected summary.
 *
 * @example
 * percentAgreement({ bothNegative: 40, ngfNegativeNgsPositive: 5, ngfPositiveNgsNegative: 3, bothPositive: 52 })
 * // overall:  { x: 92, n: 100, rate: 0.92,      ciLower: 0.8484424, ciUpper: 0.9648284 }
 * // positive: { x: 52, n: 57,  rate: 0.9122807, ciLower: 0.8070427, ciUpper: 0.9709014 }  (PPA: of 57 NGS-positive)
 * // negative: { x: 40, n: 43,  rate: 0.9302326, ciLower: 0.8093928, ciUpper: 0.9853745 }  (NPA: of 43 NGS-negative)
 */
export function percentAgreement(table: PairedMrdTable, options: PercentAgreementOptions = {}): PercentAgreementResult {
  assertPairedMrdTable(table, 'percentAgreement');
  const reference = options.reference ?? 'ngs';
  const level = options.level ?? 0.95;
  if (reference !== 'ngs' && reference !== 'ngf') throw new RangeError(`reference must be 'ngs' or 'ngf', got ${String(reference)}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const { bothNegative: a, ngfNegativeNgsPositive: b, ngfPositiveNgsNegative: c, bothPositive: d } = table;
  const n = a + b + c + d;
  // discordant samples that the comparator calls positive / negative
  const referencePositiveOnly = reference === 'ngs' ? b : c;
  const referenceNegativeOnly = reference === 'ngs' ? c : b;
  return {
    n,
    reference,
    level,
    overall: clopperPearson(a + d, n, level),
    positive: clopperPearson(d, d + referencePositiveOnly, level),
    negative: clopperPearson(a, a + referenceNegativeOnly, level),
  };
}
