import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { streamingSha256, startSha256 } from '../../pipeline/ingest/sha256.js';

// Large inputs and outputs are hashed on a worker thread (pipeline/ingest/sha256.ts). Node 20 cannot
// start a .ts worker, so the worker path is checked from a compiled copy, in a child process.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let tmp = '';

/** 40 MB of bytes that are not all alike, in 1 MB chunks. */
function chunks(): Buffer[] {
  return Array.from({ length: 40 }, (_, k) => {
    const b = Buffer.alloc(1 << 20);
    for (let i = 0; i < b.length; i += 4) b.writeUInt32LE((Math.imul(i + 1, 2654435761) ^ k) >>> 0, i);
    return b;
  });
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mrd-sha256-'));
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '--ignoreConfig', '--outDir', tmp, '--module', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck', join(ROOT, 'pipeline/ingest/sha256.ts'), join(ROOT, 'pipeline/ingest/sha256Worker.ts')],
    { cwd: ROOT, stdio: 'pipe' },
  );
  copyFileSync(join(ROOT, 'package.json'), join(tmp, 'package.json'));
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('SHA-256 of large files', () => {
  const expected = createHash('sha256');
  for (const c of chunks()) expected.update(c);
  const hex = expected.digest('hex');

  it('equals a one-thread hash when computed on the worker thread (compiled code)', () => {
    const script = join(tmp, 'check.mjs');
    writeFileSync(
      script,
      `import { startSha256, streamingSha256 } from './sha256.js';
const chunks = ${chunks.toString()};
const a = startSha256(40 << 20);
const b = streamingSha256();
for (const c of chunks()) { a.update(c); b.update(c); }
console.log(JSON.stringify([await a.digest(), await b.digest()]));`,
    );
    const out = JSON.parse(execFileSync(process.execPath, [script], { cwd: tmp, encoding: 'utf8' })) as string[];
    expect(out).toEqual([hex, hex]);
  });

  it('equals a one-thread hash in process (small content, and TypeScript under vitest)', async () => {
    const s = streamingSha256();
    const t = startSha256(40 << 20);
    for (const c of chunks()) {
      s.update(c);
      t.update(c);
    }
    expect(await s.digest()).toBe(hex);
    expect(await t.digest()).toBe(hex);
  });
});
