import type { Analysis } from '../../pipeline/analyse.js';
import { subjectOf } from '../../pipeline/derive/deriveSubjects.js';
import { LOD_SOURCE } from '../../pipeline/derive/deriveSampleSensitivity.js';
import { EXCLUSION, NE_REASON, REASONS, STATUS_LABEL } from '../../model/status.js';
import { constantText, textColumnValues, type AdamDataset, type AdamVariable } from './adamDataset.js';
import { thresholdCode, thresholdText } from './mrdParameters.js';
import { subjectVariables, SUBJECT_VARIABLES } from './subjectVariables.js';

/** REASONS as a dictionary indexed by code (0: none). */
function reasonDict(): (string | null)[] {
  return Array.from({ length: 256 }, (_, k) => (k === 0 ? null : (REASONS.text(k) ?? null)));
}

/**
 * ADMRDS (ADaM OTHER): one record per MRD sample as read (every usable row of the MRD file), with the
 * facts the endpoints are built from: the achieved sensitivity and its source, the exclusion reason,
 * and the status and not-evaluable reason at each threshold as variables (MRDSTn, MRDRSn; n is the
 * threshold's exponent). SRCFILE and SRCLINE give the input file and its line (row, or record). The
 * records keep the order of the MRD file, which ASEQ numbers (unique in the data set, its key with
 * STUDYID); ADMRD's SRCSEQ refers to it.
 */
