import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

// Hashes the bytes it is sent, for `startSha256` (sha256.ts): one message per chunk, then null for the
// digest, which is sent back as lower-case hex.
let hash = createHash('sha256');
parentPort!.on('message', (chunk: Uint8Array | null) => {
  if (chunk !== null) {
    hash.update(chunk);
    return;
  }
  parentPort!.postMessage(hash.digest('hex'));
  hash = createHash('sha256');
});
