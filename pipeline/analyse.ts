import { formatProblem, UserError, type Problem } from './errors.js';
import { readStudy, type InputFile, type StudyTables } from './ingest/readStudy.js';
import { withoutNumbers } from './ingest/filterTable.js';
import { accountRows, type Accounting, type Table } from './ingest/table.js';
import type { Plan } from '../model/plan.js';
import { FILES, type ResponseCategory } from '../model/schema.js';
import { checkReferences } from './validate/checkReferences.js';
import { deriveSubjects, subjectOf, type Subjects } from './derive/deriveSubjects.js';
import { deriveSampleSensitivity, type SampleSensitivity } from './derive/deriveSampleSensitivity.js';
import { deriveSampleEligibility } from './derive/deriveSampleEligibility.js';
import { deriveSampleStatuses, type SampleStatus } from './derive/deriveSampleStatus.js';
import { deriveBestResponse, deriveFirstCrDay, isCrOrBetter } from './derive/deriveBestResponse.js';
import { deriveSubjectMrdStatus, type SubjectMrdStatus } from './derive/deriveSubjectMrdStatus.js';
import { deriveAssessmentFrame, deriveAssessmentStatus, type Assessments } from './derive/deriveMrdAssessments.js';
import { deriveSustainedNegativity, type SustainedNegativity } from './derive/deriveSustainedNegativity.js';
import { deriveTimepointNegativity } from './derive/deriveTimepointNegativity.js';
import { deriveNegativeImagingDays } from './derive/deriveNegativeImaging.js';
import { analyseMrdRates, type MrdEndpointFlags, type MrdPopulation, type MrdRate } from '../analyses/mrdRates.js';
import { analyseMrdComparisons, type MrdComparison } from '../analyses/mrdComparisons.js';
import { analyseSubgroupRates, type SubgroupRate } from '../analyses/subgroupRates.js';
import { strataIndex } from '../analyses/strataIndex.js';
import { analyseByArm, analysePfsByMrdStatus, type TimeToEventResult } from '../analyses/timeToEvent.js';
import { deriveNegativityDuration, type NegativityDuration } from './derive/deriveNegativityDuration.js';
import { DAYS_PER_MONTH } from './ingest/dates.js';
import { deriveMethodPairs } from './derive/deriveMethodPairs.js';
import { deriveImagingAndFlcNormal } from './derive/deriveCompositeResponse.js';
import { deriveAntiCd38NgfFlags, type AntiCd38NgfFlag } from './derive/deriveAntiCd38Flags.js';
import { deriveMaskedCrFlags, type MaskedCrFlag } from './derive/deriveMaskedCrFlags.js';
import { deriveConversion } from './derive/deriveConversion.js';
import type { Conversion, TteRecords } from '../model/derived.js';
import { analyseMethodConcordance, type MethodConcordance } from '../analyses/methodConcordance.js';
import { analyseAssayFailures, type FailureCount, type FailureRate } from '../analyses/assayFailures.js';
import { analyseConversionRates, type ConversionRate } from '../analyses/conversionRates.js';
import { analyseResponseRates, type ResponseRate } from '../analyses/responseRates.js';
import { mapFloat64, mapInt32, mapUint8 } from '../analyses/typedMap.js';

export type { Accounting } from './ingest/table.js';
export type { TteRecords } from '../model/derived.js';

