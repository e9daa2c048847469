// Reading an endpoint description (GET /api/2.0/serving-endpoints/{name}) for the endpoint check:
// the serving mode and AI Gateway guardrails it reports, and no answer at all (the check is then
// skipped) for a body whose fields have unexpected types.

import { describe, expect, it } from 'vitest';
import { fromEndpointDescription } from '../../../src/providers/databricks/endpoint-info.js';

describe('fromEndpointDescription', () => {
  it('tells the serving mode from the endpoint type and served entities', () => {
    expect(fromEndpointDescription({ endpoint_type: 'FOUNDATION_MODEL_API' })?.servingMode).toBe('pay-per-token');
    expect(
      fromEndpointDescription({ config: { served_entities: [{ foundation_model: { name: 'llama' } }] } })?.servingMode,
    ).toBe('pay-per-token');
    // A foundation model that is null is still one (the key is there).
    expect(fromEndpointDescription({ config: { served_models: [{ foundation_model: null }] } })?.servingMode).toBe(
      'pay-per-token',
    );
    expect(
      fromEndpointDescription({ config: { served_entities: [{ external_model: { provider: 'openai' } }] } }),
    ).toEqual({ servingMode: 'external', endpointType: undefined, externalProvider: 'openai', gateway: undefined });
    expect(fromEndpointDescription({ endpoint_type: 'EXTERNAL_MODEL' })?.servingMode).toBe('external');
    expect(
      fromEndpointDescription({ config: { served_entities: [{ min_provisioned_throughput: 0 }] } })?.servingMode,
    ).toBe('provisioned');
    expect(
      fromEndpointDescription({ config: { served_models: [{ max_provisioned_throughput: 100 }] } })?.servingMode,
    ).toBe('provisioned');
    expect(fromEndpointDescription({ name: 'x', config: null, ai_gateway: null, extra: [1] })).toEqual({
      servingMode: 'custom',
      endpointType: undefined,
      externalProvider: undefined,
      gateway: undefined,
    });
  });

  it('reads the AI Gateway guardrails', () => {
    const info = fromEndpointDescription({
      endpoint_type: 'CUSTOM',
      ai_gateway: {
        guardrails: { input: { safety: true, pii: { behavior: 'mask' } }, output: { pii: { behavior: 'BLOCK' } } },
      },
    });
    expect(info?.gateway).toEqual({ safety: true, inputPii: 'MASK', outputPii: 'BLOCK' });
    expect(fromEndpointDescription({ ai_gateway: {} })?.gateway).toEqual({
      safety: false,
      inputPii: 'NONE',
      outputPii: 'NONE',
    });
    expect(
      fromEndpointDescription({ ai_gateway: { guardrails: { input: null, output: { pii: null, safety: false } } } })
        ?.gateway,
    ).toEqual({ safety: false, inputPii: 'NONE', outputPii: 'NONE' });
  });

  it('gives no answer for a body of another shape', () => {
    for (const body of [
      null,
      'text',
      [],
      { endpoint_type: 3 },
      { endpoint_type: null },
      { config: 'x' },
      { config: [] },
      { config: { served_entities: {} } },
      { config: { served_entities: [null] } },
      { config: { served_models: [{ external_model: 'openai' }] } },
      { config: { served_entities: [{ external_model: { provider: 1 } }] } },
      { config: { served_entities: [{ min_provisioned_throughput: '0' }] } },
      { ai_gateway: 'on' },
      { ai_gateway: { guardrails: [] } },
      { ai_gateway: { guardrails: { input: { safety: 'yes' } } } },
      { ai_gateway: { guardrails: { output: { pii: { behavior: 2 } } } } },
      { ai_gateway: { guardrails: { output: { pii: 'MASK' } } } },
    ]) {
      expect(fromEndpointDescription(body), JSON.stringify(body)).toBeUndefined();
    }
  });
});
