/**
 * The data issues `mrd validate` reports (SPEC.md section 5): one per row (or per subject for the
 * completeness rules), each with a stable rule id and a severity. docs/validation.md documents every
 * rule listed here.
 */

/** error: the data cannot be used as is; warning: needs a query to the site; info: for the record. */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface Issue {
  file: string;
  /** 1-based line, the header being line 1; null for subject-level issues */
  line: number | null;
  subject: string | null;
  sample: string | null;
  rule: string;
  severity: Severity;
  message: string;
}

export interface RuleInfo {
  severity: Severity;
  /** one line saying what the rule checks, printed in the summary */
  title: string;
  /** the row is rejected: `mrd run` does not use it (counted in the record accounting) */
  rejectsRow?: boolean;
}

/** Every rule `mrd validate` can report, with its severity. */
export const RULES: Record<string, RuleInfo> = {
  // reading (pipeline/ingest/readTable.ts): the row is rejected
  'csv.malformed': { severity: 'error', rejectsRow: true, title: 'row cannot be split into fields (broken quoting); not used' },
  'csv.column-count': { severity: 'error', rejectsRow: true, title: 'row has more or fewer fields than the header; not used' },
  'value.required': { severity: 'error', rejectsRow: true, title: 'required value is empty; row not used' },
  'value.allowed': { severity: 'error', rejectsRow: true, title: 'value is not one of the allowed codes; row not used' },
  'value.yn': { severity: 'error', rejectsRow: true, title: 'Y/N column holds something else; row not used' },
  'date.iso': { severity: 'error', rejectsRow: true, title: 'date is not a real ISO date YYYY-MM-DD; row not used' },
  'number.format': { severity: 'error', rejectsRow: true, title: 'number does not parse; row not used' },
  'number.range': { severity: 'error', rejectsRow: true, title: 'number outside its allowed range; row not used' },
  'date.format': { severity: 'error', rejectsRow: true, title: 'date not in the format mapping.yaml gives; row not used' },
  'date.sas': { severity: 'error', rejectsRow: true, title: 'numeric date is not a whole number of days (SAS date); row not used' },
  'date.excel': { severity: 'error', rejectsRow: true, title: 'numeric date is not an Excel serial date; row not used' },
  'json.row-length': { severity: 'error', rejectsRow: true, title: 'Dataset-JSON row with more or fewer values than columns; not used' },
  // mapping.yaml code lists
  'mapping.unmapped-value': { severity: 'error', rejectsRow: true, title: "coded value not in the mapping's code list nor a valid code; row not used" },
  'value.unparsed-optional': { severity: 'warning', title: 'optional number or date that does not parse (e.g. NA); read as empty, row kept' },
  'mapping.unlisted-value': { severity: 'warning', title: "free-text value not in the mapping's code list; kept as written" },
  // cross-file references (pipeline/validate/checkReferences.ts): the row is rejected
  'subject.duplicate': { severity: 'error', rejectsRow: true, title: 'subject appears more than once in subjects.csv; first row used' },
  'subject.arm-unknown': { severity: 'error', rejectsRow: true, title: "subject's arm is not in the plan; subject not used" },
  'orphan.subject': { severity: 'error', rejectsRow: true, title: 'row for a subject that is not a usable row of subjects.csv; not used' },
  'sample.duplicate': { severity: 'error', rejectsRow: true, title: 'same subject, sample and method more than once; first row used' },
  'tte.duplicate': { severity: 'error', rejectsRow: true, title: 'time-to-event parameter more than once for a subject; first row used' },
  'tte.before-start': { severity: 'error', rejectsRow: true, title: 'time-to-event ADT before STARTDT; row not used' },
  'tte.after-cutoff': { severity: 'error', rejectsRow: true, title: 'time-to-event ADT after the data cut-off; row not used' },
  'subject.id-case': { severity: 'warning', title: 'subject IDs that differ only in letter case (E05 / e05)' },
  // dates
  'subject.randomised-after-cutoff': { severity: 'error', rejectsRow: true, title: 'RANDDT after the data cut-off; subject not used' },
  'mrd.before-randomisation': { severity: 'warning', title: 'MRD sample (not positive) collected before randomisation' },
  'mrd.pre-randomisation-positive': { severity: 'info', title: 'positive MRD sample before randomisation (baseline / clone identification)' },
  'mrd.after-cutoff': { severity: 'info', title: 'MRD sample collected after the cut-off (not used)' },
  'mrd.received-before-collection': { severity: 'warning', title: 'RECVDTM before the collection date' },
  'mrd.processed-before-received': { severity: 'warning', title: 'PROCDTM before RECVDTM' },
  'response.before-randomisation': { severity: 'warning', title: 'response assessment before randomisation' },
  'response.after-cutoff': { severity: 'info', title: 'response assessment after the cut-off (not used)' },
  'therapy.end-before-start': { severity: 'warning', title: 'therapy ENDT before STDT' },
  // MRD quality
  'mrd.level-out-of-range': { severity: 'error', title: 'MRDLEVEL above 1, or 0 on a positive result (must be a fraction in (0, 1])' },
  'mrd.level-zero-negative': { severity: 'info', title: 'MRDLEVEL 0 on a non-positive result (leave it empty)' },
  'mrd.negative-with-level': { severity: 'error', title: 'NEGATIVE result with a level at or above the primary threshold (contradictory)' },
  'mrd.positive-no-level': { severity: 'warning', title: 'POSITIVE result without MRDLEVEL (positive at every threshold)' },
  'mrd.sensitivity-unknown': { severity: 'warning', title: 'negative without cells, DNA input or LOD: sensitivity unknown' },
  'mrd.sensitivity-below-primary': { severity: 'warning', title: 'negative whose achieved LOD does not reach the primary threshold' },
  'mrd.lod-below-one-cell': { severity: 'warning', title: 'lab LOD smaller than one cell among the cells evaluated' },
  'mrd.level-below-lloq': { severity: 'info', title: 'NGF positive level below the LLOQ (detected, not quantifiable)' },
  'mrd.hemodiluted-negative': { severity: 'warning', title: 'hemodiluted negative sample' },
  'mrd.ngs-no-clone': { severity: 'error', title: 'NGS negative with CLONEID = N (no baseline clone to track)' },
  'mrd.ngs-clone-unknown': { severity: 'warning', title: 'NGS negative with CLONEID empty (baseline clone not documented)' },
  'mrd.failed-no-reason': { severity: 'warning', title: 'FAILED test without FAILRSN' },
  'mrd.ngf-processing-late': { severity: 'warning', title: 'NGF sample processed later than mrd.ngf.maxHoursToProcessing after collection' },
  'mrd.ngf-processing-time-missing': { severity: 'info', title: 'NGF sample without PROCDTM: stability cannot be checked' },
  'mrd.anti-cd38-masking': { severity: 'warning', title: 'NGF sample during or within 180 days after anti-CD38 therapy (epitope masking)' },
  // completeness (subject level: no line)
  'completeness.cr-without-mrd': { severity: 'warning', title: 'best response CR/sCR without an evaluable MRD assessment at the primary threshold' },
  'completeness.unconfirmed-negative': { severity: 'warning', title: 'first MRD negative not followed by a later evaluable assessment' },
  'completeness.timepoint-missing': { severity: 'warning', title: 'no MRD sample in a plan timepoint window the subject was followed through' },
};

