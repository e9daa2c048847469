// Vitest global setup: removes the test run's own temp folder (made by vitest.config.ts, where
// TMPDIR points every test at it) once the run ends, whatever the tests left in it.

import { rmSync } from 'node:fs';

export default function tempRunDir(): () => void {
  return () => {
    const runDir = process.env.ASSAY_TEST_RUN_DIR;
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  };
}
