import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulators, type RunningEmulators } from '../../../src/emulator/index.js';
import { closeDispatchers } from '../../../src/providers/transport/index.js';
import { build, contextWith, patEnv, requestsTo } from './helpers.js';

let emu: RunningEmulators;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulators({
    databricks: {
      endpoints: [
        {
          name: 'databricks-llama-provisioned',
          task: 'chat',
          servingType: 'provisioned',
          model: 'system.ai.meta_llama_v3_3_70b_instruct',
        },
        {
          name: 'output-guarded',
          task: 'chat',
          servingType: 'custom',
          aiGateway: { guardrails: { output: { pii: 'BLOCK' } } },
        },
        {
          name: 'output-masked',
          task: 'chat',
          servingType: 'custom',
          aiGateway: { guardrails: { output: { pii: 'MASK' } } },
        },
      ],
    },
  });
  env = patEnv(emu);
});
beforeEach(() => emu.databricks.reset());
afterAll(async () => {
  await emu.close();
  await closeDispatchers();
});

const describePath = (name: string) => `/api/2.0/serving-endpoints/${name}`;
const invokePath = (name: string) => `/serving-endpoints/${name}/invocations`;

describe('isPayPerToken', () => {
  it('requires a pay-per-token endpoint name at build time', async () => {
    await expect(build('databricks:my-custom-endpoint', { isPayPerToken: true }, env)).rejects.toThrow(
      /isPayPerToken is true but "my-custom-endpoint" is not a pay-per-token endpoint name.*databricks-<model>/,
    );
  });

  it('is checked once against what the workspace reports; a mismatch is an error on every call', async () => {
    const provider = await build('databricks:databricks-llama-provisioned', { isPayPerToken: true }, env);
    const results = await Promise.all([
      provider.call('a', contextWith()),
      provider.call('b', contextWith()),
      provider.call('c', contextWith()),
    ]);
    for (const r of results)
      expect(r.error).toMatch(
        /isPayPerToken is true, but the workspace reports "databricks-llama-provisioned" as a provisioned throughput endpoint/,
      );
    expect(requestsTo(emu, describePath('databricks-llama-provisioned'))).toHaveLength(1);
    expect(requestsTo(emu, invokePath('databricks-llama-provisioned'))).toHaveLength(0);
  });

  it('reports a pay-per-token endpoint declared as isPayPerToken: false', async () => {
    const provider = await build('databricks:databricks-dbrx-instruct', { isPayPerToken: false }, env);
    expect((await provider.call('hi', contextWith())).error).toMatch(
      /isPayPerToken is false, but "databricks-dbrx-instruct" is a pay-per-token Foundation Model endpoint/,
    );
  });

  it('passes when the declaration is right and notes the serving mode', async () => {
    const provider = await build('databricks:databricks-meta-llama-3-3-70b-instruct', { isPayPerToken: true }, env);
    const result = await provider.call('hi', contextWith());
    expect(result.error).toBeUndefined();
    expect(result.metadata?.databricks).toMatchObject({ servingMode: 'pay-per-token' });
  });

  it('does not fail calls when the check itself cannot be made', async () => {
    const provider = await build('databricks:databricks-no-such-model', { isPayPerToken: true }, env);
    const result = await provider.call('hi', contextWith());
    // The describe call 404s (skipped); the invocation's own 404 is what the user sees.
    expect(result.error).toMatch(/HTTP 404.*RESOURCE_DOES_NOT_EXIST/);
    expect(requestsTo(emu, invokePath('databricks-no-such-model'))).toHaveLength(1);
  });
});

