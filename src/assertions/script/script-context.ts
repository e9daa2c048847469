// The `context` argument user JS receives in javascript assertions and file:// value scripts:
// the same field names as promptfoo's, so existing assertion code keeps working.

import type { Provider, ProviderResponse } from '../../providers/types.js';
import type { TestCase, Vars } from '../../suite/types.js';
import type { AssertionContext } from '../types.js';

export interface ScriptContext {
  prompt: string;
  vars: Vars;
  test: TestCase;
  logProbs?: number[];
  provider?: Provider;
  providerResponse: ProviderResponse;
  /** A copy of the assertion's `config`, so scripts cannot change it for later rows. */
  config?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export function scriptContext(ctx: Omit<AssertionContext, 'value'>): ScriptContext {
  const { assertion, providerResponse } = ctx;
  const context: ScriptContext = {
    prompt: ctx.prompt,
    vars: ctx.vars,
    test: ctx.test,
    logProbs: providerResponse.logProbs,
    provider: ctx.provider,
    providerResponse,
  };
  // Added only when present, after the fields above (the order scripts see them in).
  if (assertion.config) context.config = copy(assertion.config);
  if (providerResponse.metadata) context.metadata = providerResponse.metadata;
  return context;
}

function copy(config: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(config);
  } catch {
    // Configs holding functions cannot be cloned; a shallow copy still protects the top level.
    return { ...config };
  }
}
