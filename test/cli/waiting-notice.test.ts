// A run waiting on a rate limit says so on its progress output instead of looking hung.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../../src/emulator/index.js';
import { closeDispatchers } from '../../src/providers/transport/index.js';
import { runCli, writeFiles } from '../support/cli.js';

let emulators: RunningEmulators;
beforeAll(async () => {
  emulators = await startEmulators();
});
afterAll(async () => {
  await emulators.close();
  await closeDispatchers();
});

describe('eval progress while rate limited', () => {
  it('prints "Waiting N s for OpenAI rate limit", then the cell passes', async () => {
    const env = emulators.env();
    // The first request is refused with a 429: the runner backs off (under a second) and retries.
    emulators.openai.setKnobs({ faults: [{ kind: 'status', status: 429, count: 1 }] });
    const dir = writeFiles({
      'promptfooconfig.yaml': [
        "prompts: ['Tell me about {{ topic }}']",
        'providers: [openai:chat:gpt-4o-mini]',
        'tests:',
        '  - vars: { topic: rate limits }',
        '    assert: [{ type: icontains, value: rate limits }]',
        '',
      ].join('\n'),
    });
    const run = await runCli(['eval', '-c', dir, '--no-cache', '--no-table'], { env });
    expect(run.stderr).toMatch(/^Waiting 1 s for OpenAI rate limit$/m);
    expect(run.stdout).toMatch(/1 passed/);
    expect(run.code).toBe(0);
    expect(emulators.openai.requests.map((r) => r.status)).toEqual([429, 200]);
  });
});
