// The dated price table: lookups (exact names, dated snapshots, unknown models) and `cost`
// assertions that pass with no prices in the config, through the emulators.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulators } from '../../../src/emulator/index.js';
import type { RunningEmulators } from '../../../src/emulator/types.js';
import { evaluate } from '../../../src/index.js';
import { PRICE_TABLE } from '../../../src/providers/pricing/price-table.js';
import { tableCost, tablePrice } from '../../../src/providers/pricing/table-cost.js';

describe('price table lookups', () => {
  it('prices exact names and dated OpenAI snapshots, per token', () => {
    expect(tablePrice('openai', 'gpt-4o-mini')!.input * 1e6).toBeCloseTo(0.15, 10);
    expect(tablePrice('openai', 'gpt-4o-mini')!.output * 1e6).toBeCloseTo(0.6, 10);
    expect(tablePrice('openai', 'GPT-4o-mini-2024-07-18')).toEqual(tablePrice('openai', 'gpt-4o-mini'));
    const cf = tablePrice('cloudflare-ai', '@cf/meta/llama-3.1-8b-instruct')!;
    expect(cf.input * 1e6).toBeCloseTo(0.282, 10);
    expect(cf.output * 1e6).toBeCloseTo(0.827, 10);
    expect(tablePrice('databricks', 'databricks-meta-llama-3-3-70b-instruct')!.output * 1e6).toBeCloseTo(1.5, 10);
    expect(tableCost('openai', 'gpt-4.1', { prompt: 1_000_000, completion: 500_000 })).toBeCloseTo(2 + 4);
  });

  it('leaves unknown models, differently priced snapshots and usage-less replies unpriced', () => {
    expect(tablePrice('openai', 'my-local-model')).toBeUndefined();
    expect(tablePrice('openai', 'gpt-4o-2024-05-13')).toBeUndefined();
    expect(tablePrice('llamaapi', 'Llama-4-Maverick-17B-128E-Instruct-FP8')).toBeUndefined();
    expect(tablePrice('nosuchfamily', 'gpt-4o')).toBeUndefined();
    expect(tableCost('openai', 'gpt-4o', undefined)).toBeUndefined();
  });

  it('every family says where and when its prices were read', () => {
    for (const family of Object.values(PRICE_TABLE)) {
      expect(family.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(family.source).toMatch(/^https:\/\//);
      for (const price of Object.values(family.models)) expect(price.input).toBeGreaterThan(0);
    }
  });
});

describe('cost assertions without config prices', () => {
  let emulators: RunningEmulators;
  beforeAll(async () => {
    emulators = await startEmulators();
  });
  afterAll(async () => {
    await emulators.close();
  });

  async function runCost(provider: unknown, threshold: number) {
    const result = await evaluate(
      {
        env: emulators.env(),
        prompts: ['Say hello to {{ name }}'],
        providers: [provider as string],
        tests: [{ vars: { name: 'Ada' }, assert: [{ type: 'cost', threshold }] }],
      },
      { cache: false },
    );
    return result.results[0]!;
  }

  it('openai:chat:gpt-4o-mini is priced from the table and a cost assertion passes', async () => {
    const row = await runCost('openai:chat:gpt-4o-mini', 0.01);
    expect(row.error ?? undefined).toBeUndefined();
    expect(row.success).toBe(true);
    const usage = row.response!.tokenUsage!;
    expect(row.cost).toBeCloseTo(usage.prompt! * 0.15e-6 + usage.completion! * 0.6e-6, 12);
    expect(row.cost).toBeGreaterThan(0);
    // A threshold below the call's cost fails.
    expect((await runCost('openai:chat:gpt-4o-mini', 1e-9)).success).toBe(false);
  });

  it('a Databricks pay-per-token endpoint is priced; config prices override the table', async () => {
    const row = await runCost(
      { id: 'databricks:databricks-meta-llama-3-3-70b-instruct', config: { isPayPerToken: true } },
      0.01,
    );
    expect(row.success).toBe(true);
    expect(row.cost).toBeGreaterThan(0);
    const overridden = await runCost({ id: 'openai:chat:gpt-4o-mini', config: { inputCost: 1, outputCost: 1 } }, 0.01);
    expect(overridden.cost).toBe(
      overridden.response!.tokenUsage!.prompt! + overridden.response!.tokenUsage!.completion!,
    );
    expect(overridden.success).toBe(false);
  });

  it('a Cloudflare Workers AI model is priced by its @cf name', async () => {
    const row = await runCost('cloudflare-ai:chat:@cf/meta/llama-3.1-8b-instruct', 0.01);
    expect(row.success).toBe(true);
    const usage = row.response!.tokenUsage!;
    expect(row.cost).toBeCloseTo((usage.prompt! * 0.282 + usage.completion! * 0.827) / 1e6, 12);
  });

  it('an unpriced model says how to set its price', async () => {
    const row = await runCost('llamaapi:Llama-4-Maverick-17B-128E-Instruct-FP8', 0.01);
    expect(row.success).toBe(false);
    expect(JSON.stringify(row)).toMatch(/has no per-token price in Assay's price table.*inputCost/);
  });
});
