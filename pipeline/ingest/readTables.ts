import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readTable, type Table } from './readTable.js';
import { FILES } from '../../model/schema.js';
import { readOnWorker, type ReadJob } from './tableWorkerClient.js';

export type { ReadJob } from './tableWorkerClient.js';

function readHere(dir: string, job: ReadJob): Promise<Table> {
  return readTable(dir, FILES.find((f) => f.file === job.file)!, job.extraText, job.extraRequired, undefined, job.source);
}

/**
 * Below this many bytes in the worker's files, starting a thread (~30 ms) costs more than it saves.
 * MRD_READ_WORKER_MIN_BYTES overrides it, so that tests can take the worker path on small studies.
 */
const WORKER_MIN_BYTES = Number(process.env.MRD_READ_WORKER_MIN_BYTES ?? 8 << 20);

function settle(p: Promise<Table>): Promise<PromiseSettledResult<Table>> {
  return p.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}

/**
 * Reads the study's input files (`jobs`, in the order their errors take precedence). When running
 * compiled and the files not chosen by `here` are large, those are read at the same time on a worker
 * thread (the second core): at 10^6 subjects the MRD file is three quarters of the bytes, so it is
 * read on this thread while the worker reads the others. Under vitest everything is read here (Node 20
 * cannot start a .ts worker). Whichever thread finishes first, the first problem raised is that of
 * the earliest file in `jobs`, as when the files were read one after the other.
 */
export async function readTables(dir: string, jobs: ReadJob[], here: (file: string) => boolean): Promise<Map<string, Table>> {
  const elsewhere = jobs.filter((j) => !here(j.file));
  const elsewhereBytes = filesBytes(dir, elsewhere.map((j) => j.source?.file ?? j.file));
  const settled = new Map<string, PromiseSettledResult<Table>>();
  if (import.meta.url.endsWith('.ts') || elsewhereBytes < WORKER_MIN_BYTES) {
    for (const job of jobs) settled.set(job.file, await settle(readHere(dir, job)));
  } else {
    const remote = readOnWorker(dir, elsewhere);
    for (const job of jobs.filter((j) => here(j.file))) settled.set(job.file, await settle(readHere(dir, job)));
    (await remote).forEach((r, k) => settled.set(elsewhere[k].file, r));
  }
  const tables = new Map<string, Table>();
  for (const { file } of jobs) {
    const r = settled.get(file)!;
    if (r.status === 'rejected') throw r.reason;
    tables.set(file, r.value);
  }
  return tables;
}

/** Bytes of the files of the study folder `dir` (one absent or unreadable counts 0: reading it says why). */
export function filesBytes(dir: string, files: readonly string[]): number {
  let bytes = 0;
  for (const f of files) {
    try {
      bytes += statSync(join(dir, f)).size;
    } catch {
      // absent (an optional table) or unreadable: readTable says which
    }
  }
  return bytes;
}
