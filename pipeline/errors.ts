/**
 * A problem in the user's input or command line. The CLI prints `message` with no stack trace; every
 * field that locates the problem is optional because some errors concern a whole file or argument.
 */
export interface Problem {
  file?: string;
  /** 1-based line; the header is line 1 (for other formats see `lineUnit`) */
  line?: number;
  /**
   * what `line` numbers when the file is not line-based text: `row` a spreadsheet row (its row number),
   * `record` an observation of a SAS transport or Dataset-JSON file (1 = the first observation)
   */
  lineUnit?: 'line' | 'row' | 'record';
  /** USUBJID / SAMPLEID written in the row concerned, for the query list */
  subject?: string;
  sample?: string;
  column?: string;
  value?: string;
  /** stable rule identifier, e.g. `date.iso`, `plan.unknown-key` */
  rule: string;
  message: string;
}

export class UserError extends Error {
  readonly problem: Problem;
  /** exit status the CLI should use */
  readonly exitCode: number;
  constructor(problem: Problem, exitCode: number = EXIT.INPUT) {
    super(formatProblem(problem));
    this.name = 'UserError';
    this.problem = problem;
    this.exitCode = exitCode;
  }
}

/** A signal (SIGINT, SIGTERM, SIGHUP) arrived while the outputs were written: nothing was written. */
export class Interrupted extends Error {
  readonly exitCode: number;
  constructor(readonly signal: NodeJS.Signals, outDir: string) {
    super(`interrupted (${signal}); nothing was written to ${outDir}`);
    this.name = 'Interrupted';
    this.exitCode = 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15);
  }
}

/** Exit statuses of the `mrd` command (documented in README.md). */
export const EXIT = {
  OK: 0,
  /** `mrd validate`: the study was read, and error-severity issues were found */
  DATA_ERRORS: 1,
  /** the study or the command line cannot be used at all */
  INPUT: 2,
  /** a bug: an unexpected exception */
  INTERNAL: 70,
} as const;

/** `file:line: column COL, value "V": message [rule]`, leaving out the parts that are unknown. */
export function formatProblem(p: Problem): string {
  const unit = p.lineUnit === 'record' ? ', record ' : p.lineUnit === 'row' ? ', row ' : ':';
  const where = p.line !== undefined && p.file !== undefined ? `${p.file}${unit}${p.line}` : (p.file ?? (p.line !== undefined ? `line ${p.line}` : ''));
  const what: string[] = [];
  if (p.column !== undefined) what.push(`column ${p.column}`);
  if (p.value !== undefined) what.push(`value ${JSON.stringify(p.value.length > 80 ? p.value.slice(0, 77) + '...' : p.value)}`);
  const head = [where, what.join(', ')].filter((s) => s.length > 0).join(': ');
  return `${head ? head + ': ' : ''}${p.message} [${p.rule}]`;
}
