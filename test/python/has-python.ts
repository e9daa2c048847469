// Whether the machine has python3; tests that need it are skipped with this reason when it does not.

import { spawnSync } from 'node:child_process';

const probe = spawnSync(process.env.ASSAY_PYTHON || process.env.PROMPTFOO_PYTHON || 'python3', ['--version'], {
  encoding: 'utf8',
});

export const hasPython = probe.status === 0;
export const skipReason = hasPython
  ? ''
  : ' (SKIPPED: python3 not found; install Python 3 or set ASSAY_PYTHON to run these tests)';
if (!hasPython)
  process.stderr.write(
    `Python tests skipped: python3 not found on PATH (set ASSAY_PYTHON to an interpreter to run them)\n`,
  );
