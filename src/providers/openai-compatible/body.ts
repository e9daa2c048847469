// Request bodies for the three OpenAI endpoints, as pure functions of model, input and config.
// Key order and defaults follow promptfoo (temperature 0 and max_tokens 1024 unless omitDefaults),
// so request bodies compare equal; `passthrough` is spread last and wins.

import type { OpenAiConfig } from './config.js';
import type { ChatMessage } from './wire.js';

type EnvLookup = (name: string) => string | undefined;
const noEnv: EnvLookup = () => undefined;

/** o1/o3/o4/gpt-5 families take max_completion_tokens and no temperature. */
export function isReasoningModel(model: string): boolean {
  let reasoning = reasoningMemo.get(model);
  if (reasoning === undefined) {
    const name = model.replace(/^ft:/, '').toLowerCase();
    reasoning = /^(o1|o3|o4|gpt-5)/.test(name) || /\/(o1|o3|o4|gpt-5)/.test(name);
    if (reasoningMemo.size > 1000) reasoningMemo.clear();
    reasoningMemo.set(model, reasoning);
  }
  return reasoning;
}
// Asked once per request for the same few model names.
const reasoningMemo = new Map<string, boolean>();

function envNumber(env: EnvLookup, name: string): number | undefined {
  const raw = env(name);
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** A sampling knob: the config value, else the env default, else (unless omitDefaults) the fallback. */
function knob(
  configValue: number | undefined,
  env: EnvLookup,
  envName: string,
  fallback: number | undefined,
  omitDefaults: boolean,
): number | undefined {
  return configValue ?? envNumber(env, envName) ?? (omitDefaults ? undefined : fallback);
}

export interface ChatBodyInput {
  model: string;
  messages: ChatMessage[];
  /** Merged config with file:// references already loaded. */
  config: OpenAiConfig;
  stream?: boolean;
  env?: EnvLookup;
}

export function toOpenAiChatBody({
  model,
  messages,
  config,
  stream,
  env = noEnv,
}: ChatBodyInput): Record<string, unknown> {
  const reasoning = isReasoningModel(String(config.passthrough?.model ?? model));
  const omit = config.omitDefaults ?? false;
  const body: Record<string, unknown> = { model, messages };
  body.seed = config.seed;
  if (!reasoning) {
    body.max_tokens = knob(config.max_tokens, env, 'OPENAI_MAX_TOKENS', 1024, omit);
    body.temperature = knob(config.temperature, env, 'OPENAI_TEMPERATURE', 0, omit);
  } else {
    body.max_completion_tokens = config.max_completion_tokens ?? envNumber(env, 'OPENAI_MAX_COMPLETION_TOKENS');
    body.reasoning_effort = config.reasoning_effort;
  }
  body.top_p = knob(config.top_p, env, 'OPENAI_TOP_P', undefined, true);
  body.presence_penalty = knob(config.presence_penalty, env, 'OPENAI_PRESENCE_PENALTY', undefined, true);
  body.frequency_penalty = knob(config.frequency_penalty, env, 'OPENAI_FREQUENCY_PENALTY', undefined, true);
  body.functions = config.functions;
  body.function_call = config.function_call;
  if (Array.isArray(config.tools) && config.tools.length) body.tools = config.tools;
  body.tool_choice = config.tool_choice;
  body.response_format = config.response_format;
  body.logprobs = config.logprobs;
  body.top_logprobs = config.top_logprobs;
  body.stop = config.stop || undefined;
  body.user = config.user;
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  Object.assign(body, config.passthrough);
  if (reasoning) delete body.max_tokens;
  return dropUndefined(body);
}

export function toOpenAiCompletionBody({
  model,
  prompt,
  config,
  env = noEnv,
}: {
  model: string;
  prompt: string;
  config: OpenAiConfig;
  env?: EnvLookup;
}): Record<string, unknown> {
  const omit = config.omitDefaults ?? false;
  const body: Record<string, unknown> = {
    model,
    prompt,
    seed: config.seed,
    max_tokens: knob(config.max_tokens, env, 'OPENAI_MAX_TOKENS', 1024, omit),
    temperature: knob(config.temperature, env, 'OPENAI_TEMPERATURE', 0, omit),
    top_p: knob(config.top_p, env, 'OPENAI_TOP_P', undefined, true),
    presence_penalty: knob(config.presence_penalty, env, 'OPENAI_PRESENCE_PENALTY', undefined, true),
    frequency_penalty: knob(config.frequency_penalty, env, 'OPENAI_FREQUENCY_PENALTY', undefined, true),
    stop: config.stop || undefined,
    user: config.user,
    ...config.passthrough,
  };
  return dropUndefined(body);
}

export function toOpenAiEmbeddingBody({
  model,
  input,
  config,
}: {
  model: string;
  input: string;
  config: OpenAiConfig;
}): Record<string, unknown> {
  return dropUndefined({ input, model, ...config.passthrough });
}

/** A copy without undefined values (built afresh: `delete` would leave a slow dictionary-mode object). */
function dropUndefined(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(body)) if (body[key] !== undefined) out[key] = body[key];
  return out;
}
