import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { makeDirectories } from './makeDirectories.js';
import { systemUserError } from '../systemErrors.js';
import { basename, dirname, join, resolve } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { streamingSha256 } from '../ingest/sha256.js';
import { Interrupted, UserError } from '../errors.js';
import { compareText } from '../../model/compareText.js';

/** The file every output folder of ours holds; a folder without it is never replaced. */
export const MANIFEST = 'manifest.json';

/**
 * File content: text, bytes, text produced chunk by chunk when written (a listing of millions of rows
 * is never held in memory whole, and would not fit in one JavaScript string), or a file another thread
 * writes into the folder (`OutputFolder.stagedPath`), given by the SHA-256 it resolves to once written.
 */
export type OutputContent = string | Uint8Array | (() => Iterable<string | Uint8Array>) | StagedFile;

/** A file written into the unfinished folder by someone else (a worker thread); `sha256` settles when it is complete. */
export interface StagedFile {
  staged: Promise<string>;
}

/** What manifest.json records besides the SHA-256 of every output. */
export interface ManifestInfo {
  command: 'run' | 'validate';
  version: string;
  /** ISO time stamp of the run: the only field that differs between two runs on the same inputs */
  runAt: string;
}

/**
 * Writes `files` (relative path → content), then the files `later` brings, as the folder `outDir`,
 * atomically (see `openOutputFolder`).
 */
export async function writeOutputsAtomically(
  outDir: string,
  files: Map<string, OutputContent>,
  options: { studyDir?: string; manifest?: ManifestInfo; later?: AsyncIterable<Map<string, OutputContent>> } = {},
): Promise<void> {
  const folder = openOutputFolder(outDir, options.studyDir);
  try {
    await folder.commit(files, options);
  } finally {
    folder.abandon();
  }
}

/** An output folder being written: a fresh sibling of `outDir` that replaces it when committed. */
export interface OutputFolder {
  /**
   * Where the file `rel` is written meanwhile (its folders made), for a writer of its own (a worker
   * thread); the file is then given to `commit` as a `StagedFile`.
   */
  stagedPath(rel: string): string;
  /** Throws Interrupted when a SIGINT, SIGTERM or SIGHUP came since the folder was opened. */
  stopIfInterrupted(): void;
  /**
   * Writes `files`, then the batches of files `later` brings, each as it comes, and manifest.json,
   * then replaces `outDir` by rename; resolves with the number of files written (manifest.json not
   * counted). `whileWaiting` is started once `files` are written, and runs while `later` is waited
   * for (its own turns of the event loop let the batches be written meanwhile); its `idle` resolves
   * once this writer has written every batch that came and waits for the next (or has stopped), so
   * that the work done meanwhile never holds up files ready to be written.
   */
  commit(files: Map<string, OutputContent>, options?: { manifest?: ManifestInfo; later?: AsyncIterable<Map<string, OutputContent>>; whileWaiting?: (idle: () => Promise<void>) => Promise<void> }): Promise<number>;
  /** Removes the unfinished folder, if any (after a failure; nothing after a commit). Safe to repeat. */
  abandon(): void;
}

/**
 * Opens the output folder `outDir`: everything goes into a fresh sibling folder first, which then
 * replaces `outDir` by rename. An interrupted or failed run leaves the previous output as it was. An
 * existing `outDir` is replaced only when it is empty or was written by this tool (it holds
 * manifest.json); nothing outside `outDir` is ever deleted.
 * Content given in chunks is encoded to UTF-8 once and hashed on a worker thread while it is written.
 * A signal (SIGINT, SIGTERM, SIGHUP) while the folder is open is noted and acted on between files,
 * every 256 chunks and at each `stopIfInterrupted`: the unfinished folder is removed and the CLI exits
 * 128 + the signal's number. A file-system error (disk full, permission) names the output file and is
 * an input error.
 */
