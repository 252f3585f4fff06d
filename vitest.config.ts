import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Files that replace a project module with vi.mock need a module registry of their own; every other
// file shares its worker's modules with the files run before it (isolate: false), which saves
// re-evaluating the project and its packages (vega, resvg, yaml) for each of the ~80 files: 135-150 s
// -> 107-108 s for the suite, 249-279 -> 195 s of CPU (two alternating pairs, docs/performance.md).
// A file that changes shared state (an environment variable, a spy) must restore it in `finally`.
export const OWN_MODULES = ['test/pipeline/textColumnConsumers.test.ts'];

export default defineConfig({
  test: {
    // Dates are handled as day numbers, never local time; pin TZ anyway so a stray Date cannot pass
    // on one machine and fail on another.
    env: { TZ: 'America/Los_Angeles' },
    testTimeout: 60_000,
    // vitest's default is one worker fewer than the cores: one worker on this 2-core machine, 136 s for
    // the suite; many files wait on child processes (LibreOffice, Chromium, R, the CLI), so one worker
    // per core took it to 90 s (docs/performance.md)
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      { extends: true, test: { name: 'shared-modules', include: ['test/**/*.test.ts'], exclude: OWN_MODULES, isolate: false } },
      { extends: true, test: { name: 'own-modules', include: OWN_MODULES } },
    ],
  },
});
