import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    // Evals run by tests (library and CLI) record into a throwaway store, never the user's ~/.assay.
    env: { ASSAY_HOME: join(tmpdir(), `assay-test-home-${process.pid}`) },
  },
});
