import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Dates are handled as day numbers, never local time; pin TZ anyway so a stray Date cannot pass
    // on one machine and fail on another.
    env: { TZ: 'America/Los_Angeles' },
    testTimeout: 60_000,
    // vitest's default is one worker fewer than the cores: one worker on this 2-core machine, 136 s for
    // the suite; many files wait on child processes (LibreOffice, Chromium, R, the CLI), so one worker
    // per core took it to 90 s (docs/performance.md)
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
