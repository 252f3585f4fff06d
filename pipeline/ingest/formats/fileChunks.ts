import { createReadStream, statSync } from 'node:fs';
import { UserError } from '../../errors.js';
import { startSha256 } from '../sha256.js';

/**
 * Streams a file's bytes to `onChunk` (1 MiB at a time, each chunk valid only during the call) and
 * returns their SHA-256, computed in the same pass. A file that cannot be read is a UserError naming
 * it; a UserError thrown by `onChunk` stops the reading and is passed on.
 */
export async function readFileChunks(path: string, display: string, onChunk: (chunk: Buffer) => void): Promise<{ sha256: string; bytes: number }> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw unreadable(display, e);
  }
  const hash = startSha256(size);
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const buf = chunk as Buffer;
      bytes += buf.length;
      hash.update(buf);
      onChunk(buf);
    }
  } catch (e) {
    hash.abort();
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) throw unreadable(display, e);
    throw e;
  }
  return { sha256: await hash.digest(), bytes };
}

function unreadable(display: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
  return new UserError({ file: display, rule: 'file.unreadable', message: `cannot read the file (${code})` });
}