/** Everything one `mrd run` derives and computes, before any formatting. */
export interface Analysis {
  plan: Plan;
  inputs: InputFile[];
  tables: StudyTables;
  accounting: Accounting[];
  rejected: Problem[];
  subjects: Subjects;
  sensitivity: SampleSensitivity;
  /** exclusion reason per mrd.csv row as its code in REASONS (model/status.ts); 0: the sample counts */
  exclusion: Uint8Array;
  sampleStatus: SampleStatus[];
  bestResponse: (ResponseCategory | null)[];
  /** MRD assessments (combined per mrd.combine), one entry per threshold */
  assessments: Assessments[];
  subjectMrd: SubjectMrdStatus[];
  sustained: SustainedNegativity[];
  /** SUSTAINED_MRD_NEG when imaging was required and available, else SUSTAINED_MRD_NEG_MARROW */
  sustainedEndpoint: 'SUSTAINED_MRD_NEG' | 'SUSTAINED_MRD_NEG_MARROW';
  mrdRates: MrdRate[];
  /** randomisation strata labels (cross-classification of plan.strata) */
  strataLabels: string[];
  mrdComparisons: MrdComparison[];
  subgroups: SubgroupRate[];
  timeToEvent: TimeToEventResult[];
  concordance: MethodConcordance[];
  failures: FailureCount[];
  failureRates: FailureRate[];
  /** conversion from MRD positive to negative, ITT subjects with a POS assessment, by threshold and arm */
  conversion: ConversionRate[];
  flags: { ngfAntiCd38: AntiCd38NgfFlag[]; maskedCr: MaskedCrFlag[] };
  responseRates: ResponseRate[];
  responseComparisons: MrdComparison[];
  /** name of the composite endpoint when imaging data exist, else null */
  compositeEndpoint: string | null;
  /** the subject-level flag of every MRD endpoint at every threshold, as the rate tables count them */
  endpoints: MrdEndpointFlags[];
  /** 1 = best response CR or better */
  crOrBetter: Uint8Array;
  /** conversion from positive to negative, one entry per threshold */
  conversionFlags: Conversion[];
  /** per entry of timeToEvent, the records it analysed (for the ADTTE data set) */
  tteRecords: TteRecords[];
}

/**
 * No usable subject leaves nothing to analyse (every rate would be 0/0, a stratified test would have no
 * stratum), and a required file whose every row was rejected would silently analyse as "no data": stop
 * before any statistic, saying how many rows were read and why the first was rejected (`mrd validate`
 * lists them all). A required file with no rows at all (a header only) is data: nothing recorded yet.
 */
function requireUsableRows(tables: StudyTables): void {
  for (const spec of FILES) {
    const t = tables[spec.table];
    if (!spec.required || t.n > 0 || (spec.table !== 'subjects' && t.rowsRead === 0)) continue;
    const first = t.rejected[0];
    throw new UserError({
      file: t.file,
      rule: 'file.no-usable-rows',
      message:
        `no usable row: ${t.rowsRead} read, ${t.rejected.length} rejected${first ? ` (the first: ${formatProblem(first)})` : ''}; ` +
        `nothing can be analysed. Run \`mrd validate\` for the full list.`,
    });
  }
}

/** Receives the wall time of each stage (for `npm run bench`). */
export type StageTimer = (stage: 'read' | 'validate' | 'derive' | 'statistics', ms: number) => void;

/** The parts of the Analysis known once every sample has its status (what the sample listing prints and the swimmer pages draw). */
export type SampleParts = Pick<Analysis, 'plan' | 'tables' | 'accounting' | 'subjects' | 'sensitivity' | 'exclusion' | 'sampleStatus'>;

/** What `mrd run` does meanwhile, at points of the analysis. */
export interface AnalysisHooks {
  onStage?: StageTimer;
  /** the plan and the bytes of the data files, before these are read (`mrd run` starts the figure worker there, if the plan wants figures) */
  onPlan?: (plan: Plan, dataBytes: number) => void;
  /** the samples' statuses, before the subject-level derivations (`mrd run` starts writing the sample listing and drawing the swimmer pages there) */
  onSamples?: (parts: SampleParts) => void;
}

