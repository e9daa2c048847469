// `openai:moderation:<model>`: OpenAI's moderation endpoint, for `moderation` assertions. call()
// returns the first result `{flagged, categories, category_scores}` as the output.

import * as z from 'zod';
import { httpJson } from '../transport/index.js';
import { snippet } from '../transport/errors.js';
import type { CallContext, ProviderResponse } from '../types.js';
import { errorInSuccessBody, OpenAiCompatibleProvider } from './base-provider.js';

const moderationSchema = z.object({
  results: z
    .array(
      z.object({
        flagged: z.boolean(),
        categories: z.record(z.string(), z.boolean().nullable()),
        category_scores: z.record(z.string(), z.number()).optional(),
      }),
    )
    .min(1),
});

export interface ModerationOutput {
  flagged: boolean;
  categories: Record<string, boolean>;
  category_scores: Record<string, number>;
}

export class OpenAiModerationProvider extends OpenAiCompatibleProvider {
  protected readonly endpointPath: string = '/moderations';

  protected bodyFor(prompt: string): Record<string, unknown> {
    return { model: this.model, input: prompt };
  }

  async call(prompt: string, _context: CallContext, signal?: AbortSignal): Promise<ProviderResponse> {
    const startedAt = Date.now();
    try {
      const reply = await httpJson(this.request(this.bodyFor(prompt)), this.transportOptions(this.settings, signal));
      const latencyMs = Date.now() - startedAt;
      const error = errorInSuccessBody(reply.body, this.family, this.url(), reply.metadata, this.secretValues());
      if (error) return { ...this.failure(error, signal), latencyMs };
      const parsed = moderationSchema.safeParse(reply.body);
      if (!parsed.success)
        return {
          error: this.scrub(
            `${this.family.displayName} API error: no moderation result in the reply: ${snippet(this.scrub(JSON.stringify(reply.body)), 200)}`,
          ),
          latencyMs,
        };
      const first = parsed.data.results[0]!;
      const categories = Object.fromEntries(Object.entries(first.categories).map(([k, v]) => [k, v === true]));
      const output: ModerationOutput = {
        flagged: first.flagged,
        categories,
        category_scores: first.category_scores ?? {},
      };
      return { output, latencyMs, metadata: reply.metadata };
    } catch (err) {
      return this.failure(err, signal);
    }
  }
}
