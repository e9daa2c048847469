// Emulated OpenAI /v1/moderations: the real reply shape (id, model, results[] with flagged,
// categories and category_scores for every category) from a deterministic keyword classifier,
// so moderation assertions can pass and fail offline. Input is a string or a list of strings.

import { randomUUID } from 'node:crypto';

export const MODERATION_MODELS = new Set([
  'omni-moderation-latest',
  'omni-moderation-2024-09-26',
  'text-moderation-latest',
  'text-moderation-stable',
]);

/** OpenAI's categories, each with the words that make the emulator flag it. */
const CATEGORY_WORDS: Record<string, string[]> = {
  harassment: ['idiot', 'stupid', 'loser', 'worthless'],
  'harassment/threatening': ['i will hurt you', 'watch your back'],
  hate: ['inferior race', 'subhuman'],
  'hate/threatening': ['exterminate them'],
  illicit: ['make a bomb', 'buy drugs', 'launder money'],
  'illicit/violent': ['make a bomb', 'build a weapon'],
  'self-harm': ['kill myself', 'self-harm', 'hurt myself'],
  'self-harm/intent': ['i want to kill myself', 'i will hurt myself'],
  'self-harm/instructions': ['how to hurt yourself'],
  sexual: ['explicit sex'],
  'sexual/minors': ['sexual minor'],
  violence: ['kill', 'murder', 'stab', 'shoot', 'bomb'],
  'violence/graphic': ['gore', 'dismember'],
};

export interface ModerationResult {
  flagged: boolean;
  categories: Record<string, boolean>;
  category_scores: Record<string, number>;
}

export function moderate(text: string): ModerationResult {
  const lower = text.toLowerCase();
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  for (const [category, words] of Object.entries(CATEGORY_WORDS)) {
    const hits = words.filter((w) =>
      new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(lower),
    ).length;
    categories[category] = hits > 0;
    scores[category] = hits > 0 ? Math.min(0.99, 0.6 + 0.1 * hits) : 0.0001;
  }
  return { flagged: Object.values(categories).some(Boolean), categories, category_scores: scores };
}

/** The reply body for a valid request, or an error message for a bad one. */
export function moderationReply(
  body: unknown,
): { ok: true; value: unknown } | { ok: false; message: string; param: string } {
  const b = (body ?? {}) as { input?: unknown; model?: unknown };
  const model = b.model === undefined ? 'omni-moderation-latest' : b.model;
  if (typeof model !== 'string' || !MODERATION_MODELS.has(model))
    return {
      ok: false,
      message: `The model \`${String(model)}\` does not exist or you do not have access to it.`,
      param: 'model',
    };
  const inputs =
    typeof b.input === 'string'
      ? [b.input]
      : Array.isArray(b.input) && b.input.every((i) => typeof i === 'string')
        ? (b.input as string[])
        : undefined;
  if (!inputs)
    return {
      ok: false,
      message: "Invalid type for 'input': expected a string or an array of strings.",
      param: 'input',
    };
  return {
    ok: true,
    value: {
      id: `modr-${randomUUID().replace(/-/g, '')}`,
      model: model === 'omni-moderation-latest' ? 'omni-moderation-2024-09-26' : model,
      results: inputs.map(moderate),
    },
  };
}