/** read → validate → derive → analyse, for one study folder. */
export async function analyseStudy(dir: string, hooks: AnalysisHooks = {}): Promise<Analysis> {
  const { onStage, onPlan, onSamples } = hooks;
  let t0 = performance.now();
  const lap = (stage: Parameters<StageTimer>[0]) => {
    const t = performance.now();
    onStage?.(stage, t - t0);
    t0 = t;
  };
  // The tables as read and as checked live only inside readAndCheck: what this function keeps in scope
  // stays alive until it returns, through the statistics, where a 10^6-subject run has its peak.
  const { plan, inputs, accounting, rejected, subjects, sensitivity, tables } = await readAndCheck(dir, onPlan, lap);
  const exclusion = deriveSampleEligibility(tables.mrd, subjects, plan);
  const sampleStatus = deriveSampleStatuses(tables.mrd, sensitivity.lod, exclusion, plan.mrd.thresholds, plan);
  onSamples?.({ plan, tables, accounting, subjects, sensitivity, exclusion, sampleStatus });
  const bestResponse = deriveBestResponse(tables.response, subjects, plan);
  const crDay = deriveFirstCrDay(tables.response, subjects, plan, bestResponse);
  const frame = deriveAssessmentFrame(tables.mrd, exclusion, subjects, plan);
  const assessments = sampleStatus.map((s) => deriveAssessmentStatus(frame, s, plan));
  const subjectMrd = assessments.map((a) => deriveSubjectMrdStatus(a, subjects.n));
  const useImaging = plan.mrd.sustained.requireImaging && tables.imaging.present;
  const imagingDays = useImaging ? deriveNegativeImagingDays(tables.imaging, subjects, plan) : undefined;
  const sustained = assessments.map((a) => deriveSustainedNegativity(a, subjects.n, plan.mrd.sustained.minGapDays, imagingDays));
  const sustainedEndpoint = useImaging ? 'SUSTAINED_MRD_NEG' : 'SUSTAINED_MRD_NEG_MARROW';

  lap('derive');
  const crOrBetter = mapUint8(bestResponse, (c) => (isCrOrBetter(c) ? 1 : 0));
  const imagingFlc = tables.imaging.present ? deriveImagingAndFlcNormal(tables.imaging, tables.response, subjects, plan) : null;
  const endpoints: MrdEndpointFlags[] = [];
  assessments.forEach((a, k) => {
    const t = a.threshold;
    endpoints.push({ endpoint: 'MRD_NEG', threshold: t, flag: subjectMrd[k].negative });
    endpoints.push({ endpoint: 'MRD_NEG_CR', threshold: t, flag: both(subjectMrd[k].negative, crOrBetter) });
    endpoints.push({ endpoint: sustainedEndpoint, threshold: t, flag: sustained[k].sustained });
    for (const tp of plan.mrd.timepoints) {
      endpoints.push({ endpoint: `MRD_NEG_CR_${tp.name}`, threshold: t, flag: deriveTimepointNegativity(a, subjects.randDay, crDay, tp) });
    }
    if (imagingFlc) endpoints.push({ endpoint: COMPOSITE, threshold: t, flag: both(subjectMrd[k].negative, imagingFlc) });
  });
  const evaluable = new Map(subjectMrd.map((m) => [m.threshold, m.evaluable]));
  const mrdRates = analyseMrdRates({ arm: subjects.arm, itt: subjects.itt, crOrBetter, evaluable, endpoints }, plan);

  const strata = strataIndex(plan.strata.map((c) => subjects.text[c]), subjects.n);
  const itt = subjects.itt;
  const crItt = both(itt, crOrBetter);
  const evaluableItt = new Map([...evaluable].map(([t, e]) => [t, both(itt, e)]));
  const inPopulation = (p: MrdPopulation, t: number): Uint8Array => (p === 'ITT' ? itt : p === 'CR' ? crItt : evaluableItt.get(t)!);
  const mrdComparisons = analyseMrdComparisons({ arm: subjects.armIndex, inPopulation, stratum: strata.index, nStrata: strata.labels.length, endpoints }, plan);
  const primary = endpoints.filter((e) => e.threshold === plan.mrd.primaryThreshold && (e.endpoint === 'MRD_NEG' || e.endpoint === 'MRD_NEG_CR'));
  const subgroups = analyseSubgroupRates({ arm: subjects.armIndex, itt, text: subjects.text, endpoints: primary }, plan);

  const response = analyseResponseRates({ arm: subjects.armIndex, itt, best: bestResponse, stratum: strata.index, nStrata: strata.labels.length }, plan);
  const { results: timeToEvent, records: tteRecords } = analyseTimeToEvent(tables, subjects, plan, strata, assessments, subjectMrd);

  const concordance = analyseConcordance(tables.mrd, sensitivity.lod, exclusion, subjects, plan);
  const m = tables.mrd;
  const { failures, rates: failureRates } = analyseAssayFailures(
    { method: m.text.METHOD, result: m.text.RESULT, reason: m.text.FAILRSN, lab: m.text.LAB, subject: subjectOf(m, subjects), armOfSubject: subjects.armIndex },
    plan.arms.map((x) => x.code),
    plan.stats.ciLevel,
  );
  const conversionFlags = assessments.map((a) => deriveConversion(a, subjects.n));
  const conversion = analyseConversionRates(
    conversionFlags,
    subjects,
    plan,
  );
  const flags = {
    ngfAntiCd38: deriveAntiCd38NgfFlags(tables.mrd, tables.therapy, subjects, plan.cutoffDay),
    maskedCr: deriveMaskedCrFlags(tables.response, tables.therapy, subjects, bestResponse, plan.cutoffDay),
  };

  lap('statistics');
  return {
    plan,
    inputs,
    tables,
    accounting,
    rejected,
    subjects,
    sensitivity,
    exclusion,
    sampleStatus,
    bestResponse,
    assessments,
    subjectMrd,
    sustained,
    sustainedEndpoint,
    mrdRates,
    strataLabels: strata.labels,
    mrdComparisons,
    subgroups,
    timeToEvent,
    concordance,
    failures,
    failureRates,
    conversion,
    flags,
    compositeEndpoint: imagingFlc ? COMPOSITE : null,
    responseRates: response.rates,
    responseComparisons: response.comparisons,
    endpoints,
    crOrBetter,
    conversionFlags,
    tteRecords,
  };
}

