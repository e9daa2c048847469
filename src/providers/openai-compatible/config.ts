// The config keys the OpenAI-compatible providers understand, validated once when the provider is
// built (ConfigError with the key path) and again after a prompt's own config is merged over it.

import * as z from 'zod';
import { parseProviderConfig } from '../config-schema.js';

const number = z.number();
const stringMap = z.record(z.string(), z.string());

export const openAiConfigSchema = z.looseObject({
  apiKey: z.string().optional(),
  apiKeyEnvar: z.string().optional(),
  apiKeyRequired: z.boolean().optional(),
  apiBaseUrl: z.string().optional(),
  apiHost: z.string().optional(),
  headers: stringMap.optional(),
  organization: z.string().optional(),

  temperature: number.optional(),
  max_tokens: number.optional(),
  max_completion_tokens: number.optional(),
  top_p: number.optional(),
  frequency_penalty: number.optional(),
  presence_penalty: number.optional(),
  stop: z.union([z.string(), z.array(z.string())]).optional(),
  seed: number.optional(),
  reasoning_effort: z.string().optional(),
  user: z.string().optional(),
  tools: z.union([z.array(z.unknown()), z.string()]).optional(),
  tool_choice: z.unknown().optional(),
  functions: z.union([z.array(z.unknown()), z.string()]).optional(),
  function_call: z.unknown().optional(),
  response_format: z.union([z.looseObject({ type: z.string() }), z.string()]).optional(),
  /** Ask for token log-probabilities (for perplexity checks); `top_logprobs` alternatives per token. */
  logprobs: z.boolean().optional(),
  top_logprobs: number.int().nonnegative().optional(),
  passthrough: z.record(z.string(), z.unknown()).optional(),
  /** Send the model's defaults instead of temperature 0 / max_tokens 1024. */
  omitDefaults: z.boolean().optional(),
  showThinking: z.boolean().optional(),

  stream: z.boolean().optional(),
  timeoutMs: number.int().nonnegative().optional(),
  idleTimeoutMs: number.int().nonnegative().optional(),
  maxRetries: number.int().nonnegative().optional(),

  /** USD per token (both directions / input / output). */
  cost: number.optional(),
  inputCost: number.optional(),
  outputCost: number.optional(),
});

export type OpenAiConfig = z.infer<typeof openAiConfigSchema>;

/** Validates a provider's config, naming the bad key (`config.temperature`) in the error. */
export function parseOpenAiConfig(config: Record<string, unknown>, providerId: string): OpenAiConfig {
  return parseProviderConfig(openAiConfigSchema, config, (_keyPath, message) => `Provider ${providerId}: ${message}`);
}

/** Provider config with the prompt's own `config` shallow-merged over it (prompt wins). */
export function mergePromptConfig(
  base: OpenAiConfig,
  promptConfig: Record<string, unknown> | undefined,
  providerId: string,
): OpenAiConfig {
  if (!promptConfig || Object.keys(promptConfig).length === 0) return base;
  return parseOpenAiConfig({ ...base, ...promptConfig }, providerId);
}
