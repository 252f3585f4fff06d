import { closeSync, openSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { sampleCsvChunks, type CellColumn, type SampleListingInput } from './sampleListing.js';
import type { ListingOutcome } from './sampleListingThread.js';

// Writes the sample listing's CSV to the path it is given and answers with its SHA-256 (started by
// sampleListingThread.ts). The arrays are the main thread's own, in shared memory: read, never written.
const { input: cloned, path } = workerData as { input: SampleListingInput; path: string };
// a Buffer arrives as a plain Uint8Array (on the same shared memory): its text methods are needed
const asBuffer = (c: CellColumn): CellColumn => ({ ...c, pool: Buffer.from(c.pool.buffer, c.pool.byteOffset, c.pool.byteLength) });
const input: SampleListingInput = { ...cloned, subject: asBuffer(cloned.subject as CellColumn), sample: asBuffer(cloned.sample as CellColumn), fixed: cloned.fixed.map((c) => asBuffer(c as CellColumn)) };
let outcome: ListingOutcome;
try {
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  try {
    // one chunk for the whole file: each is hashed and written before the next is made
    for (const chunk of sampleCsvChunks(input, true)) {
      hash.update(chunk);
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  outcome = { ok: true, sha256: hash.digest('hex') };
} catch (e) {
  const err = (e instanceof Error ? e : new Error(String(e))) as NodeJS.ErrnoException;
  outcome = { ok: false, message: err.message, stack: err.stack, code: err.code, syscall: err.syscall, path: err.path };
}
parentPort!.postMessage(outcome);
