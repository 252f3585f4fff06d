import { setFlagsFromString } from 'node:v8';

// Settings of the whole process, made by `mrd` itself only (bin/mrd.js, dist/pipeline/cli.js: `main`'s
// `program` option), never by a program that calls `main` (a test runner): V8 flags and the environment
// belong to the process, not to one run.

/** Data files under this many bytes are analysed without V8's optimising compiler (MRD_SMALL_STUDY_BYTES, read at run time). */
export const smallStudyBytes = (): number => Number(process.env.MRD_SMALL_STUDY_BYTES ?? 2 * 2 ** 20);

/**
 * Turns V8's optimising compiler (TurboFan) off for the rest of this process and the threads it starts
 * from now on. A small study's run is over before optimised code repays its compiling, which on two
 * cores takes CPU from the figure threads: `mrd run` with --no-turbofan took 2.6-2.8 instead of 2.9-3.0 s
 * at 446 subjects (0.7 MB of data files) and 4.15 instead of 4.45 s at 2,000 (2.0 MB), but 5.4 instead of
 * 5.2 s at 5,000 and 10.6 instead of 6.5 s at 20,000 (2 runs each): hence 2 MiB.
 */
export function stopOptimisingCompiler(): void {
  setFlagsFromString('--no-turbofan');
}

/**
 * resvg (the PNGs) allocates with mimalloc, whose settings are read from the environment when resvg is
 * first loaded, in the PNG thread: this runs before any thread starts, and a value the user set is kept.
 * - MIMALLOC_PURGE_DELAY=1000: freed pages are kept for a second instead of 10 ms, so that they serve
 *   the next figure. Each PNG had touched fresh pages for its pixels, their demultiplied copy and the
 *   encoding, and a fresh page costs about 10 µs on this VM (78,000 page faults for the 11 PNGs of 446
 *   subjects): 6 pairs, wall ratio 0.90, CPU ratio 0.90, peak 331 -> 421 MiB.
 * - MIMALLOC_ALLOW_LARGE_OS_PAGES=1: mimalloc asks for transparent huge pages (2 MiB) where the system
 *   offers them (madvise), so the pages it does touch fresh fault 512 times less often. The 11 figures
 *   drawn one after the other as the PNG worker does (pngWorker.ts): 0.65 -> 0.52-0.60 s, 13,900 -> 200
 *   page faults.
 */
export function keepRasterMemory(): void {
  process.env.MIMALLOC_PURGE_DELAY ??= '1000';
  process.env.MIMALLOC_ALLOW_LARGE_OS_PAGES ??= '1';
}
