import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection of this thread's heap, for the moments when a large part of it has just
 * become garbage that V8 would collect late: the PNG worker's native buffers V8 does not count
 * (pngWorker.ts), and the Analysis once `mrd run` has built its outputs (its arrays of
 * 32 MiB and more go back to the system only when collected). `gc` is exposed to contexts created
 * after the flag is set: the thread's own global is unchanged.
 */
export function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
