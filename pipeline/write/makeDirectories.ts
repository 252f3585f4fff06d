import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, parse, resolve } from 'node:path';

/**
 * Creates a folder and its missing parents, like `mkdir -p`, with one mkdir per missing component:
 * Node 20's `mkdirSync(p, { recursive: true })` never returns under /proc (mkdir there fails with
 * ENOENT although the parent exists, and Node retries forever), so `--out /proc/self/x` spun at 100%
 * CPU. Here a failing mkdir throws its error (ENOENT, ENOTDIR, EACCES, EROFS, ...) naming the path.
 */
export function makeDirectories(path: string): void {
  const target = resolve(path);
  const missing: string[] = [];
  let p = target;
  const root = parse(target).root;
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(p).isDirectory();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || p === root) throw e;
      missing.push(p);
      p = dirname(p);
      continue;
    }
    if (isDirectory) break;
    // a file where a folder is wanted
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${p}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: p });
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (e) {
      // made meanwhile by another process: fine
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(dir).isDirectory()) continue;
      throw e;
    }
  }
}

/**
 * Checks, before any work, that `outDir` can be made: its nearest existing ancestor is a folder this
 * process may write in, and nothing on the way down is a file. A 10^6-subject run should not compute
 * for a minute to fail at its last step. Throws the operating system's kind of error (ENOTDIR, EACCES),
 * which the CLI reports with the path.
 */
export function checkOutputPath(outDir: string): void {
  let p = resolve(outDir);
  const root = parse(p).root;
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(p).isDirectory();
    } catch (e) {
      // ENOTDIR: a file further up, which the walk then finds and names
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || p === root) throw e;
      p = dirname(p);
      continue;
    }
    if (!isDirectory) {
      // outDir itself being a file is writeOutputsAtomically's own message; a file above it is ENOTDIR
      if (p === resolve(outDir)) return;
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${p}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: p });
    }
    accessSync(p, constants.W_OK);
    return;
  }
}
