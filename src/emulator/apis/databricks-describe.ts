// GET /serving-endpoints/{name}: the endpoint description, saying how it is served
// (foundation model pay-per-token, provisioned throughput, external or custom) and its AI Gateway.

import { createHash } from 'node:crypto';
import type { DatabricksEndpointSpec } from '../types.js';

const TASKS = { chat: 'llm/v1/chat', completions: 'llm/v1/completions', embeddings: 'llm/v1/embeddings' } as const;

export function describeEndpoint(spec: DatabricksEndpointSpec): Record<string, unknown> {
  const entity: Record<string, unknown> = { name: spec.name, entity_name: spec.model ?? spec.name };
  let endpointType: string;
  switch (spec.servingType) {
    case 'pay-per-token':
      endpointType = 'FOUNDATION_MODEL_API';
      entity.foundation_model = { name: spec.model ?? spec.name, display_name: spec.name, docs: 'pay-per-token' };
      break;
    case 'provisioned':
      endpointType = 'CUSTOM_MODEL';
      Object.assign(entity, {
        entity_version: '1',
        min_provisioned_throughput: 0,
        max_provisioned_throughput: 9500,
        scale_to_zero_enabled: false,
      });
      break;
    case 'external':
      endpointType = 'EXTERNAL_MODEL';
      entity.external_model = {
        provider: /^gpt|^o\d/.test(spec.model ?? '') ? 'openai' : 'custom',
        name: spec.model ?? spec.name,
        task: TASKS[spec.task],
      };
      break;
    default:
      endpointType = 'CUSTOM_MODEL';
      Object.assign(entity, { entity_version: '1', workload_size: 'Small', scale_to_zero_enabled: true });
  }
  const out: Record<string, unknown> = {
    name: spec.name,
    id: createHash('sha256').update(spec.name).digest('hex').slice(0, 32),
    creator: 'assay-emulator',
    creation_timestamp: 1_700_000_000_000,
    last_updated_timestamp: 1_700_000_000_000,
    state: { ready: 'READY', config_update: 'NOT_UPDATING' },
    task: TASKS[spec.task],
    endpoint_type: endpointType,
    config: { served_entities: [entity] },
  };
  const gw = spec.aiGateway;
  if (gw) {
    const guard = (g: NonNullable<NonNullable<typeof gw.guardrails>['input']> | undefined) =>
      g && { safety: g.safety ?? false, pii: { behavior: g.pii ?? 'NONE' }, invalid_keywords: g.invalidKeywords ?? [] };
    out.ai_gateway = {
      guardrails: gw.guardrails
        ? { input: guard(gw.guardrails.input), output: guard(gw.guardrails.output) }
        : undefined,
      usage_tracking_config: { enabled: gw.usageTracking ?? false },
      rate_limits: gw.rateLimitPerMinute
        ? [{ calls: gw.rateLimitPerMinute, key: 'endpoint', renewal_period: 'minute' }]
        : [],
    };
  }
  return out;
}
