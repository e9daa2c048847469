// Runs every examples/databricks/* config against the emulator by driving the providers directly
// (the config loader and runner are separate modules): env-render, build, render prompts, call.
// llm-rubric grading is checked elsewhere; here each call must succeed and do what the seed says.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../../../src/emulator/index.js';
import { clearTokenCache } from '../../../src/providers/databricks/index.js';
import { createProvider } from '../../../src/providers/registry.js';
import { closeDispatchers } from '../../../src/providers/transport/index.js';
import type { ProviderResponse } from '../../../src/providers/types.js';
import { renderDeep, renderTemplate } from '../../../src/template/environment.js';
import { BLANK_ENV, contextWith } from './helpers.js';

interface ExampleConfig {
  prompts: string[];
  providers: Array<{ id: string; config?: Record<string, unknown> }>;
  tests: Array<{ vars?: Record<string, unknown>; assert?: Array<{ type: string; value: unknown }> }>;
}

interface Outcome {
  providerId: string;
  response: ProviderResponse;
  vars: Record<string, unknown>;
}

const examplesDir = resolve(import.meta.dirname, '../../../examples/databricks');
const names = readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(examplesDir, d.name, 'promptfooconfig.yaml')))
  .map((d) => d.name)
  .sort();

let emu: RunningEmulators;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulators();
  env = { ...BLANK_ENV, ...emu.env() };
});
beforeEach(() => {
  emu.databricks.reset();
  clearTokenCache();
});
afterAll(async () => {
  await emu.close();
  await closeDispatchers();
});

/** What the config loader does at load time: only `{{ env.X }}` is rendered, other templates stay. */
function renderEnvOnly<T>(value: T): T {
  if (typeof value === 'string')
    return value.replace(/\{\{\s*env\.\w+\s*\}\}/g, (m) => renderTemplate(m, { env })) as T;
  if (Array.isArray(value)) return value.map(renderEnvOnly) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderEnvOnly(v)])) as T;
  return value;
}

function renderPrompt(prompt: string, dir: string, vars: Record<string, unknown>): string {
  if (!prompt.startsWith('file://')) return renderTemplate(prompt, vars);
  const messages: unknown = JSON.parse(readFileSync(join(dir, prompt.slice('file://'.length)), 'utf8'));
  return JSON.stringify(renderDeep(messages, vars));
}

function checkAssertion(output: unknown, assertion: { type: string; value: unknown }): void {
  const text = String(output);
  switch (assertion.type) {
    case 'icontains':
      return void expect(text.toLowerCase()).toContain(String(assertion.value).toLowerCase());
    case 'not-icontains':
      return void expect(text.toLowerCase()).not.toContain(String(assertion.value).toLowerCase());
    case 'is-json': {
      const value = JSON.parse(text) as Record<string, unknown>;
      for (const key of (assertion.value as { required: string[] }).required) expect(value).toHaveProperty(key);
      return;
    }
    case 'llm-rubric':
      return void expect(text.length).toBeGreaterThan(0);
    default:
      throw new Error(`the example uses ${assertion.type}, which this test cannot evaluate`);
  }
}

async function runExample(name: string): Promise<Outcome[]> {
  const dir = join(examplesDir, name);
  const config = parse(readFileSync(join(dir, 'promptfooconfig.yaml'), 'utf8')) as ExampleConfig;
  const outcomes: Outcome[] = [];
  for (const entry of config.providers) {
    const { id, config: providerConfig } = renderEnvOnly(entry);
    const provider = await createProvider({ id, config: providerConfig ?? {}, env, basePath: dir });
    for (const test of config.tests) {
      for (const prompt of config.prompts) {
        const vars = test.vars ?? {};
        const response = await provider.call(renderPrompt(prompt, dir, vars), contextWith(vars));
        expect(response.error, `${name} / ${id}`).toBeUndefined();
        expect(response.output, `${name} / ${id}`).toBeTruthy();
        for (const assertion of test.assert ?? []) checkAssertion(response.output, assertion);
        outcomes.push({ providerId: id, response, vars });
      }
    }
  }
  return outcomes;
}