export function openOutputFolder(outDir: string, studyDir?: string): OutputFolder {
  const target = resolve(outDir);
  if (studyDir !== undefined) {
    const study = resolve(studyDir);
    if (target === study || study.startsWith(target + '/') || target.startsWith(study + '/'))
      throw new UserError({ file: outDir, rule: 'out.inside-study', message: 'the output folder must not be the study folder, inside it, or contain it: the study folder is only read' });
  }
  if (existsSync(target)) {
    if (!statSync(target).isDirectory())
      throw new UserError({ file: outDir, rule: 'out.not-folder', message: 'the output path exists and is not a folder' });
    if (readdirSync(target).length > 0 && !existsSync(join(target, MANIFEST)))
      throw new UserError({ file: outDir, rule: 'out.foreign', message: `the output folder is not empty and was not written by mrd (no ${MANIFEST}); choose an empty or new folder` });
  }
  const parent = dirname(target);
  makeDirectories(parent);
  const stamp = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = join(parent, `.${basename(target)}.tmp-${stamp}`);
  let interrupted: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
  };
  const stopIfInterrupted = () => {
    if (interrupted !== null) throw new Interrupted(interrupted, outDir);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    for (const sig of signals) process.off(sig, onSignal);
    if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
  };
  for (const sig of signals) process.on(sig, onSignal);
  try {
    mkdirSync(tmp);
  } catch (e) {
    close();
    throw e;
  }
  /** A file-system error of output `rel` as the user's error, naming the output file (the temporary folder's name means nothing to the user). */
  const userError = (e: unknown, rel: string): unknown => {
    const fs = systemUserError(e, join(outDir, rel));
    return fs ? new UserError({ ...fs.problem, file: join(outDir, rel) }) : e;
  };

  return {
    stagedPath(rel) {
      const p = join(tmp, rel);
      try {
        makeDirectories(dirname(p));
      } catch (e) {
        throw userError(e, rel);
      }
      return p;
    },
    stopIfInterrupted,
    async commit(files, { manifest, later, whileWaiting } = {}) {
      const hashes: { file: string; sha256: string }[] = [];
      const sorted = (m: Map<string, OutputContent>) => [...m.entries()].sort(([a], [b]) => compareText(a, b));
      const waiting = writerIdle();
      // the files given, then those of `later` (figures, still being drawn while the others are written)
      async function* entries(): AsyncGenerator<[string, OutputContent]> {
        yield* sorted(files);
        if (!later) return;
        const helping = whileWaiting?.(waiting.idle);
        helping?.catch(() => {}); // awaited below; a failure of `later` meanwhile is not an unhandled rejection
        try {
          const batches = later[Symbol.asyncIterator]();
          for (;;) {
            const next = batches.next();
            waiting.begin();
            const batch = await next;
            waiting.end();
            if (batch.done) break;
            yield* sorted(batch.value);
          }
        } finally {
          // also when the writing stops (a failure, an interrupt): whoever waits for it goes on
          waiting.stop();
        }
        await helping;
      }
      for await (const [rel, content] of entries()) {
        const p = join(tmp, rel);
        await new Promise((r) => setImmediate(r));
        stopIfInterrupted();
        try {
          if (typeof content === 'object' && 'staged' in content) {
            hashes.push({ file: rel, sha256: await content.staged });
            continue;
          }
          makeDirectories(dirname(p));
          if (typeof content === 'function') {
            // a listing of millions of rows: hashing its gigabyte would take seconds of this thread
            const hash = streamingSha256();
            const fd = openSync(p, 'w');
            try {
              let k = 0;
              for (const chunk of content()) {
                const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
                hash.update(bytes);
                writeSync(fd, bytes);
                // let a pending interrupt be handled now and then, not only after the whole file
                if (++k % 256 === 0) {
                  await new Promise((r) => setImmediate(r));
                  stopIfInterrupted();
                }
              }
            } catch (e) {
              hash.abort();
              throw e;
            } finally {
              closeSync(fd);
            }
            hashes.push({ file: rel, sha256: await hash.digest() });
          } else {
            writeFileSync(p, content);
            hashes.push({ file: rel, sha256: createHash('sha256').update(content).digest('hex') });
          }
        } catch (e) {
          if (e instanceof Interrupted) throw e;
          throw userError(e, rel);
        }
      }
      stopIfInterrupted();
      if (manifest) {
        hashes.sort((x, y) => compareText(x.file, y.file));
        const m = { tool: 'mrd-pipeline', command: manifest.command, version: manifest.version, runAt: manifest.runAt, outputs: hashes };
        writeFileSync(join(tmp, MANIFEST), JSON.stringify(m, null, 2) + '\n');
      }
      if (existsSync(target)) {
        const old = join(parent, `.${basename(target)}.old-${stamp}`);
        renameSync(target, old);
        try {
          renameSync(tmp, target);
        } catch (e) {
          renameSync(old, target);
          throw e;
        }
        rmSync(old, { recursive: true, force: true });
      } else {
        renameSync(tmp, target);
      }
      close();
      return hashes.length;
    },
    abandon: close,
  };
}

/**
 * When a writer waits for its next batch with nothing left to write. It counts as idle once a turn of
 * the event loop has passed while it waited, and `idle` answers after a turn too: a batch already
 * settled (a PNG its worker answered) reaches the writer within the turn, by promise callbacks, and
 * is written first.
 */
function writerIdle(): { idle: () => Promise<void>; begin(): void; end(): void; stop(): void } {
  let idle = false;
  let stopped = false;
  let turn = 0; // changes whenever the writer begins or ends a wait: a check scheduled by an older wait is ignored
  let waiters: (() => void)[] = [];
  const wake = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  return {
    // after a turn, in which a batch that just came reaches the writer (which is then no longer idle)
    idle: () => new Promise<void>((resolve) => setImmediate(() => (idle || stopped ? resolve() : waiters.push(resolve)))),
    begin() {
      const mine = ++turn;
      setImmediate(() => {
        if (turn !== mine) return;
        idle = true;
        wake();
      });
    },
    end() {
      turn++;
      idle = false;
    },
    stop() {
      stopped = true;
      wake();
    },
  };
}
