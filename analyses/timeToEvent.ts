import type { Plan } from '../model/plan.js';
import { analyseSurvival, type SurvivalAnalysis } from './survivalAnalysis.js';
import { mapFloat64, mapInt32, mapUint8 } from './typedMap.js';

/** One time-to-event analysis of the run: which endpoint, how subjects were grouped, the result. */
export interface TimeToEventResult {
  /** PARAMCD of tte.csv, MRD_NEG_DURATION, or PFS_BY_MRD_<L>M */
  endpoint: string;
  /** MRD threshold for MRD-derived endpoints */
  threshold: number | null;
  /** `arm`: by randomised arm (reference = control); `mrd`: MRD-negative vs not (reference = not negative) */
  groupedBy: 'arm' | 'mrd';
  /** what the strata of the log-rank test and the Cox model were */
  strataNote: string;
  /** subjects analysed */
  population: string;
  analysis: SurvivalAnalysis;
}

export interface ArmSurvivalInput {
  endpoint: string;
  threshold: number | null;
  population: string;
  /** months from the origin */
  time: Float64Array;
  event: Uint8Array;
  /** arm position in plan.arms */
  arm: Int32Array;
  /** randomisation stratum per subject; omit for an unstratified analysis */
  strata?: Int32Array;
  strataNote: string;
}

/** A time-to-event endpoint by randomised arm: hazard ratio experimental vs control. */
export function analyseByArm(input: ArmSurvivalInput, plan: Plan): TimeToEventResult {
  const reference = plan.arms.findIndex((a) => a.control);
  const analysis = analyseSurvival(
    { time: input.time, event: input.event, group: input.arm, groupLabels: plan.arms.map((a) => a.code), reference, strata: input.strata },
    { confType: plan.stats.kmConfType, level: plan.stats.ciLevel, ties: plan.stats.coxTies, landmarks: plan.landmarks },
  );
  return { endpoint: input.endpoint, threshold: input.threshold, groupedBy: 'arm', strataNote: input.strataNote, population: input.population, analysis };
}

/**
 * PFS by MRD status at a landmark (landmark analysis, Anderson, Cain & Gelber, J Clin Oncol
 * 1983;1:710-719): only subjects still event-free and followed at the landmark L (PFS time > L, or
 * censored exactly at L), grouped by MRD negativity reached on or before L, with time counted from L.
 * Conditioning on being event-free at L removes the guarantee-time bias of comparing responders with
 * non-responders from randomisation. Stratified by randomised arm.
 *
 * @param negativeBy per subject, 1 = MRD negative on or before the landmark
 * @returns the analysis and the positions of the records it kept
 */
export function analysePfsByMrdStatus(
  pfs: { time: Float64Array; event: Uint8Array; arm: Int32Array; negativeBy: Uint8Array },
  landmarkMonths: number,
  threshold: number,
  plan: Plan,
): { result: TimeToEventResult; kept: number[] } {
  const keep: number[] = [];
  for (let i = 0; i < pfs.time.length; i++) {
    const t = pfs.time[i];
    if (t > landmarkMonths || (t === landmarkMonths && pfs.event[i] === 0)) keep.push(i);
  }
  const analysis = analyseSurvival(
    {
      time: mapFloat64(keep, (i) => pfs.time[i] - landmarkMonths),
      event: mapUint8(keep, (i) => pfs.event[i]),
      group: mapInt32(keep, (i) => pfs.negativeBy[i]),
      groupLabels: ['NOT_MRD_NEG', 'MRD_NEG'],
      reference: 0,
      strata: mapInt32(keep, (i) => pfs.arm[i]),
    },
    { confType: plan.stats.kmConfType, level: plan.stats.ciLevel, ties: plan.stats.coxTies, landmarks: plan.landmarks },
  );
  const result: TimeToEventResult = {
    endpoint: `PFS_BY_MRD_${landmarkMonths}M`,
    threshold,
    groupedBy: 'mrd',
    strataNote: 'randomised arm',
    population: `ITT subjects event-free at month ${landmarkMonths}; time from the landmark`,
    analysis,
  };
  return { result, kept: keep };
}
