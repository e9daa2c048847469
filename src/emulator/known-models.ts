// The models each emulated API knows, as data. Names come from the seed docs and the wire notes;
// anything not listed gets the API's real "model not found" error.

import type { DatabricksAiGateway, DatabricksEndpointSpec } from './types.js';

export type ModelTask = 'chat' | 'completions' | 'embeddings';

export interface ModelSpec {
  task: ModelTask;
  /** Accepts image content parts. */
  vision?: boolean;
  /** Embedding width. */
  dimensions?: number;
  /** Requests and tokens per minute, reported in rate-limit headers. */
  rpm?: number;
  tpm?: number;
}

export const llamaModels: Record<string, ModelSpec> = {
  'Llama-4-Maverick-17B-128E-Instruct-FP8': { task: 'chat', vision: true, rpm: 3000, tpm: 1_000_000 },
  'Llama-4-Scout-17B-16E-Instruct-FP8': { task: 'chat', vision: true, rpm: 3000, tpm: 1_000_000 },
  'Llama-3.3-70B-Instruct': { task: 'chat', rpm: 3000, tpm: 1_000_000 },
  'Llama-3.3-8B-Instruct': { task: 'chat', rpm: 3000, tpm: 1_000_000 },
  'Cerebras-Llama-4-Maverick-17B-128E-Instruct': { task: 'chat', rpm: 900, tpm: 300_000 },
  'Cerebras-Llama-4-Scout-17B-16E-Instruct': { task: 'chat', rpm: 600, tpm: 200_000 },
  'Groq-Llama-4-Maverick-17B-128E-Instruct': { task: 'chat', rpm: 1000, tpm: 600_000 },
};

export const cloudflareModels: Record<string, ModelSpec> = {
  '@cf/openai/gpt-oss-120b': { task: 'chat' },
  '@cf/openai/gpt-oss-20b': { task: 'chat' },
  '@cf/meta/llama-3.1-8b-instruct': { task: 'chat' },
  '@cf/meta/llama-3.3-70b-instruct-fp8-fast': { task: 'chat' },
  '@cf/meta/llama-3.2-11b-vision-instruct': { task: 'chat', vision: true },
  '@cf/meta/llama-4-scout-17b-16e-instruct': { task: 'chat', vision: true },
  '@cf/mistralai/mistral-small-3.1-24b-instruct': { task: 'chat', vision: true },
  '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b': { task: 'chat' },
  '@cf/qwen/qwq-32b': { task: 'chat' },
  '@cf/qwen/qwen2.5-coder-32b-instruct': { task: 'chat' },
  '@cf/google/gemma-3-12b-it': { task: 'chat' },
  '@hf/nousresearch/hermes-2-pro-mistral-7b': { task: 'chat' },
  '@cf/microsoft/phi-2': { task: 'chat' },
  '@cf/google/embeddinggemma-300m': { task: 'embeddings', dimensions: 768 },
  '@cf/baai/bge-large-en-v1.5': { task: 'embeddings', dimensions: 1024 },
  '@cf/baai/bge-base-en-v1.5': { task: 'embeddings', dimensions: 768 },
  '@cf/baai/bge-small-en-v1.5': { task: 'embeddings', dimensions: 384 },
};

export const openaiModels: Record<string, ModelSpec> = {
  'gpt-4o-mini': { task: 'chat', vision: true },
  'gpt-4o': { task: 'chat', vision: true },
  'gpt-4.1': { task: 'chat', vision: true },
  'gpt-4.1-mini': { task: 'chat', vision: true },
  'gpt-4.1-2025-04-14': { task: 'chat', vision: true },
  'gpt-5': { task: 'chat', vision: true },
  'gpt-5-mini': { task: 'chat', vision: true },
  'gpt-5-2025-08-07': { task: 'chat', vision: true },
  'gpt-4': { task: 'chat' },
  'gpt-3.5-turbo': { task: 'chat' },
  'gpt-3.5-turbo-instruct': { task: 'completions' },
  'text-embedding-3-small': { task: 'embeddings', dimensions: 1536 },
  'text-embedding-3-large': { task: 'embeddings', dimensions: 3072 },
  'text-embedding-ada-002': { task: 'embeddings', dimensions: 1536 },
};

