import { UserError } from './errors.js';

/**
 * What the operating system said, for the user: a file-system error (no such file, permission denied,
 * disk full, ...) concerns the user's files or machine, not a bug in mrd, so it is an input error
 * (exit 2) naming the path and what to do, never "internal error".
 */
const ADVICE: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder: choose another path',
  EISDIR: 'it is a folder where a file is expected',
  EEXIST: 'it already exists, as a file where a folder is needed: choose another path',
  EACCES: 'permission denied: choose a path you may read (inputs) or write (--out)',
  EPERM: 'operation not permitted: choose a path you may read (inputs) or write (--out)',
  EROFS: 'the file system is read-only: choose --out on a writable disk',
  ENOSPC: 'the disk is full: free some space or choose --out on another disk (the previous output, if any, is unchanged)',
  EDQUOT: 'the disk quota is exceeded: free some space or choose --out on another disk (the previous output, if any, is unchanged)',
  EFBIG: 'the file is larger than the file system allows: choose --out on another disk',
  ELOOP: 'symbolic links loop',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files: raise the limit (ulimit -n) or close other programs',
  ENFILE: 'too many open files on the system: close other programs',
  EIO: 'input/output error on the device: check the disk',
  ENXIO: 'the device is not available',
  EBUSY: 'the file or folder is busy (open in another program?)',
  ETXTBSY: 'the file is busy (open in another program?)',
  EXDEV: 'the output folder cannot be moved into place across devices: choose --out on the same disk as its parent',
  ENOTEMPTY: 'the folder is not empty',
};

/** A file-system error as a UserError (rule `fs.<code>`), or null for anything else. `path` names the file when the error does not. */
export function systemUserError(e: unknown, path?: string): UserError | null {
  if (!(e instanceof Error)) return null;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  if (typeof err.code !== 'string' || !(err.code in ADVICE) || (err.syscall === undefined && err.path === undefined)) return null;
  const file = err.path ?? path;
  const action = err.syscall ? ` (${err.syscall}${err.dest ? ` to ${err.dest}` : ''})` : '';
  return new UserError({ ...(file !== undefined ? { file } : {}), rule: `fs.${err.code.toLowerCase()}`, message: `${ADVICE[err.code]}${action}` });
}
