import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once (when sources are newer) before CLI tests spawn it.
    globalSetup: ['test/support/build-once.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests talk to real loopback servers; keep file-level parallelism modest on a 2-core machine.
    maxWorkers: 2,
  },
});
