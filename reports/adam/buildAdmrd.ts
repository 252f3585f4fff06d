import type { Analysis } from '../../pipeline/analyse.js';
import type { AdamDataset, AdamVariable } from './adamDataset.js';
import { mrdParameters, thresholdCode, type MrdParameter } from './mrdParameters.js';
import { flagValues, NY_CODELIST, strataNames, subjectVariables, SUBJECT_VARIABLES } from './subjectVariables.js';

const OWN = ['CRFL', 'MRDEVLFL', 'MRDPOSFL', 'PARAMCD', 'PARAM', 'PARAMN', 'MRDTHR', 'AVALC', 'AVAL', 'ADT', 'SRCDOM', 'SRCVAR', 'SRCSEQ'];

/** What one parameter's rows read, per subject position. */
interface ParameterColumns {
  p: MrdParameter;
  /** position of the threshold among the plan's */
  k: number;
  flag: Uint8Array;
  day: Float64Array | null;
  /** mrd.csv row of the source sample, -1 none */
  source: Int32Array | null;
}

/** Each parameter's flag, date and source sample: the arrays of the analysis its records print. */
function parameterColumns(a: Analysis, params: MrdParameter[]): ParameterColumns[] {
  return params.map((p): ParameterColumns => {
    const k = a.plan.mrd.thresholds.indexOf(p.threshold);
    const m = a.subjectMrd[k];
    if (p.endpoint === 'CONVERSION') return { p, k, flag: a.conversionFlags[k].converted, day: null, source: null };
    const flag = a.endpoints.find((e) => e.endpoint === p.endpoint && e.threshold === p.threshold)!.flag;
    if (p.endpoint === 'MRD_NEG') return { p, k, flag, day: m.firstNegativeDay, source: m.firstNegativeRow };
    if (p.endpoint === a.sustainedEndpoint) return { p, k, flag, day: a.sustained[k].confirmDay, source: a.sustained[k].confirmRow };
    if (p.endpoint.startsWith('MRD_NEG_CR_')) return { p, k, flag, day: null, source: null };
    return { p, k, flag, day: null, source: m.firstNegativeRow };
  });
}

/**
 * ADMRD (BDS): one record per subject and MRD parameter (each endpoint at each threshold), AVALC Y/N
 * and AVAL 1/0 exactly as the rate tables count them. The populations are flags on the record, not
 * extra records (ADaM IG 1.3 section 3.1.4): ITTFL, CRFL (best response CR or better) and, per
 * threshold, MRDEVLFL (MRD-evaluable) and MRDPOSFL (had a POS assessment: the conversion denominator).
 * The rate of a table cell is `count(AVALC = "Y") / count(rows)` over the rows of one PARAMCD and arm
 * with the population flag = "Y". SRCDOM/SRCVAR/SRCSEQ point at the ADMRDS sample that decided a Y
 * (the first negative, or the confirming one for sustained negativity).
 */