/**
 * The study read (readStudy) and checked (checkReferences), every input row accounted for, and the
 * first derivations (deriveSampleParts), which need the checked tables whole.
 */
async function readAndCheck(dir: string, onPlan: AnalysisHooks['onPlan'], lap: (stage: 'read' | 'validate') => void) {
  const study = await readStudy(dir, onPlan);
  lap('read');
  const checked = checkReferences(study);
  requireUsableRows(checked);
  const accounting: Accounting[] = accountRows(Object.values(checked));
  const rejected = Object.values(checked).flatMap((t) => t.rejected);
  lap('validate');
  return { plan: study.plan, inputs: study.inputs, accounting, rejected, ...deriveSampleParts(checked, study.plan) };
}

/**
 * The subjects, each sample's achieved sensitivity, and the tables the rest of the analysis reads: the
 * MRD table without the numbers only validation and the achieved sensitivity read (the cells analysed
 * are sensitivity.cells, which is CELLS itself unless a row took its cells from DNA). At 10^7 samples
 * each such column is 78 MB the Analysis would hold until the outputs are built; columns absent from
 * the file share one NaN array, freed only once none of them is kept.
 */
function deriveSampleParts(checked: StudyTables, plan: Plan) {
  const subjects = deriveSubjects(checked, plan);
  const sensitivity = deriveSampleSensitivity(checked.mrd, plan);
  const readBefore = ['DNANG', 'LOD', 'CLONALEV', 'RECVDTM', 'PROCDTM'];
  const drop = sensitivity.cells === checked.mrd.num.CELLS ? readBefore : ['CELLS', ...readBefore];
  const tables: StudyTables = { ...checked, mrd: withoutNumbers(checked.mrd, drop) };
  return { subjects, sensitivity, tables };
}

