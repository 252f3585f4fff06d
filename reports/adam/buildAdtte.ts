import type { Analysis } from '../../pipeline/analyse.js';
import { recordDays } from '../../model/derived.js';
import type { AdamDataset, AdamParameter, AdamVariable } from './adamDataset.js';
import { thresholdCode, thresholdText } from './mrdParameters.js';
import { NY_CODELIST, subjectVariables, SUBJECT_VARIABLES } from './subjectVariables.js';
import { UserError } from '../../pipeline/errors.js';

const KNOWN: Record<string, string> = { PFS: 'Progression-Free Survival (Months)', OS: 'Overall Survival (Months)' };

export interface TteParameter extends AdamParameter {
  /** the endpoint of results.json timeToEvent */
  endpoint: string;
  threshold: number | null;
  event: string;
  censoring: string;
}

/** The ADTTE parameter of each time-to-event analysis of the run, in the order of results.json. */
export function tteParameters(a: Analysis): TteParameter[] {
  const plan = a.plan;
  const progression = plan.mrd.durationEvent === 'reappearance-progression-death';
  return a.timeToEvent.map((r) => {
    if (r.endpoint === 'MRD_NEG_DURATION') {
      const t = thresholdText(r.threshold!);
      return {
        endpoint: r.endpoint,
        threshold: r.threshold,
        paramcd: `MRDDUR${thresholdCode(r.threshold!, plan)}`,
        param: `Duration of MRD Negativity at ${t} (Months)`,
        method: `ITT subjects with a NEG assessment at ${t}: from the first NEG assessment (STARTDT) to the first later POS assessment${progression ? ', or progression or death if earlier,' : ''} (event), else censored at the last NEG or POS assessment. AVAL = (ADT - STARTDT) / 30.4375.`,
        event: progression ? 'MRD REAPPEARANCE, PROGRESSION OR DEATH' : 'MRD REAPPEARANCE (POS ASSESSMENT)',
        censoring: 'LAST EVALUABLE MRD ASSESSMENT',
      };
    }
    if (r.groupedBy === 'mrd') {
      const L = plan.mrdLandmark!;
      return {
        endpoint: r.endpoint,
        threshold: r.threshold,
        paramcd: `PFSLM${L}`,
        param: `PFS from Month ${L} by MRD Status (Months)`,
        method: `Landmark analysis: ITT subjects with PFS longer than ${L} months (or exactly ${L} and censored); AVAL = (ADT - STARTDT) / 30.4375 - ${L}; MRDLMFL = Y when MRD negative at ${thresholdText(r.threshold!)} on or before month ${L}. Compared stratified by arm.`,
        event: 'PROGRESSION OR DEATH',
        censoring: 'AS IN THE PFS SOURCE RECORD',
      };
    }
    if (r.endpoint.length > 8) throw new UserError({ file: a.tables.tte.file, column: 'PARAMCD', value: r.endpoint, rule: 'adam.paramcd', message: 'a PARAMCD written to ADTTE must have at most 8 characters (ADaM IG)' });
    return {
      endpoint: r.endpoint,
      threshold: null,
      paramcd: r.endpoint,
      param: KNOWN[r.endpoint] ?? `${r.endpoint} (Months)`,
      method: `ITT subjects; the record of ${a.tables.tte.file} with PARAMCD = ${r.endpoint}. AVAL = (ADT - STARTDT) / 30.4375; CNSR as in the source (0 = event).`,
      event: r.endpoint === 'OS' ? 'DEATH' : r.endpoint === 'PFS' ? 'PROGRESSION OR DEATH' : 'EVENT',
      censoring: 'CENSORED',
    };
  });
}

/**
 * ADTTE (BDS, time-to-event): one record per subject and time-to-event parameter, exactly the records
 * each survival analysis of results.json used (ITT; for the duration of negativity only subjects who
 * became negative; for the landmark analysis only subjects event-free at the landmark). AVAL in months,
 * CNSR 1 = censored (ADaM), STARTDT the origin, ADT the event or censoring date. `coxph(Surv(AVAL,
 * 1 - CNSR) ~ TRT01P + strata(...))` on one PARAMCD reproduces the hazard ratio of the tables.
 */
