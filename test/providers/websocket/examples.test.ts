// Runs every examples/websocket/* config against the emulator by driving the provider directly
// (the config loader and runner are separate modules): env-render, build, render prompts, call, assert.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebSocketEmulator, type WebSocketEmulator } from '../../../src/emulator/websocket.js';
import { createProvider } from '../../../src/providers/registry.js';
import { renderTemplate } from '../../../src/template/environment.js';
import { contextWith, expectAllClosed } from './helpers.js';

interface ExampleConfig {
  prompts: string[];
  providers: Array<string | { id: string; label?: string; config?: Record<string, unknown> }>;
  tests: Array<{ vars?: Record<string, unknown>; assert?: Array<{ type: string; value: string }> }>;
}

const examplesDir = resolve(import.meta.dirname, '../../../examples/websocket');
const exampleNames = readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(examplesDir, d.name, 'promptfooconfig.yaml')))
  .map((d) => d.name);

let emulator: WebSocketEmulator;
let env: Record<string, string>;
beforeAll(async () => {
  emulator = await startWebSocketEmulator();
  env = { ASSAY_WS_URL: emulator.url };
});
afterAll(async () => {
  await emulator.close();
});

/** What the config loader does at load time: only `{{ env.X }}` is rendered, other templates stay. */
function renderEnvOnly<T>(value: T): T {
  if (typeof value === 'string')
    return value.replace(/\{\{\s*env\.\w+\s*\}\}/g, (m) => renderTemplate(m, { env })) as T;
  if (Array.isArray(value)) return value.map(renderEnvOnly) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderEnvOnly(v)])) as T;
  }
  return value;
}

function check(output: unknown, assertion: { type: string; value: string }): void {
  const text = String(output);
  switch (assertion.type) {
    case 'equals':
      return void expect(text).toBe(assertion.value);
    case 'contains':
      return void expect(text).toContain(assertion.value);
    case 'not-contains':
      return void expect(text).not.toContain(assertion.value);
    default:
      throw new Error(`the example uses ${assertion.type}, which this test cannot evaluate`);
  }
}

async function runSuite(config: ExampleConfig, basePath: string): Promise<number> {
  let calls = 0;
  for (const entry of config.providers) {
    const { id, label, config: providerConfig } = renderEnvOnly(typeof entry === 'string' ? { id: entry } : entry);
    const provider = await createProvider({ id, label, config: providerConfig ?? {}, env: {}, basePath });
    for (const test of config.tests) {
      for (const prompt of config.prompts) {
        const vars = test.vars ?? {};
        const response = await provider.call(renderTemplate(prompt, vars), contextWith(vars));
        expect(response.error, `${label ?? id}`).toBeUndefined();
        for (const assertion of test.assert ?? []) check(response.output, assertion);
        calls++;
      }
    }
  }
  return calls;
}

describe('examples/websocket', () => {
  it('has one folder per seed example', () => {
    expect(exampleNames.sort()).toEqual([
      'bare-id',
      'basic',
      'parse-choices',
      'stream-accumulate',
      'stream-chunks',
      'stream-file',
      'stream-final',
      'variables',
    ]);
  });

  it.each(exampleNames)('%s runs against the emulator and passes its assertions', async (name) => {
    const dir = join(examplesDir, name);
    const config = parse(readFileSync(join(dir, 'promptfooconfig.yaml'), 'utf8')) as ExampleConfig;
    expect(await runSuite(config, dir)).toBeGreaterThan(0);
    await expectAllClosed(emulator);
  });

  it('sends the seed messageTemplate as written (basic example, with its Authorization header)', async () => {
    const dir = join(examplesDir, 'basic');
    await runSuite(parse(readFileSync(join(dir, 'promptfooconfig.yaml'), 'utf8')) as ExampleConfig, dir);
    const record = emulator.received.filter((r) => r.path === '/json').at(-1)!;
    expect(record.messages).toEqual(['{"prompt": "Hello world", "model": "gpt-4"}']);
    expect(record.headers.authorization).toBe('Bearer your-token-here');
  });

  it('library: the provider object form with a function transformResponse', async () => {
    process.env.ASSAY_WS_URL = emulator.url;
    try {
      const dir = join(examplesDir, 'library');
      const mod = (await import(`${pathToFileURL(join(dir, 'config.mjs')).href}?t=${Date.now()}`)) as {
        default: ExampleConfig;
      };
      expect(await runSuite(mod.default, dir)).toBe(1);
    } finally {
      delete process.env.ASSAY_WS_URL;
    }
  });
});