/** Input guardrails used by the built-in guarded endpoint (tests and demos of AI Gateway blocks). */
const guarded: DatabricksAiGateway = {
  guardrails: {
    input: { safety: true, pii: 'BLOCK', invalidKeywords: ['SuperSecretProject'] },
    output: { pii: 'MASK' },
  },
  usageTracking: true,
  rateLimitPerMinute: 120,
};

/** The seed's "Advanced Configuration" declares these on databricks-claude-3-7-sonnet ("if enabled on endpoint"). */
const claudeGateway: DatabricksAiGateway = {
  guardrails: { input: { safety: true }, output: { pii: 'MASK' } },
  usageTracking: true,
};

export const databricksEndpoints: DatabricksEndpointSpec[] = [
  {
    name: 'databricks-meta-llama-3-3-70b-instruct',
    task: 'chat',
    servingType: 'pay-per-token',
    model: 'meta-llama/Llama-3.3-70B-Instruct',
  },
  {
    name: 'databricks-meta-llama-3-1-70b-instruct',
    task: 'chat',
    servingType: 'pay-per-token',
    model: 'meta-llama/Meta-Llama-3.1-70B-Instruct',
  },
  {
    name: 'databricks-meta-llama-3-1-8b-instruct',
    task: 'chat',
    servingType: 'pay-per-token',
    model: 'meta-llama/Meta-Llama-3.1-8B-Instruct',
  },
  {
    name: 'databricks-meta-llama-3-1-405b-instruct',
    task: 'chat',
    servingType: 'pay-per-token',
    model: 'meta-llama/Meta-Llama-3.1-405B-Instruct',
  },
  {
    name: 'databricks-claude-3-7-sonnet',
    task: 'chat',
    servingType: 'pay-per-token',
    model: 'claude-3-7-sonnet',
    vision: true,
    aiGateway: claudeGateway,
  },
  {
    name: 'databricks-claude-sonnet-4-5',
    task: 'chat',
    servingType: 'pay-per-token',
    model: 'claude-sonnet-4-5',
    vision: true,
  },
  { name: 'databricks-dbrx-instruct', task: 'chat', servingType: 'pay-per-token', model: 'databricks/dbrx-instruct' },
  {
    name: 'databricks-mixtral-8x7b-instruct',
    task: 'chat',
    servingType: 'pay-per-token',
    model: 'mistralai/Mixtral-8x7B-Instruct-v0.1',
  },
  {
    name: 'databricks-mpt-7b-instruct',
    task: 'completions',
    servingType: 'pay-per-token',
    model: 'mosaicml/mpt-7b-instruct',
  },
  {
    name: 'databricks-gte-large-en',
    task: 'embeddings',
    servingType: 'pay-per-token',
    model: 'Alibaba-NLP/gte-large-en-v1.5',
    dimensions: 1024,
  },
  {
    name: 'databricks-bge-large-en',
    task: 'embeddings',
    servingType: 'pay-per-token',
    model: 'BAAI/bge-large-en-v1.5',
    dimensions: 1024,
  },
  {
    name: 'my-custom-endpoint',
    task: 'chat',
    servingType: 'provisioned',
    model: 'system.ai.meta_llama_v3_3_70b_instruct',
  },
  { name: 'my-finetuned-llama', task: 'chat', servingType: 'custom', model: 'main.default.finetuned_llama' },
  { name: 'my-openai-endpoint', task: 'chat', servingType: 'external', model: 'gpt-4o' },
  { name: 'my-gpt4-endpoint', task: 'chat', servingType: 'external', model: 'gpt-4' },
  {
    name: 'assay-guarded-endpoint',
    task: 'chat',
    servingType: 'pay-per-token',
    model: 'meta-llama/Llama-3.3-70B-Instruct',
    aiGateway: guarded,
  },
];
