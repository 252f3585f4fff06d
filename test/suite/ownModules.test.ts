import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OWN_MODULES } from '../../vitest.config.js';

// Test files share their worker's modules (vitest.config.ts): a vi.mock there would replace a module
// for the files that run after it in the same worker, or miss one already loaded, depending on the order.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
}

describe('test files that replace modules', () => {
  it('are exactly the files listed in OWN_MODULES, which run with modules of their own', () => {
    const mocking = testFiles(join(ROOT, 'test'))
      .filter((f) => /\bvi\.(?:mock|doMock)\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f))
      .filter((f) => f !== 'test/suite/ownModules.test.ts');
    expect(mocking.sort()).toEqual([...OWN_MODULES].sort());
  });
});