export function buildAdtte(a: Analysis): AdamDataset {
  const params = tteParameters(a);
  const recs = a.tteRecords;
  const offsets = new Int32Array(recs.length + 1);
  recs.forEach((r, j) => (offsets[j + 1] = offsets[j] + r.subject.length));
  const rows = offsets[recs.length];
  const analysisOf = new Uint16Array(rows);
  for (let j = 0; j < recs.length; j++) analysisOf.fill(j, offsets[j], offsets[j + 1]);
  const at = (i: number) => i - offsets[analysisOf[i]];
  const subjectOf = (i: number) => recs[analysisOf[i]].subject[at(i)];
  const tte = a.tables.tte;
  const days = recs.map((r) => recordDays(r, tte.num.STARTDT, tte.num.ADT));
  const evntdesc = tte.text.EVNTDESC;
  const cnsdtdsc = tte.text.CNSDTDSC;
  const sourceRow = (i: number) => recs[analysisOf[i]].sourceRow[at(i)];
  const event = (i: number) => recs[analysisOf[i]].event[at(i)];
  const progressionDay = a.plan.mrd.durationEvent === 'reappearance-progression-death' ? a.subjects.progressionDay : null;
  // the descriptions as one dictionary: the source record's own text when it has one, else the
  // parameter's (the duration of negativity tells reappearance from progression)
  const dict: (string | null)[] = [null];
  const codeOf = new Map<string, number>();
  const code = (text: string) => codeOf.get(text) ?? (codeOf.set(text, dict.push(text) - 1), dict.length - 1);
  // per tte.csv row, the code of its own text (0: none), all known before any row is written
  const rowCodes = (col: typeof evntdesc): Int32Array => {
    const out = new Int32Array(tte.n);
    if (!col) return out;
    const byDict = col.bytes === null ? col.dict.map((t) => (t ? code(t) : 0)) : null;
    for (let r = 0; r < tte.n; r++) {
      if (byDict) out[r] = byDict[col.codes[r]];
      else {
        const t = col.at(r);
        out[r] = t ? code(t) : 0;
      }
    }
    return out;
  };
  const ownEvent = rowCodes(evntdesc);
  const ownCensoring = rowCodes(cnsdtdsc);
  const paramEvent = params.map((p) => code(p.event));
  const paramCensoring = params.map((p) => code(p.censoring));
  const reappearance = code('MRD REAPPEARANCE (POS ASSESSMENT)');
  const progressed = code('PROGRESSION OR DEATH');
  const description = (i: number, which: 'event' | 'censoring'): number => {
    const r = sourceRow(i);
    if (r >= 0) {
      const own = which === 'event' ? ownEvent[r] : ownCensoring[r];
      if (own) return own;
    }
    const j = analysisOf[i];
    if (which === 'event' && params[j].endpoint === 'MRD_NEG_DURATION') return progressionDay !== null && days[j].end(at(i)) === progressionDay[subjectOf(i)] ? progressed : reappearance;
    return which === 'event' ? paramEvent[j] : paramCensoring[j];
  };
  const hasGroup = recs.some((r) => r.group !== undefined);
  const own = ['PARAMCD', 'PARAM', 'PARAMN', 'AVAL', 'AVALU', 'STARTDT', 'ADT', 'CNSR', 'EVNTDESC', 'CNSDTDSC', 'MRDLMFL', 'SRCFILE', 'SRCLINE'];
  const variables: AdamVariable[] = [
    ...subjectVariables(a, subjectOf, new Set([...SUBJECT_VARIABLES, ...own])),
    { name: 'PARAMCD', label: 'Parameter Code', type: 'text', origin: { type: 'Assigned' }, codelist: { name: 'PARAMCD_ADTTE', items: params.map((p) => ({ coded: p.paramcd, decode: p.param })) }, values: { kind: 'coded', dict: params.map((p) => p.paramcd), code: (i) => analysisOf[i] } },
    { name: 'PARAM', label: 'Parameter', type: 'text', origin: { type: 'Assigned' }, values: { kind: 'coded', dict: params.map((p) => p.param), code: (i) => analysisOf[i] } },
    { name: 'PARAMN', label: 'Parameter (N)', type: 'integer', origin: { type: 'Assigned' }, values: { kind: 'num', at: (i) => analysisOf[i] + 1 } },
    { name: 'AVAL', label: 'Analysis Value', type: 'float', origin: { type: 'Derived' }, method: 'time in months as analysed, the rule of the parameter (value-level metadata of PARAMCD)', values: { kind: 'num', at: (i) => recs[analysisOf[i]].time[at(i)] } },
    { name: 'AVALU', label: 'Analysis Value Unit', type: 'text', origin: { type: 'Assigned' }, values: { kind: 'coded', dict: ['MONTHS'], code: () => 0 } },
    { name: 'STARTDT', label: 'Time-to-Event Origin Date for Subject', type: 'date', format: 'DATE9.', origin: { type: 'Derived' }, method: 'STARTDT of the source record (PFS, OS, landmark); for the duration of negativity the date of the first NEG assessment', values: { kind: 'date', at: (i) => days[analysisOf[i]].start(at(i)) } },
    { name: 'ADT', label: 'Analysis Date', type: 'date', format: 'DATE9.', origin: { type: 'Derived' }, method: 'date of the event or of censoring', values: { kind: 'date', at: (i) => days[analysisOf[i]].end(at(i)) } },
    { name: 'CNSR', label: 'Censor', type: 'integer', origin: { type: 'Derived' }, codelist: { name: 'CNSR', items: [{ coded: '0', decode: 'Event' }, { coded: '1', decode: 'Censored' }] }, method: '1 = censored, 0 = event', values: { kind: 'num', at: (i) => 1 - event(i) } },
    { name: 'EVNTDESC', label: 'Event or Censoring Description', type: 'text', origin: { type: 'Derived' }, method: 'EVNTDESC of the source record when given; else the event of the parameter', values: { kind: 'coded', dict, code: (i) => (event(i) ? description(i, 'event') : 0) } },
    { name: 'CNSDTDSC', label: 'Censor Date Description', type: 'text', origin: { type: 'Derived' }, method: 'CNSDTDSC of the source record when given; else what the censoring date is', values: { kind: 'coded', dict, code: (i) => (event(i) ? 0 : description(i, 'censoring')) } },
  ];
  if (hasGroup) {
    variables.push({ name: 'MRDLMFL', label: 'MRD Negative by Landmark Flag', type: 'text', origin: { type: 'Derived' }, codelist: NY_CODELIST, method: 'PFSLM records: Y when the subject was MRD negative at the primary threshold on or before the landmark; empty for other parameters', values: { kind: 'coded', dict: [null, 'N', 'Y'], code: (i) => { const g = recs[analysisOf[i]].group; return g === undefined ? 0 : g[at(i)] + 1; } } });
  }
  variables.push(
    { name: 'SRCFILE', label: 'Source File', type: 'text', origin: { type: 'Assigned' }, values: { kind: 'coded', dict: [null, tte.file], code: (i) => (sourceRow(i) >= 0 ? 1 : 0) } },
    { name: 'SRCLINE', label: 'Source Line, Row or Record in SRCFILE', type: 'integer', origin: { type: 'Assigned' }, values: { kind: 'num', at: (i) => { const r = sourceRow(i); return r >= 0 ? tte.line[r] : Number.NaN; } } },
  );
  return {
    name: 'ADTTE',
    label: 'Time-to-Event Analysis Data',
    adamClass: 'BASIC DATA STRUCTURE',
    subclass: 'TIME-TO-EVENT',
    structure: 'One record per subject per parameter',
    keys: ['STUDYID', 'PARAMN', 'USUBJID'],
    rows,
    variables,
    parameters: params,
    parameterValue: 'AVAL',
  };
}