/** NGS vs NGF on the paired samples, at each threshold: only the paired samples need a status here. */
function analyseConcordance(mrd: Table, lod: Float64Array, exclusion: Uint8Array, subjects: Subjects, plan: Plan): MethodConcordance[] {
  const pairs = deriveMethodPairs(mrd, exclusion, subjects, plan);
  const ngs = deriveSampleStatuses(mrd, lod, pairs.exclusion, plan.mrd.thresholds, plan, pairs.ngs);
  const ngf = deriveSampleStatuses(mrd, lod, pairs.exclusion, plan.mrd.thresholds, plan, pairs.ngf);
  return plan.mrd.thresholds.map((t, k) => analyseMethodConcordance(t, ngs[k].status, ngf[k].status, plan.stats.ciLevel));
}

/** CDE guideline composite: imaging-confirmed extramedullary clearance + marrow MRD negative + normal FLC ratio. */
export const COMPOSITE = 'MRD_NEG_IMAGING_FLC';

/**
 * Every time-to-event analysis of the run: each tte.csv parameter by arm (ITT, stratified by the
 * randomisation strata), the duration of MRD negativity by arm at each threshold (unstratified:
 * responders are not a randomised comparison), and PFS by MRD status at the landmark.
 */
function analyseTimeToEvent(
  tables: StudyTables,
  subjects: Subjects,
  plan: Plan,
  strata: { index: Int32Array; labels: string[] },
  assessments: Assessments[],
  subjectMrd: SubjectMrdStatus[],
): { results: TimeToEventResult[]; records: TteRecords[] } {
  const out: TimeToEventResult[] = [];
  const records: TteRecords[] = [];
  const tte = tables.tte;
  const strataNote = plan.strata.length ? plan.strata.join(' × ') : 'none';
  // the parameters some row holds, each with its dictionary codes (several when the dictionary is not distinct)
  const paramcd = tte.text.PARAMCD;
  const paramCodes = paramcd.codes;
  const used = new Uint8Array(paramcd.dict.length);
  for (let i = 0; i < tte.n; i++) used[paramCodes[i]] = 1;
  const params = [...new Set(paramcd.dict.filter((_, c) => used[c]) as string[])].sort();
  const tteSubject = subjectOf(tte, subjects);
  let pfs: { time: Float64Array; event: Uint8Array; arm: Int32Array; subject: Int32Array; row: Int32Array } | null = null;
  for (const param of params) {
    const { subject: subj, row, time, event, arm, strata: st } = parameterRecords(tte, tteSubject, paramcd.codeMask((v) => v === param), subjects, plan.strata.length ? strata.index : undefined);
    out.push(analyseByArm({ endpoint: param, threshold: null, population: 'ITT', time, event, arm, strata: st, strataNote }, plan));
    records.push({ subject: subj, time, event, sourceRow: row, derivedDays: null });
    if (param === 'PFS') pfs = { time, event, arm, subject: subj, row };
  }

  const progression = plan.mrd.durationEvent === 'reappearance-progression-death' ? subjects.progressionDay : null;
  assessments.forEach((a) => {
    const d = deriveNegativityDuration(a, subjects.n, progression);
    const itt = ittDurations(d, subjects);
    const keep = itt.keep;
    records.push({
      subject: mapInt32(keep, (k) => d.subject[k]),
      time: itt.time,
      event: itt.event,
      sourceRow: new Int32Array(keep.length).fill(-1),
      derivedDays: { start: mapFloat64(keep, (k) => d.startDay[k]), end: mapFloat64(keep, (k) => d.endDay[k]) },
    });
    out.push(
      analyseByArm(
        { endpoint: 'MRD_NEG_DURATION', threshold: a.threshold, population: 'ITT subjects who became MRD negative', time: itt.time, event: itt.event, arm: itt.arm, strataNote: 'none' },
        plan,
      ),
    );
  });

  if (pfs && plan.mrdLandmark !== null) {
    const k = plan.mrd.thresholds.indexOf(plan.mrd.primaryThreshold);
    const landmarkDays = plan.mrdLandmark * DAYS_PER_MONTH;
    const first = subjectMrd[k].firstNegativeDay;
    const negativeBy = mapUint8(pfs.subject, (s) => (first[s] - subjects.randDay[s] <= landmarkDays ? 1 : 0));
    const result = analysePfsByMrdStatus({ ...pfs, negativeBy }, plan.mrdLandmark, plan.mrd.primaryThreshold, plan);
    out.push(result.result);
    const p = pfs;
    const keep = result.kept;
    records.push({
      subject: mapInt32(keep, (i) => p.subject[i]),
      time: mapFloat64(keep, (i) => p.time[i] - plan.mrdLandmark!),
      event: mapUint8(keep, (i) => p.event[i]),
      sourceRow: mapInt32(keep, (i) => p.row[i]),
      group: mapUint8(keep, (i) => negativeBy[i]),
      derivedDays: null,
    });
  }
  return { results: out, records };
}

