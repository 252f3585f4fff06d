import { Worker } from 'node:worker_threads';
import { UserError, type Problem } from '../errors.js';
import type { Table } from './table.js';
import { fromWire, type WireTable } from './tableWire.js';
import type { SourceSpec } from './source.js';

/** One input table to read: its native file name in schema.ts FILES, where it comes from, and the plan's extra text columns. */
export interface ReadJob {
  file: string;
  /** the source to read (default: `file` with our column names) */
  source?: SourceSpec;
  extraText?: string[];
  extraRequired?: boolean;
  /** read only bytes [start, end) of the file, whose header is given (split reading, readTable.ts) */
  part?: { start: number; end: number; header: string[] };
}

export type ReadOutcome =
  | { ok: true; table: WireTable }
  | { ok: false; problem: Problem; exitCode: number }
  | { ok: false; problem?: undefined; message: string; stack?: string };

/** Reads `jobs` one after the other on a worker thread; settles per file, like readTable, and never rejects. */
export function readOnWorker(dir: string, jobs: ReadJob[], onStart?: (worker: Worker) => void): Promise<PromiseSettledResult<Table>[]> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./tableWorker.js', import.meta.url), { workerData: { dir, jobs } });
    onStart?.(worker);
    worker.once('message', (outcomes: ReadOutcome[]) => {
      resolve(
        outcomes.map((o): PromiseSettledResult<Table> => {
          if (o.ok) return { status: 'fulfilled', value: fromWire(o.table) };
          if (o.problem !== undefined) return { status: 'rejected', reason: new UserError(o.problem, o.exitCode) };
          const err = new Error(o.message);
          if (o.stack) err.stack = `Error: ${o.message}\n    (in the table-reading worker:)\n${o.stack}`;
          return { status: 'rejected', reason: err };
        }),
      );
      void worker.terminate();
    });
    // never rejects: the caller may await it only after its own reading, and an unhandled rejection
    // in the meantime would end the process
    const failAll = (e: Error) => resolve(jobs.map(() => ({ status: 'rejected', reason: e })));
    worker.once('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))));
    worker.once('exit', (code) => failAll(new Error(`the table-reading worker stopped (exit code ${code}) before answering`)));
  });
}

