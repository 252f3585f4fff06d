import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOutputFolder, type OutputContent } from '../../pipeline/write/writeOutputs.js';

/** Batches of files that come when the test lets them (`come(k)`), in order. */
function heldBatches(batches: Map<string, OutputContent>[]) {
  const gates = batches.map(() => {
    let open = () => {};
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  });
  async function* later() {
    for (const [k, batch] of batches.entries()) {
      await gates[k].opened;
      yield batch;
    }
  }
  return { later: later(), come: (k: number) => gates[k].open() };
}

describe('commit: the work done while later files are awaited waits for the writer to be idle', () => {
  it('idle resolves once every batch that came is written, not while one waits to be written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mrd-commit-later-')), 'out');
    const folder = openOutputFolder(out);
    const staged = (rel: string) => existsSync(join(folder.stagedPath('.'), rel));
    const { later, come } = heldBatches([
      new Map([['figures/a.txt', 'a'], ['figures/a.rtf', 'a']]),
      new Map([['figures/b.txt', 'b'], ['figures/b.rtf', 'b']]),
    ]);
    come(0); // already there when the writer gets to it
    const log: string[] = [];
    const n = await folder.commit(new Map([['ready.txt', 'r']]), {
      later,
      whileWaiting: async (idle) => {
        await idle();
        log.push(`idle: a written ${staged('figures/a.rtf')}`);
        come(1); // comes while this work goes on; asking again waits for it to be written
        await idle();
        log.push(`idle: b written ${staged('figures/b.rtf')}`);
      },
    });
    expect(log).toEqual(['idle: a written true', 'idle: b written true']);
    expect(n).toBe(5);
    expect(readFileSync(join(out, 'figures/b.rtf'), 'utf8')).toBe('b');
  });

  it('idle resolves when the writing stops on a failure while a batch is written, so that the work waiting for it ends', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mrd-commit-later-')), 'out');
    const folder = openOutputFolder(out);
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: folder.stagedPath('figures/a.txt') });
    const failed = Promise.reject(full);
    failed.catch(() => {});
    async function* later(): AsyncGenerator<Map<string, OutputContent>> {
      yield new Map<string, OutputContent>([['figures/a.txt', { staged: failed }]]);
    }
    let helperEnded = false;
    const e = await folder
      .commit(new Map([['ready.txt', 'r']]), {
        later: later(),
        whileWaiting: async (idle) => {
          await idle();
          helperEnded = true;
        },
      })
      .then(() => null, (x: unknown) => x);
    expect((e as { problem?: { rule: string } }).problem?.rule).toBe('fs.enospc');
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(helperEnded).toBe(true);
    folder.abandon();
    expect(existsSync(out)).toBe(false);
  });
});
