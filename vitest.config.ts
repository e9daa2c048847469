import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Everything a test run writes to the temp directory (its fixtures, stores, outputs, the CLI's
// code cache) goes into one folder of its own, which test/support/temp-run-dir.ts removes when the
// run ends: tests need not each clean up, and runs leave nothing behind in /tmp.
const runDir = mkdtempSync(join(tmpdir(), 'assay-test-run-'));
process.env.ASSAY_TEST_RUN_DIR = runDir;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once (when sources are newer) before CLI tests spawn it; removes runDir at the end.
    globalSetup: ['test/support/build-once.ts', 'test/support/temp-run-dir.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests talk to real loopback servers; keep file-level parallelism modest on a 2-core machine.
    maxWorkers: 2,
    // os.tmpdir() reads TMPDIR, in the test workers and in every process a test starts. Evals run
    // by tests (library and CLI) record into a throwaway store, never the user's ~/.assay.
    env: { TMPDIR: runDir, ASSAY_HOME: join(runDir, 'home') },
  },
});
