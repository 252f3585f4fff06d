import { Worker } from 'node:worker_threads';
import { isShared } from '../../model/sharedArrays.js';
import { TextColumn } from '../../pipeline/ingest/textColumn.js';
import { cellColumn, type CellColumn, type SampleListingInput } from './sampleListing.js';

// The sample listing written on a worker thread (sampleListingWorker.ts) while this thread analyses the
// study. At 10^6 subjects the listing is 1.4 GB of CSV and 9-12 s of formatting, which the write stage
// did on this thread after the analysis, while the second core was idle through derive and statistics.
// The worker reads the very arrays the analysis uses (they are in shared memory, model/sharedArrays.ts)
// and writes the file into the unfinished output folder; the bytes are those the write stage writes.

/**
 * The input as the worker gets it: the text columns prepared as CellColumns (shared arrays, no strings:
 * the 10^6 subject identifiers would cost the worker 87 MB as strings), the subject and sample cells
 * CSV-escaped, as the CSV writes them.
 */
function forWorker(input: SampleListingInput): SampleListingInput {
  return { ...input, subject: cellColumn(input.subject, true), sample: cellColumn(input.sample, true), fixed: input.fixed.map((c) => cellColumn(c, false)) };
}

/** Every array the listing reads from the input (a text column's codes, or its pool and ranges; a prepared dictionary is in shared memory). */
function arraysOf(input: SampleListingInput): ArrayBufferView[] {
  const column = (c: TextColumn | CellColumn): ArrayBufferView[] => {
    if (c instanceof TextColumn) {
      const b = c.bytes;
      return b === null ? [c.codes] : [b.pool, b.from, b.to];
    }
    return c.codes !== null ? [c.codes] : [c.pool, c.from, c.to];
  };
  return [
    input.line,
    input.day,
    input.level,
    input.cells,
    input.lod,
    input.source,
    input.exclusion,
    ...input.statuses.flatMap((s) => [s.status, s.reason]),
    ...column(input.subject),
    ...column(input.sample),
    ...input.fixed.flatMap(column),
  ];
}

/**
 * Below this many rows the write stage writes the listing itself: a thread costs about 30 ms to start
 * and a copy of the subject dictionary, and the listing of 446 subjects takes 4 ms.
 * MRD_LISTING_WORKER_MIN_ROWS overrides it, so that tests can take the worker path on small studies.
 */
const WORKER_MIN_ROWS = Number(process.env.MRD_LISTING_WORKER_MIN_ROWS ?? 100_000);

/**
 * Whether the listing is worth a thread of its own and can have one: large enough, running compiled
 * (Node 20 cannot start a .ts worker), and every array in shared memory (the CSV, XPT, Dataset-JSON and
 * XLSX readers give such columns; a table filtered or put together from several sources does not, and a
 * copy of 0.7 GB is not worth the thread).
 */
export function listingWorkerFits(input: SampleListingInput): boolean {
  return !import.meta.url.endsWith('.ts') && input.n >= WORKER_MIN_ROWS && arraysOf(input).every(isShared);
}

/** A listing being written on a worker thread. */
export interface ListingWorker {
  /** the SHA-256 of the file once written; rejects with the worker's error (a file-system error keeps its code and path) */
  sha256: Promise<string>;
  /** Stops the worker (the file is left unfinished); safe to repeat and after it finished. */
  stop(): Promise<void>;
}

export type ListingOutcome = { ok: true; sha256: string } | { ok: false; message: string; stack?: string; code?: string; syscall?: string; path?: string };

/** Starts writing the CSV listing of `input` to `path` on a worker thread (when `listingWorkerFits`: else its arrays are copied). */
export function startListingWorker(input: SampleListingInput, path: string): ListingWorker {
  const worker = new Worker(new URL('./sampleListingWorker.js', import.meta.url), { workerData: { input: forWorker(input), path } });
  const sha256 = new Promise<string>((resolve, reject) => {
    worker.once('message', (m: ListingOutcome) => {
      if (m.ok) return resolve(m.sha256);
      const e = Object.assign(new Error(m.message), m.code ? { code: m.code, syscall: m.syscall, path: m.path } : {});
      if (m.stack) e.stack = `Error: ${m.message}\n    (in the sample listing's worker:)\n${m.stack}`;
      reject(e);
    });
    worker.once('error', (e) => reject(e instanceof Error ? e : new Error(String(e))));
    worker.once('exit', (code) => reject(new Error(`the sample listing's worker stopped (exit code ${code}) before it finished`)));
  });
  sha256.catch(() => {}); // awaited by the write stage; a failure meanwhile is not an unhandled rejection
  return {
    sha256,
    async stop() {
      await worker.terminate();
    },
  };
}
