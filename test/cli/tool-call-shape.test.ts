// A promptfoo-style tool-call config on each OpenAI-compatible provider, run twice through the CLI:
// promptfoo's array idiom and the Llama seed's idiom pass live and again from the cache, streamed
// or not, and the result file holds promptfoo's shape (the plain tool_calls array).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from '../support/cli.js';
import { useEmulators } from '../support/emulators.js';
import { PROMPTFOO_IDIOM } from '../support/tool-call-idioms.js';

const emu = useEmulators();

const PROVIDERS = [
  'openai:chat:gpt-4o-mini',
  'llamaapi:Llama-3.3-70B-Instruct',
  'cloudflare-ai:chat:@cf/meta/llama-3.1-8b-instruct',
  'databricks:databricks-meta-llama-3-3-70b-instruct',
];

function config(): string {
  const tool = `
        - type: function
          function:
            name: get_weather
            description: Get current weather for a location
            parameters:
              type: object
              properties: { location: { type: string }, unit: { type: string, enum: [celsius, fahrenheit] } }
              required: [location]`;
  const providers = PROVIDERS.flatMap((id) =>
    [false, true].map(
      (stream) =>
        `  - id: ${id}\n    label: ${id}${stream ? ' streamed' : ''}\n    config:\n      stream: ${stream}\n      tools:${tool}`,
    ),
  ).join('\n');
  return `prompts:
  - "What's the weather like in {{city}}?"
providers:
${providers}
tests:
  - vars: { city: 'New York, NY' }
    assert:
      - type: javascript
        value: "${PROMPTFOO_IDIOM.replace(/"/g, '\\"')}"
      - type: function-call
        value: get_weather
      - type: javascript
        value: "output.arguments.location.includes('New York')"
      - type: is-valid-openai-tools-call
`;
}

describe('tool-call replies on every OpenAI-compatible provider', () => {
  it('pass both idioms live and from the cache; result files hold the plain tool_calls array', async () => {
    const dir = writeFiles({ 'promptfooconfig.yaml': config() });
    const env = {
      ...emu.env(),
      DATABRICKS_CLIENT_ID: '',
      DATABRICKS_CLIENT_SECRET: '',
      ASSAY_CACHE_PATH: join(tempDir(), 'cache'),
    };
    for (const pass of ['live', 'cached']) {
      const out = join(dir, `${pass}.json`);
      const run = await runCli(['eval', '--no-progress-bar', '-o', out], { cwd: dir, env });
      expect(run.code, `${pass}: ${run.stdout}${run.stderr}`).toBe(0);
      const results = JSON.parse(readFileSync(out, 'utf8')).results.results as Array<{
        success: boolean;
        response: { output: unknown; cached?: boolean };
      }>;
      expect(results).toHaveLength(PROVIDERS.length * 2);
      for (const row of results) {
        expect(row.success).toBe(true);
        expect(Boolean(row.response.cached)).toBe(pass === 'cached');
        const output = row.response.output as Array<{ type: string; function: { name: string; arguments: string } }>;
        expect(Array.isArray(output)).toBe(true);
        expect(output).toHaveLength(1);
        expect(Object.keys(output[0]!).filter((k) => k !== 'id')).toEqual(['type', 'function']);
        expect(output[0]!.function.name).toBe('get_weather');
        expect(JSON.parse(output[0]!.function.arguments).location).toContain('New York');
      }
    }
  });
});