/** Severity of a rule; a reading rule this list does not know yet rejects a row, so it is an error. */
export function severityOf(rule: string): Severity {
  return RULES[rule]?.severity ?? 'error';
}

export function titleOf(rule: string): string {
  return RULES[rule]?.title ?? rule;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function cmp(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** The report order: file, line (subject-level issues after the rows of their file), rule, then the rest. */
export function compareIssues(a: Issue, b: Issue): number {
  return (
    cmp(a.file, b.file) ||
    (a.line === b.line ? 0 : a.line === null ? 1 : b.line === null ? -1 : a.line - b.line) ||
    cmp(a.rule, b.rule) ||
    cmp(a.subject, b.subject) ||
    cmp(a.sample, b.sample) ||
    cmp(a.message, b.message)
  );
}

export interface RuleCount {
  rule: string;
  severity: Severity;
  count: number;
  title: string;
}

/** One line per rule that occurred: errors first, then warnings, then info; by rule id within each. */
export function summariseIssues(issues: Issue[]): RuleCount[] {
  const counts = new Map<string, number>();
  for (const i of issues) counts.set(i.rule, (counts.get(i.rule) ?? 0) + 1);
  return [...counts.entries()]
    .map(([rule, count]) => ({ rule, severity: severityOf(rule), count, title: titleOf(rule) }))
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || cmp(a.rule, b.rule));
}

/** Issue counts by severity. */
export function countBySeverity(issues: Issue[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const i of issues) out[i.severity]++;
  return out;
}

/** Builds an issue with the severity of its rule. */
export function issue(file: string, line: number | null, subject: string | null, sample: string | null, rule: string, message: string): Issue {
  return { file, line, subject, sample, rule, severity: severityOf(rule), message };
}
