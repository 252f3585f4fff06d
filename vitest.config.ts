import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Dates are handled as day numbers, never local time; pin TZ anyway so a stray Date cannot pass
    // on one machine and fail on another.
    env: { TZ: 'America/Los_Angeles' },
    testTimeout: 60_000,
  },
});
