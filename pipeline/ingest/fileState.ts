import { lstatSync, statSync } from 'node:fs';

/** Whether a path is a readable file, absent, or there but unusable (a folder, a dangling or looping link). */
export function fileState(path: string): 'file' | 'absent' | { problem: string } {
  try {
    const st = statSync(path);
    return st.isFile() ? 'file' : { problem: st.isDirectory() ? 'it is a folder, not a file' : 'it is not a regular file' };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      try {
        lstatSync(path);
        return { problem: 'it is a symbolic link to a file that does not exist' };
      } catch {
        return 'absent';
      }
    }
    if (code === 'ELOOP') return { problem: 'it is a symbolic link that loops' };
    return { problem: `cannot read it (${code})` };
  }
}
