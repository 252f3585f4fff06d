import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** An incremental SHA-256 whose digest may be computed on another thread. */
export interface Sha256 {
  update(chunk: Uint8Array): void;
  digest(): Promise<string>;
  /** stops the hashing thread without a digest (the file could not be read) */
  abort(): void;
}

/** Hashing on this thread (small files, and vitest, where Node 20 cannot start a .ts worker). */
function localSha256(): Sha256 {
  const hash = createHash('sha256');
  return {
    update: (chunk) => void hash.update(chunk),
    digest: async () => hash.digest('hex'),
    abort: () => {},
  };
}

/** Below this size hashing costs less than starting a thread (~15 ms). */
const WORKER_MIN_BYTES = 32 << 20;

/**
 * SHA-256 of a file's bytes as they are read. For input files of tens of megabytes and more the
 * chunks are copied to a worker thread and hashed there, on the second core, while this thread
 * parses: at 10^6 subjects hashing 1.1 GB of CSV takes ~3.5 s of one core.
 */
export function startSha256(fileBytes: number): Sha256 {
  if (fileBytes < WORKER_MIN_BYTES || import.meta.url.endsWith('.ts')) return localSha256();
  return workerSha256();
}

/**
 * SHA-256 of content whose size is not known in advance (an output written in chunks): the first
 * chunks are held; once they pass WORKER_MIN_BYTES hashing moves to a worker thread, otherwise they
 * are hashed here at the end.
 */
export function streamingSha256(): Sha256 {
  const held: Uint8Array[] = [];
  let bytes = 0;
  let remote: Sha256 | null = null;
  return {
    update(chunk) {
      if (remote !== null) return remote.update(chunk);
      held.push(chunk);
      bytes += chunk.length;
      if (bytes >= WORKER_MIN_BYTES) {
        remote = startSha256(bytes);
        for (const c of held) remote.update(c);
        held.length = 0;
      }
    },
    async digest() {
      if (remote !== null) return remote.digest();
      const hash = createHash('sha256');
      for (const c of held) hash.update(c);
      return hash.digest('hex');
    },
    abort: () => remote?.abort(),
  };
}

/** SHA-256 of a whole file, read and hashed on a worker thread (here under vitest). */
export async function sha256OfFile(path: string): Promise<string> {
  if (import.meta.url.endsWith('.ts')) {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }
  const worker = new Worker(new URL('./sha256Worker.js', import.meta.url));
  try {
    return await new Promise<string>((resolve, reject) => {
      worker.once('message', (hex: string) => resolve(hex));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the SHA-256 worker stopped (exit code ${code}) before answering`)));
      worker.postMessage({ path });
    });
  } finally {
    void worker.terminate();
  }
}

function workerSha256(): Sha256 {
  const worker = new Worker(new URL('./sha256Worker.js', import.meta.url));
  const digest = new Promise<string>((resolve, reject) => {
    worker.once('message', (hex: string) => resolve(hex));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the SHA-256 worker stopped (exit code ${code}) before answering`)));
  });
  return {
    update: (chunk) => worker.postMessage(chunk),
    async digest() {
      worker.postMessage(null);
      try {
        return await digest;
      } finally {
        void worker.terminate();
      }
    },
    abort: () => void worker.terminate(),
  };
}
