import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

/** The file every output folder of ours holds; a folder without it is never replaced. */
export const MANIFEST = 'manifest.json';

/** File content: text, bytes, or text in chunks (for files larger than one JavaScript string can hold). */
export type OutputContent = string | Uint8Array | string[];

/**
 * Writes `files` (relative path → content) as the folder `outDir`, atomically: everything goes into a
 * fresh sibling folder first, which then replaces `outDir` by rename. An interrupted or failed run
 * leaves the previous output as it was. An existing `outDir` is replaced only when it is empty or was
 * written by this tool (it holds manifest.json); nothing outside `outDir` is ever deleted.
 */
export function writeOutputsAtomically(outDir: string, files: Map<string, OutputContent>, studyDir?: string): void {
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
  mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = join(parent, `.${basename(target)}.tmp-${stamp}`);
  try {
    mkdirSync(tmp);
    for (const [rel, content] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const p = join(tmp, rel);
      mkdirSync(dirname(p), { recursive: true });
      if (Array.isArray(content)) {
        const fd = openSync(p, 'w');
        try {
          for (const chunk of content) writeSync(fd, chunk);
        } finally {
          closeSync(fd);
        }
      } else {
        writeFileSync(p, content);
      }
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
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
  }
}
