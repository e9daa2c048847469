// `file://provider.py[:fn]` and `python:provider.py[:fn]`: a provider written as a Python function,
// promptfoo's `call_api(prompt, options, context)` (sync or async), run on the worker pool.
// Config: `workers` (this provider's own pool size), `pythonExecutable`, `timeout` (ms per call).

import { resolve } from 'node:path';
import { ConfigError, errorMessage } from '../errors.js';
import type { PythonTarget } from '../python/call.js';
import { loadPythonModule } from '../python/module.js';
import { parseFileReference, pickExport } from '../scripting/load-module.js';
import { snippet } from './transport/errors.js';
import type { PythonFunction } from '../python/module.js';
import type {
  ClassificationResponse,
  EmbeddingResponse,
  Provider,
  ProviderFactory,
  ProviderOptions,
  ProviderResponse,
} from './types.js';

export const create: ProviderFactory = async (rest, options) => {
  const { path, exportName } = parseFileReference(rest);
  const target = targetFor(resolve(options.basePath, path), options);
  const what = `provider ${options.id}`;
  let callApi: PythonFunction;
  let module: Awaited<ReturnType<typeof loadPythonModule>>;
  try {
    module = await loadPythonModule(target);
    callApi = pickExport(module, exportName, what, 'call_api') as PythonFunction;
  } catch (err) {
    throw new ConfigError(`Could not load Python provider ${options.id}: ${errorMessage(err)}`, {}, 'PROVIDER_CONFIG', {
      cause: err,
    });
  }
  const timeoutMs = positiveNumber(options.config.timeout);
  // promptfoo hands Python the provider's options without anything that is not JSON.
  const pythonOptions = { id: options.id, label: options.label, config: options.config };
  const provider: Provider = {
    id: () => options.id,
    label: options.label,
    config: options.config,
    cacheable: false,
    async call(prompt, context, signal) {
      const pythonContext = {
        vars: context.vars,
        prompt: context.prompt,
        test: context.test,
        repeatIndex: context.repeatIndex,
      };
      try {
        const raw = await callApi.callWith([prompt, pythonOptions, pythonContext], { signal, timeoutMs });
        return fromPythonResponse(raw, options.id);
      } catch (err) {
        return { error: errorMessage(err) };
      }
    },
  };
  const embedApi = module.call_embedding_api;
  if (embedApi) {
    provider.embed = async (text, signal): Promise<EmbeddingResponse> => {
      try {
        const raw = (await embedApi.callWith([text, pythonOptions], { signal, timeoutMs })) as
          | Record<string, unknown>
          | number[]
          | null;
        if (Array.isArray(raw)) return { embedding: raw };
        if (raw && Array.isArray(raw.embedding))
          return { embedding: raw.embedding as number[], tokenUsage: tokenUsageOf(raw) };
        return {
          error:
            typeof raw?.error === 'string'
              ? raw.error
              : `call_embedding_api in ${path} must return { "embedding": [numbers] }`,
        };
      } catch (err) {
        return { error: errorMessage(err) };
      }
    };
  }
  const classifyApi = module.call_classification_api;
  if (classifyApi) {
    provider.classify = async (text, signal): Promise<ClassificationResponse> => {
      try {
        const raw = await classifyApi.callWith([text, pythonOptions, {}], { signal, timeoutMs });
        return fromPythonClassification(raw, path);
      } catch (err) {
        return { error: errorMessage(err) };
      }
    };
  }
  return provider;
};

/** `{"classification": {label: score}}` (or a bare `{label: score}` dict) from call_classification_api. */
function fromPythonClassification(raw: unknown, path: string): ClassificationResponse {
  const dict = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  if (dict && typeof dict.error === 'string') return { error: dict.error, tokenUsage: tokenUsageOf(dict) };
  const scores = dict && 'classification' in dict ? dict.classification : dict;
  if (isScoreMap(scores))
    return { classification: scores, ...(dict && 'classification' in dict ? { tokenUsage: tokenUsageOf(dict) } : {}) };
  return { error: `call_classification_api in ${path} must return { "classification": { "label": score } }` };
}

function isScoreMap(value: unknown): value is Record<string, number> {
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}

function targetFor(absolute: string, options: ProviderOptions): PythonTarget {
  const workers = positiveNumber(options.config.workers);
  const pythonExecutable =
    typeof options.config.pythonExecutable === 'string' ? options.config.pythonExecutable : undefined;
  return { path: absolute, workers, pythonExecutable };
}

function positiveNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** A returned dict becomes the response (snake_case keys accepted); a string is the output. */
export function fromPythonResponse(raw: unknown, providerId: string): ProviderResponse {
  if (typeof raw === 'string') return { output: raw };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !('output' in raw || 'error' in raw)) {
    const shown = snippet(JSON.stringify(raw) ?? String(raw), 200);
    return { error: `Python provider ${providerId} returned ${shown}; expected a dict with "output" (or "error")` };
  }
  const dict = raw as Record<string, unknown>;
  const response: ProviderResponse = {};
  if (dict.output !== undefined && dict.output !== null) response.output = dict.output;
  if (dict.error !== undefined && dict.error !== null) response.error = String(dict.error);
  const tokenUsage = tokenUsageOf(dict);
  if (tokenUsage) response.tokenUsage = tokenUsage;
  if (typeof dict.cost === 'number') response.cost = dict.cost;
  if (typeof dict.cached === 'boolean') response.cached = dict.cached;
  const finishReason = dict.finishReason ?? dict.finish_reason;
  if (typeof finishReason === 'string') response.finishReason = finishReason;
  const isRefusal = dict.isRefusal ?? dict.is_refusal;
  if (typeof isRefusal === 'boolean') response.isRefusal = isRefusal;
  const logProbs = dict.logProbs ?? dict.logprobs;
  if (Array.isArray(logProbs)) response.logProbs = logProbs as number[];
  if (dict.guardrails && typeof dict.guardrails === 'object')
    response.guardrails = dict.guardrails as ProviderResponse['guardrails'];
  if (dict.metadata && typeof dict.metadata === 'object')
    response.metadata = dict.metadata as ProviderResponse['metadata'];
  return response;
}

function tokenUsageOf(dict: Record<string, unknown>): ProviderResponse['tokenUsage'] {
  const usage = (dict.tokenUsage ?? dict.token_usage) as Record<string, unknown> | undefined;
  if (!usage || typeof usage !== 'object') return undefined;
  const pick = (...keys: string[]) => keys.map((k) => usage[k]).find((v): v is number => typeof v === 'number');
  return {
    prompt: pick('prompt', 'prompt_tokens'),
    completion: pick('completion', 'completion_tokens'),
    total: pick('total', 'total_tokens'),
    cached: pick('cached'),
    numRequests: pick('numRequests', 'num_requests'),
  };
}
