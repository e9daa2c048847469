// The WebSocket seed's "Using as a Library": a provider object with a function-valued
// transformResponse, passed to evaluate() as written in examples/websocket/library/config.mjs.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebSocketEmulator } from '../../src/emulator/websocket.js';
import { evaluate } from '../../src/index.js';
import { repoRoot } from '../support/cli.js';

let emulator: Awaited<ReturnType<typeof startWebSocketEmulator>>;
beforeAll(async () => {
  emulator = await startWebSocketEmulator();
  process.env.ASSAY_WS_URL = emulator.url;
});
afterAll(async () => {
  delete process.env.ASSAY_WS_URL;
  await emulator.close();
});

describe('WebSocket provider through the library API', () => {
  it('runs the seed example with a function transformResponse and passes', async () => {
    const url = pathToFileURL(join(repoRoot, 'examples/websocket/library/config.mjs')).href;
    const suite = (await import(url)).default;
    const result = await evaluate(suite, { cache: false });
    expect(result.results).toHaveLength(1);
    expect(result.results[0]!.response?.output).toBe('You said: Hello library');
    expect(result.stats.successes).toBe(1);
    // The provider closed its socket; the server sees the close a moment later.
    await expect.poll(() => emulator.connections, { timeout: 2000 }).toBe(0);
  });

  it('accepts a function streamResponse on a provider object', async () => {
    const result = await evaluate(
      {
        prompts: ['stream {{ n }}'],
        providers: [
          {
            id: `${emulator.url}/chunks`,
            config: {
              messageTemplate: '{"prompt": {{ prompt | dump }}}',
              streamResponse: (acc: { output?: string } | undefined, event: { data: string }) => {
                const frame = JSON.parse(event.data) as { type: string; text?: string };
                const output = (acc?.output ?? '') + (frame.type === 'chunk' ? frame.text : '');
                return [{ output }, frame.type === 'done'];
              },
            },
          },
        ],
        tests: [{ vars: { n: 1 } }, { vars: { n: 2 } }],
      },
      { cache: false },
    );
    expect(result.results.map((r) => r.response?.output)).toEqual(['You said: stream 1', 'You said: stream 2']);
  });
});
