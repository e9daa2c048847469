// Test graders: real Provider objects with fixed or prompt-dependent replies, and a GraderResolver
// that hands them out and counts what the assertions asked of it.

import { AssayError } from '../../src/errors.js';
import type { Provider, ProviderResponse } from '../../src/providers/types.js';
import type { GraderResolver } from '../../src/assertions/types.js';

export type Reply = string | ProviderResponse | ((prompt: string) => string | ProviderResponse);

/** A text grader that answers every prompt with `reply` (or what `reply(prompt)` returns). */
export function scriptedGrader(reply: Reply, id = 'test:grader'): Provider & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    prompts,
    id: () => id,
    async call(prompt: string): Promise<ProviderResponse> {
      prompts.push(prompt);
      const answer = typeof reply === 'function' ? reply(prompt) : reply;
      const response = typeof answer === 'string' ? { output: answer } : answer;
      return { tokenUsage: { prompt: 10, completion: 5, total: 15 }, ...response };
    },
  };
}

/** An embedding provider that maps texts to vectors with `vectorFor`. */
export function embedder(vectorFor: (text: string) => number[], id = 'test:embedder'): Provider & { texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    id: () => id,
    call: async () => ({ error: 'embedding provider only' }),
    async embed(text: string) {
      texts.push(text);
      return { embedding: vectorFor(text) };
    },
  };
}

export interface CountingResolver extends GraderResolver {
  counts: { text: number; embedding: number; calls: number; embeds: number };
}

const GUIDANCE =
  'No grader configured for this model-graded assertion. Set `provider:` on the assertion, `defaultTest.options.provider` in the config, or pass `--grader <provider id>`.';

/** A resolver handing out the given grader / embedder; without one it throws the runner's guidance. */
export function resolver(options: { text?: Provider; embedding?: Provider }): CountingResolver {
  const counts = { text: 0, embedding: 0, calls: 0, embeds: 0 };
  return {
    counts,
    async text() {
      counts.text++;
      if (!options.text) throw new AssayError('CONFIG_INVALID', GUIDANCE);
      return options.text;
    },
    async embedding() {
      counts.embedding++;
      if (!options.embedding)
        throw new AssayError('CONFIG_INVALID', 'No embedding provider configured for this similarity assertion.');
      return options.embedding;
    },
    async call(grader, prompt, signal) {
      counts.calls++;
      return grader.call(prompt, { vars: {}, prompt: { raw: prompt, label: 'grader' }, repeatIndex: 0 }, signal);
    },
    async embed(provider, text, signal) {
      counts.embeds++;
      const response = await provider.embed!(text, signal);
      if (!response.embedding) throw new Error(response.error ?? 'no embedding');
      return response.embedding;
    },
    async classification() {
      throw new AssayError('CONFIG_INVALID', 'No classification provider configured for this classifier assertion.');
    },
    async classify(provider, text, signal) {
      const response = await provider.classify!(text, signal);
      if (!response.classification) throw new Error(response.error ?? 'no classification');
      return response.classification;
    },
  };
}
