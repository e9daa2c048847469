// `assay emulate` with a bad knob is a usage mistake: one "Error:" line naming the flag, exit 1,
// and no "run with --verbose" hint (that is for Assay's own failures).

import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('assay emulate usage errors', () => {
  it('an unknown --faults kind names the flag and the kinds it takes', async () => {
    const run = await runCli(['emulate', '--faults', 'bogus']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: --faults: Unknown fault "bogus"\. Use one of: 500 \(any 5xx status\), reset/);
    expect(run.stderr).not.toContain('--verbose');
  });
});
