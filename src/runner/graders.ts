// Finds the grader for model-graded and embedding assertions: the assertion's `provider`, then
// the test's `options.provider` (defaultTest's is merged into it), then `--grader`; an OpenAI
// default only when OPENAI_API_KEY is set. Grader calls share the eval's cache and limits.

import type { GraderResolver } from '../assertions/types.js';
import { AssayError } from '../errors.js';
import { isProvider, type ClassificationResponse, type Provider } from '../providers/types.js';
import type { GraderSpec, ProviderSpec } from '../suite/types.js';
import { embedWithServices } from './call-embedding.js';
import { callProvider, type CallServices } from './call-provider.js';
import { callWithPolicy } from './call-policy.js';
import type { TestProviders } from './test-providers.js';

const DEFAULT_TEXT_GRADER = 'openai:chat:gpt-4.1-mini';
const DEFAULT_EMBEDDING_PROVIDER = 'openai:embedding:text-embedding-3-large';

type Kind = 'text' | 'embedding' | 'classification';

const NO_CLASSIFIER =
  'Set `provider:` on the assertion or `defaultTest.options.provider.classification` to a provider that classifies: a Python provider with call_classification_api, or a JS custom provider (file://…) with callClassificationApi or classify. Hugging Face providers are not built into Assay.';

export function createGraderResolver(deps: {
  providers: TestProviders;
  services: CallServices;
  cliGrader?: string;
  env: Record<string, string>;
}): GraderResolver {
  const pick = async (kind: Kind, ...candidates: Array<GraderSpec | undefined>): Promise<Provider> => {
    // A grader given for every kind (not as `{ embedding: ... }`) that cannot embed is passed over
    // for embeddings, as promptfoo does, so `--grader <chat model>` still leaves `similar` working.
    let passedOver: Provider | undefined;
    for (const candidate of candidates) {
      const spec = specForKind(candidate, kind);
      if (spec === undefined) continue;
      const provider = await deps.providers.get(spec);
      if (kind === 'embedding' && !provider.embed && !namesEmbedding(candidate)) {
        passedOver ??= provider;
        continue;
      }
      // Only a provider that can classify grades `classifier`; a chat grader given for every kind is skipped.
      if (kind === 'classification' && !provider.classify) {
        passedOver ??= provider;
        continue;
      }
      return provider;
    }
    // promptfoo's default classifier is a Hugging Face model; Assay has none, so there is no default.
    if (kind === 'classification') {
      throw new AssayError(
        'CONFIG_INVALID',
        `No classification provider configured for this classifier assertion${passedOver ? ` (${passedOver.id()} cannot classify)` : ''}. ${NO_CLASSIFIER}`,
      );
    }
    const hasOpenAiKey = Boolean(deps.env.OPENAI_API_KEY || process.env.OPENAI_API_KEY);
    if (hasOpenAiKey) return deps.providers.get(kind === 'text' ? DEFAULT_TEXT_GRADER : DEFAULT_EMBEDDING_PROVIDER);
    throw new AssayError(
      'CONFIG_INVALID',
      kind === 'text'
        ? 'No grader configured for this model-graded assertion. Set `provider:` on the assertion, `defaultTest.options.provider` in the config, or pass `--grader <provider id>` (any configured provider can grade); or set OPENAI_API_KEY to use the OpenAI default.'
        : `No embedding provider configured for this similarity assertion${passedOver ? ` (the grader ${passedOver.id()} cannot produce embeddings)` : ''}. Set \`provider:\` on the assertion or \`defaultTest.options.provider.embedding\` (for example \`cloudflare-ai:embedding:@cf/baai/bge-base-en-v1.5\`); or set OPENAI_API_KEY to use the OpenAI default.`,
    );
  };

  return {
    text: (assertion, test) => pick('text', assertion.provider, test.options?.provider, deps.cliGrader),
    embedding: (assertion, test) => pick('embedding', assertion.provider, test.options?.provider, deps.cliGrader),
    classification: (assertion, test) =>
      pick('classification', assertion.provider, test.options?.provider, deps.cliGrader),
    async classify(provider, text, signal, onUsage) {
      const classify = provider.classify?.bind(provider);
      if (!classify)
        throw new AssayError('CONFIG_INVALID', `Provider ${provider.id()} cannot classify. ${NO_CLASSIFIER}`);
      // Same limits and retries as the provider's other calls; classifications are not cached (local code).
      const response: ClassificationResponse = await callWithPolicy(provider, deps.services, signal, () =>
        classify(text, signal),
      );
      onUsage?.(response.tokenUsage, response.cached === true);
      const scores = response.classification;
      if (response.error || !scores)
        throw new AssayError(
          'PROVIDER_REQUEST',
          `Classification failed for ${provider.id()}: ${response.error ?? 'no classification returned'}`,
        );
      return scores;
    },
    call: (grader, prompt, signal) =>
      callProvider(
        grader,
        prompt,
        { vars: {}, prompt: { raw: prompt, label: 'grader' }, repeatIndex: 0 },
        deps.services,
        signal,
      ),
    async embed(provider, text, signal, onUsage) {
      if (!provider.embed) {
        throw new AssayError(
          'CONFIG_INVALID',
          `Provider ${provider.id()} cannot produce embeddings; name an embedding provider (e.g. openai:embedding:..., cloudflare-ai:embedding:..., databricks:embedding:...)`,
        );
      }
      const response = await embedWithServices(provider, text, deps.services, signal);
      onUsage?.(response.tokenUsage, response.cached === true);
      if (response.error || !response.embedding)
        throw new AssayError(
          'PROVIDER_REQUEST',
          `Embedding failed for ${provider.id()}: ${response.error ?? 'no embedding returned'}`,
        );
      return response.embedding;
    },
  };
}

function namesEmbedding(candidate: GraderSpec | undefined): boolean {
  return (
    !!candidate &&
    typeof candidate === 'object' &&
    !isProvider(candidate) &&
    'embedding' in candidate &&
    candidate.embedding !== undefined
  );
}

/** A grader spec may be a map by kind (`{ text, embedding }`); pick the entry for this kind. */
function specForKind(candidate: GraderSpec | undefined, kind: Kind): string | ProviderSpec | Provider | undefined {
  if (candidate === undefined || candidate === null) return undefined;
  if (typeof candidate === 'string' || isProvider(candidate)) return candidate;
  if ('id' in candidate && typeof candidate.id === 'string') return candidate as ProviderSpec;
  const byKind = candidate as {
    text?: string | ProviderSpec | Provider;
    embedding?: string | ProviderSpec | Provider;
    classification?: string | ProviderSpec | Provider;
  };
  return byKind[kind] ?? (kind !== 'text' ? byKind.text : undefined);
}