export function buildAdmrd(a: Analysis): AdamDataset {
  // No function made here may refer to `a` (as in startOutputs): the values' functions outlive this
  // call until the file is written, and a closure over `a` would keep the whole analysis alive
  const plan = a.plan;
  const params = mrdParameters(plan, a.endpoints, a.compositeEndpoint);
  const columns = parameterColumns(a, params);
  const P = columns.length;
  const subjectOf = (i: number) => (i / P) | 0;
  const paramOf = (i: number) => i % P;
  const reserved = new Set([...SUBJECT_VARIABLES, ...OWN]);
  const cr = a.crOrBetter;
  const evaluable = a.subjectMrd.map((m) => m.evaluable);
  const everPositive = a.conversionFlags.map((c) => c.everPositive);
  const paramcds = params.map((p) => p.paramcd);
  const srcvars = params.map((p) => `MRDST${thresholdCode(p.threshold, plan)}`);
  const variables: AdamVariable[] = [
    ...subjectVariables(a, subjectOf, reserved),
    { name: 'CRFL', label: 'Best Response CR or Better Flag', type: 'text', origin: { type: 'Derived' }, codelist: NY_CODELIST, method: 'Y when the best overall response (IMWG, on or after randomisation, before progression, the cut-off and subsequent therapy) is CR or sCR. With ITTFL = Y: the CR population.', values: flagValues((i) => cr[subjectOf(i)]) },
    { name: 'MRDEVLFL', label: 'MRD-Evaluable at Threshold Flag', type: 'text', origin: { type: 'Derived' }, codelist: NY_CODELIST, method: 'Y when the subject has at least one NEG or POS MRD assessment at the threshold of the record (MRDTHR). With ITTFL = Y: the MRD-evaluable population.', values: flagValues((i) => evaluable[columns[paramOf(i)].k][subjectOf(i)]) },
    { name: 'MRDPOSFL', label: 'MRD Positive at Threshold Flag', type: 'text', origin: { type: 'Derived' }, codelist: NY_CODELIST, method: 'Y when the subject has at least one POS MRD assessment at the threshold of the record: the denominator of conversion (MRDCNV).', values: flagValues((i) => everPositive[columns[paramOf(i)].k][subjectOf(i)]) },
    {
      name: 'PARAMCD',
      label: 'Parameter Code',
      type: 'text',
      origin: { type: 'Assigned' },
      codelist: { name: 'PARAMCD_ADMRD', items: params.map((p) => ({ coded: p.paramcd, decode: p.param })) },
      values: { kind: 'coded', dict: paramcds, code: paramOf },
    },
    { name: 'PARAM', label: 'Parameter', type: 'text', origin: { type: 'Assigned' }, values: { kind: 'coded', dict: params.map((p) => p.param), code: paramOf } },
    { name: 'PARAMN', label: 'Parameter (N)', type: 'integer', origin: { type: 'Assigned' }, values: { kind: 'num', at: (i) => paramOf(i) + 1 } },
    { name: 'MRDTHR', label: 'MRD Threshold (Fraction of Cells)', type: 'float', format: 'E10.', origin: { type: 'Assigned' }, method: 'the MRD threshold of the parameter (study.yaml mrd.thresholds)', values: { kind: 'num', at: (i) => columns[paramOf(i)].p.threshold } },
    { name: 'AVALC', label: 'Analysis Value (C)', type: 'text', origin: { type: 'Derived' }, codelist: NY_CODELIST, method: 'the rule of the parameter (value-level metadata of PARAMCD)', values: flagValues((i) => columns[paramOf(i)].flag[subjectOf(i)]) },
    { name: 'AVAL', label: 'Analysis Value', type: 'integer', origin: { type: 'Derived' }, method: '1 when AVALC = Y, 0 when AVALC = N', values: { kind: 'num', at: (i) => columns[paramOf(i)].flag[subjectOf(i)] } },
    {
      name: 'ADT',
      label: 'Analysis Date',
      type: 'date',
      format: 'DATE9.',
      origin: { type: 'Derived' },
      method: 'MRDNEG: date of the first NEG assessment; sustained negativity: date of the confirming NEG assessment; missing for the other parameters and when AVALC = N',
      values: {
        kind: 'date',
        at: (i) => {
          const c = columns[paramOf(i)];
          const s = subjectOf(i);
          return c.day !== null && c.flag[s] ? c.day[s] : Number.NaN;
        },
      },
    },
    { name: 'SRCDOM', label: 'Source Data', type: 'text', origin: { type: 'Assigned' }, method: 'ADMRDS when SRCSEQ points at a sample', values: { kind: 'coded', dict: [null, 'ADMRDS'], code: (i) => (sourceRow(columns[paramOf(i)], subjectOf(i)) >= 0 ? 1 : 0) } },
    { name: 'SRCVAR', label: 'Source Variable', type: 'text', origin: { type: 'Assigned' }, values: { kind: 'coded', dict: [null, ...srcvars], code: (i) => { const p = paramOf(i); return sourceRow(columns[p], subjectOf(i)) >= 0 ? p + 1 : 0; } } },
    { name: 'SRCSEQ', label: 'Source Sequence Number', type: 'integer', origin: { type: 'Derived' }, method: 'ASEQ in ADMRDS of the sample that decided AVALC = Y: the first NEG assessment, or for sustained negativity the confirming one (the primary-method sample when two methods were paired)', values: { kind: 'num', at: (i) => { const r = sourceRow(columns[paramOf(i)], subjectOf(i)); return r >= 0 ? r + 1 : Number.NaN; } } },
  ];
  return {
    name: 'ADMRD',
    label: 'MRD Subject-Level Analysis Data',
    adamClass: 'BASIC DATA STRUCTURE',
    structure: 'One record per subject per MRD parameter',
    keys: ['STUDYID', 'USUBJID', 'PARAMN'],
    rows: a.subjects.n * P,
    variables,
    parameters: params,
    parameterValue: 'AVALC',
  };
}

/** The source sample of a Y record, -1 when there is none. */
function sourceRow(c: ParameterColumns, s: number): number {
  return c.source !== null && c.flag[s] ? c.source[s] : -1;
}

/** Names the stratification factors get in ADMRD (for tests and the R check). */
export function admrdStrataNames(a: Analysis): { column: string; name: string }[] {
  return strataNames(a, new Set([...SUBJECT_VARIABLES, ...OWN]));
}
