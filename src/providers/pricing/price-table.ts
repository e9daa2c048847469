// The dated price table: USD per token for the models whose per-token prices are published, so
// `cost` assertions work without hand-set prices. Config `inputCost` / `outputCost` / `cost`
// always override it. Prices change: each family names its source and the date it was read.
// A model that is not listed has no price (the cost assertion then says how to set one).

export interface ModelPrice {
  /** USD per input (prompt) token. */
  input: number;
  /** USD per output (completion) token; 0 for embedding models. */
  output: number;
}

export interface FamilyPrices {
  /** When these prices were read. */
  asOf: string;
  source: string;
  note?: string;
  /** Model (or endpoint) name → price. Names are matched exactly, lower-cased. */
  models: Record<string, ModelPrice>;
}

/** Prices are published per million tokens; stored per token. */
const m = (input: number, output: number): ModelPrice => ({ input: input / 1_000_000, output: output / 1_000_000 });

export const PRICE_TABLE_DATE = '2026-11-29';

/** Family name (the provider id's prefix) → its prices. */
export const PRICE_TABLE: Record<string, FamilyPrices> = {
  openai: {
    asOf: '2026-11-29',
    source:
      'https://platform.openai.com/docs/pricing (standard tier, as quoted by public pricing guides read on the date)',
    note: 'Dated snapshots (gpt-4o-mini-2024-07-18) use their base model price, except those listed as priced differently.',
    models: {
      'gpt-5': m(1.25, 10),
      'gpt-5-mini': m(0.25, 2),
      'gpt-5-nano': m(0.05, 0.4),
      'gpt-4.1': m(2, 8),
      'gpt-4.1-mini': m(0.4, 1.6),
      'gpt-4.1-nano': m(0.1, 0.4),
      'gpt-4o': m(2.5, 10),
      'gpt-4o-mini': m(0.15, 0.6),
      o1: m(15, 60),
      o3: m(2, 8),
      'o3-mini': m(1.1, 4.4),
      'o4-mini': m(1.1, 4.4),
      'gpt-3.5-turbo': m(0.5, 1.5),
      'text-embedding-3-small': m(0.02, 0),
      'text-embedding-3-large': m(0.13, 0),
      'text-embedding-ada-002': m(0.1, 0),
    },
  },
  'cloudflare-ai': {
    asOf: '2025-02-25',
    source:
      'https://developers.cloudflare.com/workers-ai/platform/pricing/ (per-model token prices; billed as Neurons at $0.011 per 1,000 above the free daily allocation)',
    note: 'The daily free allocation of 10,000 Neurons is not subtracted: the cost is what the tokens would cost beyond it.',
    models: {
      '@cf/meta/llama-3.2-1b-instruct': m(0.027, 0.201),
      '@cf/meta/llama-3.2-3b-instruct': m(0.051, 0.335),
      '@cf/meta/llama-3.1-8b-instruct-fp8-fast': m(0.045, 0.384),
      '@cf/meta/llama-3.2-11b-vision-instruct': m(0.049, 0.676),
      '@cf/meta/llama-3.1-70b-instruct-fp8-fast': m(0.293, 2.253),
      '@cf/meta/llama-3.3-70b-instruct-fp8-fast': m(0.293, 2.253),
      '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b': m(0.497, 4.881),
      '@cf/mistral/mistral-7b-instruct-v0.1': m(0.11, 0.19),
      '@cf/meta/llama-3.1-8b-instruct': m(0.282, 0.827),
      '@cf/meta/llama-3.1-8b-instruct-fp8': m(0.152, 0.287),
      '@cf/meta/llama-3.1-8b-instruct-awq': m(0.123, 0.266),
      '@cf/meta/llama-3-8b-instruct': m(0.282, 0.827),
      '@cf/meta/llama-3-8b-instruct-awq': m(0.123, 0.266),
      '@cf/meta/llama-2-7b-chat-fp16': m(0.556, 6.667),
      '@cf/baai/bge-small-en-v1.5': m(0.02, 0),
      '@cf/baai/bge-base-en-v1.5': m(0.067, 0),
      '@cf/baai/bge-large-en-v1.5': m(0.204, 0),
    },
  },
  databricks: {
    asOf: '2026-04-01',
    source:
      'https://www.databricks.com/product/pricing/foundation-model-serving (pay-per-token endpoints; USD as quoted by the independent guide databrickspricing.com, April 2026)',
    note: 'Databricks bills DBUs; the USD rate depends on cloud and tier (here AWS Premium, $0.07/DBU). Provisioned-throughput and custom endpoints are billed by the hour and have no per-token price: set inputCost/outputCost.',
    models: {
      'databricks-meta-llama-3-3-70b-instruct': m(0.5, 1.5),
      'databricks-meta-llama-3-1-8b-instruct': m(0.15, 0.45),
      'databricks-bge-large-en': m(0.1, 0),
    },
  },
  // Meta's Llama API publishes no per-token prices (access is by waitlist); no entries, so a
  // cost assertion on llamaapi: asks for inputCost/outputCost.
  llamaapi: {
    asOf: '2026-11-29',
    source: 'https://llama.developer.meta.com (no published per-token prices)',
    models: {},
  },
};

/** OpenAI snapshots whose price differs from their base model's; they stay unpriced. */
export const DIFFERENTLY_PRICED_SNAPSHOTS = new Set(['gpt-4o-2024-05-13']);