export function buildAdmrds(a: Analysis): AdamDataset {
  const m = a.tables.mrd;
  const subject = subjectOf(m, a.subjects);
  const of = (i: number) => subject[i];
  const plan = a.plan;
  const randDay = a.subjects.randDay;
  const colldt = m.num.COLLDT;
  const { lod, cells, source } = a.sensitivity;
  const level = m.num.MRDLEVEL;
  const reasons = reasonDict();
  const exclusion = a.exclusion;
  const line = m.line;
  const statusCodes = { name: 'MRDSTAT', items: STATUS_LABEL.map((s) => ({ coded: s, decode: STATUS_DECODE[s] })) };
  const exclusionCodes = { name: 'MRDEXCL', items: Object.values(EXCLUSION).map((r) => ({ coded: r })) };
  const neCodes = { name: 'MRDNERS', items: [...Object.values(NE_REASON), ...Object.values(EXCLUSION)].map((r) => ({ coded: r })) };
  const reserved = new Set([...SUBJECT_VARIABLES, 'ASEQ', 'SAMPLEID', 'ADT', 'ADY', 'METHOD', 'SPEC', 'CENTRAL', 'RESULT', 'FAILRSN', 'LAB', 'MRDLEVEL', 'CELLS', 'LOD', 'LODSRC', 'EXCLRSN', 'SRCFILE', 'SRCLINE']);
  for (const t of plan.mrd.thresholds) reserved.add(`MRDST${thresholdCode(t, plan)}`).add(`MRDRS${thresholdCode(t, plan)}`);
  const file = m.file;
  const variables: AdamVariable[] = [
    // the subject's identifiers, arm and ITT flag; the descriptors (treatment text, strata) are in ADMRD
    ...subjectVariables(a, of, reserved).filter((v) => SAMPLE_LEVEL_SUBJECT_VARIABLES.includes(v.name)),
    { name: 'ASEQ', label: 'Analysis Sequence Number', type: 'integer', origin: { type: 'Derived' }, method: 'position of the sample among the usable rows of the MRD file, in file order', values: { kind: 'num', at: (i) => i + 1 } },
    { name: 'SAMPLEID', label: 'Sample Identifier', type: 'text', origin: { type: 'Predecessor', source: `${file} SAMPLEID` }, values: textColumnValues(m.text.SAMPLEID) },
    { name: 'ADT', label: 'Analysis Date (Sample Collection)', type: 'date', format: 'DATE9.', origin: { type: 'Predecessor', source: `${file} COLLDT` }, values: { kind: 'date', at: (i) => colldt[i] } },
    { name: 'ADY', label: 'Analysis Relative Day', type: 'integer', origin: { type: 'Derived' }, method: 'ADT - RANDDT + 1 on or after the randomisation date, ADT - RANDDT before it', values: { kind: 'num', at: (i) => { const d = colldt[i] - randDay[subject[i]]; return d >= 0 ? d + 1 : d; } } },
    { name: 'METHOD', label: 'MRD Method', type: 'text', origin: { type: 'Predecessor', source: `${file} METHOD` }, codelist: { name: 'MRDMETH', items: [{ coded: 'NGF', decode: 'Next-generation flow (EuroFlow)' }, { coded: 'NGS', decode: 'Next-generation sequencing' }] }, values: textColumnValues(m.text.METHOD) },
    { name: 'SPEC', label: 'Specimen Type', type: 'text', origin: { type: 'Predecessor', source: `${file} SPEC` }, values: textColumnValues(m.text.SPEC) },
    { name: 'CENTRAL', label: 'Central Laboratory', type: 'text', origin: { type: 'Predecessor', source: `${file} CENTRAL` }, values: textColumnValues(m.text.CENTRAL) },
    { name: 'RESULT', label: 'Reported MRD Result', type: 'text', origin: { type: 'Predecessor', source: `${file} RESULT` }, values: textColumnValues(m.text.RESULT) },
    { name: 'FAILRSN', label: 'Reason Test Failed', type: 'text', origin: { type: 'Predecessor', source: `${file} FAILRSN` }, values: textColumnValues(m.text.FAILRSN) },
    { name: 'LAB', label: 'Laboratory', type: 'text', origin: { type: 'Predecessor', source: `${file} LAB` }, values: textColumnValues(m.text.LAB) },
    { name: 'MRDLEVEL', label: 'Reported MRD Level (Fraction of Cells)', type: 'float', origin: { type: 'Predecessor', source: `${file} MRDLEVEL` }, values: { kind: 'num', at: (i) => level[i] } },
    { name: 'CELLS', label: 'Nucleated Cells Evaluated', type: 'float', origin: { type: 'Derived' }, method: 'CELLS of the MRD file; for NGS without CELLS, DNANG x 1000 / mrd.ngs.dnaPerCellPg', values: { kind: 'num', at: (i) => cells[i] } },
    { name: 'LOD', label: 'Achieved Limit of Detection', type: 'float', format: 'E10.', origin: { type: 'Derived' }, method: "the lab's LOD when reported; else NGF mrd.ngf.lodEvents / CELLS; else NGS mrd.ngs.lodCells / cells (docs/rules.md, achieved sensitivity)", values: { kind: 'num', at: (i) => lod[i] } },
    { name: 'LODSRC', label: 'Source of Achieved LOD', type: 'text', origin: { type: 'Derived' }, codelist: { name: 'LODSRC', items: LOD_SOURCE.map((s) => ({ coded: s })) }, method: 'which rule gave LOD: LAB_LOD, NGF_EVENTS, NGS_CELLS, NGS_DNA, or NONE', values: { kind: 'coded', dict: LOD_SOURCE, code: (i) => source[i] } },
    { name: 'EXCLRSN', label: 'Reason Sample Does Not Count', type: 'text', origin: { type: 'Derived' }, codelist: exclusionCodes, method: 'the first sample rule that applies, in the order of docs/rules.md (specimen, local lab, combine rule, before randomisation, after cut-off, on or after progression, on or after new therapy); empty when the sample counts', values: { kind: 'coded', dict: reasons, code: (i) => exclusion[i] } },
  ];
  a.sampleStatus.forEach((st) => {
    const e = thresholdCode(st.threshold, plan);
    const t = thresholdText(st.threshold);
    const status = st.status;
    const reason = st.reason;
    variables.push(
      { name: `MRDST${e}`, label: `MRD Status at ${t}`, type: 'text', origin: { type: 'Derived' }, codelist: statusCodes, method: `status at ${t} in the order of docs/rules.md: EXCLUDED; FAILED or NOT DONE gives NE; level at or above ${t} or POSITIVE without level gives POS; no LOD, LOD above ${t} or hemodiluted negative gives NE; else NEG`, values: { kind: 'coded', dict: STATUS_LABEL, code: (i) => status[i] } },
      { name: `MRDRS${e}`, label: `Reason Not Evaluable at ${t}`, type: 'text', origin: { type: 'Derived' }, codelist: neCodes, method: 'for NE: FAILED, NOT_DONE, NO_CELL_COUNT_OR_LOD, LOD_ABOVE_THRESHOLD or HEMODILUTED_NEGATIVE; for EXCLUDED the exclusion reason', values: { kind: 'coded', dict: reasons, code: (i) => reason[i] } },
    );
  });
  variables.push(
    { name: 'SRCFILE', label: 'Source File', type: 'text', origin: { type: 'Assigned' }, values: constantText(file) },
    { name: 'SRCLINE', label: `Source ${m.lineUnit === 'line' ? 'Line' : m.lineUnit === 'row' ? 'Row' : 'Record'} in SRCFILE`, type: 'integer', origin: { type: 'Assigned' }, method: 'line of the text file (the header is line 1), row of the spreadsheet, or record of the transport or Dataset-JSON file', values: { kind: 'num', at: (i) => line[i] } },
  );
  return {
    name: 'ADMRDS',
    label: 'MRD Sample-Level Analysis Data',
    adamClass: 'ADAM OTHER',
    structure: 'One record per MRD sample',
    keys: ['STUDYID', 'ASEQ'],
    rows: m.n,
    variables,
  };
}

const SAMPLE_LEVEL_SUBJECT_VARIABLES = ['STUDYID', 'USUBJID', 'ARMCD', 'ITTFL'];

const STATUS_DECODE: Record<string, string> = { NE: 'Not evaluable', NEG: 'Negative', POS: 'Positive', EXCLUDED: 'Does not count (EXCLRSN)' };