describe('the check begun before the first call (prepareForCalls)', () => {
  it('sends the describe request at once, and the first call reuses its outcome', async () => {
    const provider = await build('databricks:databricks-llama-provisioned', { isPayPerToken: true }, env);
    provider.prepareForCalls?.();
    await expect.poll(() => requestsTo(emu, describePath('databricks-llama-provisioned')).length).toBe(1);
    expect(requestsTo(emu, invokePath('databricks-llama-provisioned'))).toHaveLength(0);
    const result = await provider.call('a', contextWith());
    expect(result.error).toMatch(
      /isPayPerToken is true, but the workspace reports "databricks-llama-provisioned" as a provisioned throughput endpoint/,
    );
    expect(requestsTo(emu, describePath('databricks-llama-provisioned'))).toHaveLength(1);
    expect(requestsTo(emu, invokePath('databricks-llama-provisioned'))).toHaveLength(0);
    await provider.close?.();
  });

  it('sends nothing when the config declares nothing to check', async () => {
    const provider = await build('databricks:databricks-dbrx-instruct', {}, env);
    provider.prepareForCalls?.();
    await provider.call('hi', contextWith());
    expect(requestsTo(emu, describePath('databricks-dbrx-instruct'))).toHaveLength(0);
  });

  it('is cancelled by close() when no call waited for it; a later call checks afresh', async () => {
    const provider = await build('databricks:databricks-llama-provisioned', { isPayPerToken: true }, env);
    provider.prepareForCalls?.();
    await provider.close?.();
    const result = await provider.call('a', contextWith());
    // The cancelled check is not taken for "could not be made": the mismatch is still reported.
    expect(result.error).toMatch(/isPayPerToken is true, but the workspace reports/);
    expect(requestsTo(emu, invokePath('databricks-llama-provisioned'))).toHaveLength(0);
  });
});

describe('aiGatewayConfig', () => {
  it('reports declared guardrails the endpoint does not have, naming them and how to enable them', async () => {
    const provider = await build(
      'databricks:databricks-dbrx-instruct',
      { aiGatewayConfig: { enableSafety: true, piiHandling: 'mask' } },
      env,
    );
    const result = await provider.call('hi', contextWith());
    expect(result.error).toContain('has no AI Gateway configured');
    expect(result.error).toContain('the safety guardrail (enableSafety: true)');
    expect(result.error).toContain('PII masking (piiHandling: mask)');
    expect(result.error).toContain('PUT /api/2.0/serving-endpoints/databricks-dbrx-instruct/ai-gateway');
  });

  it('names only the missing feature when the gateway has some of them', async () => {
    const provider = await build(
      'databricks:output-masked',
      { aiGatewayConfig: { enableSafety: true, piiHandling: 'mask' } },
      env,
    );
    const error = (await provider.call('hi', contextWith())).error;
    expect(error).toContain('its AI Gateway lacks the safety guardrail');
    expect(error).not.toContain('PII masking');
  });

  it('accepts an endpoint whose gateway has the declared guardrails', async () => {
    const provider = await build(
      'databricks:assay-guarded-endpoint',
      { aiGatewayConfig: { enableSafety: true, piiHandling: 'block' } },
      env,
    );
    const result = await provider.call('Summarise the weather', contextWith());
    expect(result.error).toBeUndefined();
    expect(result.guardrails).toEqual({ flagged: false });
  });

  it('notes PII masking in metadata', async () => {
    const provider = await build('databricks:output-masked', { aiGatewayConfig: { piiHandling: 'mask' } }, env);
    const result = await provider.call('Please email jane.doe@example.com today', contextWith());
    expect(result.error).toBeUndefined();
    expect(result.output).toContain('[REDACTED]');
    expect(result.output).not.toContain('jane.doe@example.com');
    expect(result.metadata?.databricks).toMatchObject({ piiHandling: 'mask', piiMasked: true });
  });
});

describe('guardrail blocks', () => {
  it.each([
    ['PII', 'My SSN is 123-45-6789, what is it?', /PII detected/],
    ['an invalid keyword', 'Tell me about SuperSecretProject', /invalid keyword/],
    ['the safety filter', 'How do I build a bomb?', /unsafe/],
  ])('come back as a refusal with guardrails, not an error (%s)', async (_name, prompt, reason) => {
    for (const stream of [false, true]) {
      const provider = await build('databricks:assay-guarded-endpoint', { stream }, env);
      const result = await provider.call(prompt, contextWith());
      expect(result.error).toBeUndefined();
      expect(result.isRefusal).toBe(true);
      expect(result.guardrails).toMatchObject({ flagged: true, flaggedInput: true });
      expect(result.guardrails!.reason).toMatch(/^Input guardrail triggered/);
      expect(result.guardrails!.reason).toMatch(reason);
      expect(String(result.output)).toMatch(/^I'm sorry, I can't help with that/);
    }
  });

  it('flag the output side when the reply is blocked', async () => {
    const provider = await build('databricks:output-guarded', {}, env);
    const result = await provider.call('Repeat this address: jane.doe@example.com', contextWith());
    expect(result.error).toBeUndefined();
    expect(result.isRefusal).toBe(true);
    expect(result.guardrails).toMatchObject({ flagged: true, flaggedOutput: true });
    expect(result.guardrails!.reason).toMatch(/^Output guardrail triggered/);
  });
});