/**
 * The ITT subjects' records of one tte.csv parameter (rows whose PARAMCD code `isParam` marks), in
 * subject order, not file order (one record per subject and parameter after checkReferences, placed
 * directly by subject index): subject, months from STARTDT to ADT, event (CNSR = 0), arm, and the
 * stratum when the analysis is stratified.
 */
function parameterRecords(
  tte: Table,
  tteSubject: Int32Array,
  isParam: Uint8Array,
  subjects: Subjects,
  stratum: Int32Array | undefined,
): { subject: Int32Array; row: Int32Array; time: Float64Array; event: Uint8Array; arm: Int32Array; strata: Int32Array | undefined } {
  const at = new Int32Array(subjects.n).fill(-1);
  const codes = tte.text.PARAMCD.codes;
  for (let i = 0; i < tte.n; i++) {
    if (isParam[codes[i]] && subjects.itt[tteSubject[i]]) at[tteSubject[i]] = i;
  }
  let m = 0;
  for (let s = 0; s < at.length; s++) if (at[s] >= 0) m++;
  const out = { subject: new Int32Array(m), row: new Int32Array(m), time: new Float64Array(m), event: new Uint8Array(m), arm: new Int32Array(m), strata: stratum && new Int32Array(m) };
  const { ADT, STARTDT, CNSR } = tte.num;
  for (let s = 0, k = 0; s < at.length; s++) {
    const i = at[s];
    if (i < 0) continue;
    out.subject[k] = s;
    out.row[k] = i;
    out.time[k] = (ADT[i] - STARTDT[i]) / DAYS_PER_MONTH;
    out.event[k] = CNSR[i] === 0 ? 1 : 0;
    out.arm[k] = subjects.armIndex[s];
    if (out.strata !== undefined) out.strata[k] = stratum![s];
    k++;
  }
  return out;
}

/**
 * The durations of negativity of the ITT subjects among them: their positions in `d`, months, event and
 * arm (the duration's own columns, shared, when every subject is in the ITT population).
 */
function ittDurations(d: NegativityDuration, subjects: Subjects): { keep: Int32Array; time: Float64Array; event: Uint8Array; arm: Int32Array } {
  const keep = ittEntries(d.subject, subjects.itt);
  if (keep.length === d.subject.length) {
    const arm = new Int32Array(keep.length);
    for (let k = 0; k < arm.length; k++) arm[k] = subjects.armIndex[d.subject[k]];
    return { keep, time: d.months, event: d.event, arm };
  }
  const out = { keep, time: new Float64Array(keep.length), event: new Uint8Array(keep.length), arm: new Int32Array(keep.length) };
  for (let j = 0; j < keep.length; j++) {
    const k = keep[j];
    out.time[j] = d.months[k];
    out.event[j] = d.event[k];
    out.arm[j] = subjects.armIndex[d.subject[k]];
  }
  return out;
}

/** The positions k with subject[k] in the ITT population. */
function ittEntries(subject: Int32Array, itt: Uint8Array): Int32Array {
  let n = 0;
  for (let k = 0; k < subject.length; k++) n += itt[subject[k]];
  const keep = new Int32Array(n);
  for (let k = 0, j = 0; k < subject.length; k++) if (itt[subject[k]]) keep[j++] = k;
  return keep;
}

/** 1 where both flags are 1. */
function both(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] & b[i];
  return out;
}

