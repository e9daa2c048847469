// The Llama API's published models as data: what each accepts (text, images), its context window
// and aliases. Used to reject images for text-only models and to list names in "not found" errors.

export interface LlamaModelInfo {
  id: string;
  inputModalities: ReadonlyArray<'text' | 'image'>;
  outputModalities: ReadonlyArray<'text'>;
  contextWindow: number;
  /** Partner serving an accelerated variant. */
  provider?: 'Cerebras' | 'Groq';
  aliases: readonly string[];
}

const text = ['text'] as const;
const multimodal = ['text', 'image'] as const;

export const LLAMA_API_MODELS: readonly LlamaModelInfo[] = [
  {
    id: 'Llama-4-Maverick-17B-128E-Instruct-FP8',
    inputModalities: multimodal,
    outputModalities: text,
    contextWindow: 128_000,
    aliases: ['llama-4-maverick'],
  },
  {
    id: 'Llama-4-Scout-17B-16E-Instruct-FP8',
    inputModalities: multimodal,
    outputModalities: text,
    contextWindow: 128_000,
    aliases: ['llama-4-scout'],
  },
  {
    id: 'Llama-3.3-70B-Instruct',
    inputModalities: text,
    outputModalities: text,
    contextWindow: 128_000,
    aliases: ['llama-3.3-70b'],
  },
  {
    id: 'Llama-3.3-8B-Instruct',
    inputModalities: text,
    outputModalities: text,
    contextWindow: 128_000,
    aliases: ['llama-3.3-8b'],
  },
  {
    id: 'Cerebras-Llama-4-Maverick-17B-128E-Instruct',
    inputModalities: text,
    outputModalities: text,
    contextWindow: 32_000,
    provider: 'Cerebras',
    aliases: ['cerebras-llama-4-maverick'],
  },
  {
    id: 'Cerebras-Llama-4-Scout-17B-16E-Instruct',
    inputModalities: text,
    outputModalities: text,
    contextWindow: 32_000,
    provider: 'Cerebras',
    aliases: ['cerebras-llama-4-scout'],
  },
  {
    id: 'Groq-Llama-4-Maverick-17B-128E-Instruct',
    inputModalities: text,
    outputModalities: text,
    contextWindow: 128_000,
    provider: 'Groq',
    aliases: ['groq-llama-4-maverick'],
  },
];

/** The model with this id or alias, or undefined. */
export function getLlamaModelInfo(name: string): LlamaModelInfo | undefined {
  return LLAMA_API_MODELS.find((m) => m.id === name || m.aliases.includes(name));
}

/**
 * Whether the model is known to take text only: the listed text models, plus any Llama-3.x,
 * Cerebras-* or Groq-* name (the families the docs call text-only), so new variants are covered.
 */
export function isTextOnlyLlamaModel(name: string): boolean {
  const info = getLlamaModelInfo(name);
  if (info) return !info.inputModalities.includes('image');
  return /^(llama-3|cerebras-|groq-)/i.test(name);
}
