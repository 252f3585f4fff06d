import { setFlagsFromString } from 'node:v8';

/** Data files under this many bytes are analysed without V8's optimising compiler (MRD_SMALL_STUDY_BYTES, read at run time). */
export const smallStudyBytes = (): number => Number(process.env.MRD_SMALL_STUDY_BYTES ?? 2 * 2 ** 20);

/**
 * Turns V8's optimising compiler (TurboFan) off for the rest of this process and the threads it starts
 * from now on. A small study's run is over before optimised code repays its compiling, which on two
 * cores takes CPU from the figure threads: `mrd run` with --no-turbofan took 2.6-2.8 instead of 2.9-3.0 s
 * at 446 subjects (0.7 MB of data files) and 4.15 instead of 4.45 s at 2,000 (2.0 MB), but 5.4 instead of
 * 5.2 s at 5,000 and 10.6 instead of 6.5 s at 20,000 (2 runs each): hence 2 MiB. V8 flags belong to the
 * process: only `mrd` itself may set one, never a program (a test runner) that calls `main`.
 */
export function stopOptimisingCompiler(): void {
  setFlagsFromString('--no-turbofan');
}
