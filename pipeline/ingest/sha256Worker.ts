import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parentPort } from 'node:worker_threads';

// Hashes for sha256.ts: the bytes it is sent, one message per chunk, then null for the digest; or, for
// a message { path }, a whole file read here. Digests are sent back as lower-case hex.
let hash = createHash('sha256');
parentPort!.on('message', (m: Uint8Array | null | { path: string }) => {
  if (m === null) {
    parentPort!.postMessage(hash.digest('hex'));
    hash = createHash('sha256');
  } else if (m instanceof Uint8Array) {
    hash.update(m);
  } else {
    const fileHash = createHash('sha256');
    createReadStream(m.path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => fileHash.update(chunk))
      .on('error', (e) => {
        throw e;
      })
      .on('end', () => parentPort!.postMessage(fileHash.digest('hex')));
  }
});
