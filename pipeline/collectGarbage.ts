import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A garbage collection of this thread's heap, for the moments when a large part of it has just become
 * garbage that V8 would collect late: the Analysis once `mrd run` has built its outputs (its arrays of
 * 32 MiB and more go back to the system only when collected; a full collection), and the PNG worker's
 * images, whose pixels V8 does not count (pngWorker.ts; `minor`: the young generation only, where an
 * image dropped right after its PNG still is). `gc` is exposed to contexts created after the flag is
 * set: the thread's own global is unchanged.
 */
export function collectGarbage(type: 'major' | 'minor' = 'major'): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options?: { type: 'minor' }) => void;
  // a major collection as gc() with no options: the options' major one left objects that gc() frees
  return type === 'minor' ? () => gc({ type }) : () => gc();
}
