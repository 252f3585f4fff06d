import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { readTable } from './readTable.js';
import { FILES } from '../../model/schema.js';
import { toWire } from './tableWire.js';
import type { ReadJob, ReadOutcome } from './tableWorkerClient.js';

// Reads the input files it is given (readTables.ts) and sends each Table back, its arrays moved, not
// copied; a UserError goes back as its Problem, anything else as a message and stack.
const { dir, jobs } = workerData as { dir: string; jobs: ReadJob[] };
const outcomes: ReadOutcome[] = [];
const transfer: ArrayBuffer[] = [];
for (const job of jobs) {
  const spec = FILES.find((f) => f.file === job.file)!;
  try {
    const { wire, transfer: moved } = toWire(await readTable(dir, spec, job.extraText, job.extraRequired, job.part, job.source));
    outcomes.push({ ok: true, table: wire });
    transfer.push(...moved);
  } catch (e) {
    if (e instanceof UserError) outcomes.push({ ok: false, problem: e.problem, exitCode: e.exitCode });
    else outcomes.push({ ok: false, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
  }
}
parentPort!.postMessage(outcomes, transfer);