const invocationBodies = (endpoint: string) =>
  emu.databricks.requests
    .filter((r) => r.path === `/serving-endpoints/${endpoint}/invocations`)
    .map((r) => r.body as Record<string, unknown>);

describe('examples/databricks', () => {
  it('has one folder per seed example', () => {
    expect(names).toEqual([
      'advanced-configuration',
      'external-models',
      'multi-model-comparison',
      'pay-per-token',
      'personal-access-token',
      'provisioned-throughput',
      'service-principal-oauth',
      'structured-outputs',
      'usage-tracking',
      'vision',
    ]);
  });

  it('pay-per-token: checks the endpoint is pay-per-token, then answers', async () => {
    const [outcome] = await runExample('pay-per-token');
    expect(outcome!.response.metadata?.databricks).toMatchObject({ servingMode: 'pay-per-token' });
  });

  it('provisioned-throughput: sends temperature and max_tokens', async () => {
    await runExample('provisioned-throughput');
    expect(invocationBodies('my-custom-endpoint')[0]).toMatchObject({ temperature: 0.7, max_tokens: 500 });
  });

  it('external-models: reaches the external model endpoint', async () => {
    await runExample('external-models');
    expect(invocationBodies('my-openai-endpoint')).toHaveLength(1);
  });

  it('advanced-configuration: sends usage_context and the OpenAI parameters; the gateway masks PII', async () => {
    const [outcome] = await runExample('advanced-configuration');
    expect(invocationBodies('databricks-claude-3-7-sonnet')[0]).toMatchObject({
      temperature: 0.7,
      max_tokens: 2000,
      top_p: 0.9,
      usage_context: { project: 'customer-support', team: 'engineering', environment: 'production' },
    });
    expect(outcome!.response.metadata?.databricks).toMatchObject({ piiHandling: 'mask', piiMasked: true });
  });

  it('vision: sends the rendered JSON prompt with its image_url part', async () => {
    await runExample('vision');
    expect(invocationBodies('databricks-claude-3-7-sonnet')[0]!.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: "What's in this image?" },
          { type: 'image_url', image_url: { url: 'https://example.com/image.jpg' } },
        ],
      },
    ]);
  });

  it('structured-outputs: returns JSON with a string name and a number price', async () => {
    const [outcome] = await runExample('structured-outputs');
    const value = JSON.parse(String(outcome!.response.output)) as { name: unknown; price: unknown };
    expect(typeof value.name).toBe('string');
    expect(typeof value.price).toBe('number');
  });

  it('usage-tracking: sends usage_context', async () => {
    await runExample('usage-tracking');
    expect(invocationBodies('databricks-meta-llama-3-3-70b-instruct')[0]!.usage_context).toEqual({
      application: 'chatbot',
      customer_id: '12345',
      request_type: 'support_query',
      priority: 'high',
    });
  });

  it('multi-model-comparison: all three endpoints answer the prompt', async () => {
    const outcomes = await runExample('multi-model-comparison');
    expect(outcomes.map((o) => o.providerId)).toEqual([
      'databricks:databricks-meta-llama-3-3-70b-instruct',
      'databricks:my-gpt4-endpoint',
      'databricks:my-finetuned-llama',
    ]);
    for (const o of outcomes) expect(String(o.response.output)).toContain('quantum computing');
  });

  it('personal-access-token and service-principal-oauth: authenticate as documented', async () => {
    await runExample('personal-access-token');
    await runExample('service-principal-oauth');
    const kinds = emu.databricks.requests.filter((r) => r.path.endsWith('/invocations')).map((r) => r.credential.kind);
    expect(kinds).toEqual(['pat', 'oauth']);
    expect(emu.databricks.requests.filter((r) => r.path === '/oidc/v1/token')).toHaveLength(1);
  });
});
