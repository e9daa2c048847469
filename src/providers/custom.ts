// `file://provider.js` / `.ts`: a provider written by the user, as promptfoo accepts it: a class
// with `id()` and `callApi(prompt, context, options)`, an object with `callApi`, or a plain function.

import { ConfigError, errorMessage } from '../errors.js';
import { snippet } from './transport/errors.js';
import { importModule, parseFileReference, pickExport } from '../scripting/load-module.js';
import type { CallContext, Provider, ProviderFactory, ProviderResponse } from './types.js';

interface UserProvider {
  id?: () => string;
  callApi?: (prompt: string, context: CallContext, options: { abortSignal?: AbortSignal }) => unknown;
  callEmbeddingApi?: (text: string) => unknown;
  callClassificationApi?: (text: string) => unknown;
  classify?: (text: string) => unknown;
}

type UserFunction = (prompt: string, context: CallContext, options: { abortSignal?: AbortSignal }) => unknown;

export const create: ProviderFactory = async (rest, options) => {
  const { path, exportName } = parseFileReference(rest);
  if (path.toLowerCase().endsWith('.py')) return (await import('./python.js')).create(rest, options);
  let exported: unknown;
  try {
    exported = pickExport(await importModule(path, options.basePath), exportName, `provider file://${rest}`);
  } catch (err) {
    throw new ConfigError(
      `Could not load custom provider file://${rest}: ${errorMessage(err)}`,
      {},
      'PROVIDER_CONFIG',
      { cause: err },
    );
  }
  const instance = instantiate(exported, options);
  if (!instance) {
    throw new ConfigError(
      `file://${rest} must export a class with callApi(), an object with callApi(), or a function`,
      {},
      'PROVIDER_CONFIG',
    );
  }
  return fromUserProvider(instance, options.id, options.label, options.config);
};

/** Wraps a provider object from library users or custom files in the Provider contract. */
export function fromUserProvider(
  user: UserProvider | UserFunction,
  fallbackId: string,
  label: string | undefined,
  config: Record<string, unknown> | undefined,
): Provider {
  const callApi: UserFunction = typeof user === 'function' ? user : (user.callApi as UserFunction).bind(user);
  const id =
    typeof user !== 'function' && typeof user.id === 'function'
      ? () => String((user.id as () => string)())
      : () => fallbackId;
  const provider: Provider = {
    id,
    label,
    config,
    cacheable: false,
    // Thrown errors that say they are transient (status 5xx/429, a network code, `failure.kind`) are
    // retried by the runner like any provider's; `maxRetries` in the config caps it.
    callPolicy: typeof config?.maxRetries === 'number' ? { maxRetries: config.maxRetries } : {},
    async call(prompt, context, signal) {
      const raw = await callApi(prompt, context, { abortSignal: signal });
      return normaliseResponse(raw, id());
    },
  };
  if (typeof user !== 'function' && typeof user.callEmbeddingApi === 'function') {
    const embedApi = user.callEmbeddingApi.bind(user);
    provider.embed = async (text) => (await embedApi(text)) as Awaited<ReturnType<NonNullable<Provider['embed']>>>;
  }
  // promptfoo's custom providers classify with callClassificationApi; `classify` is Assay's name.
  const classifyApi =
    typeof user === 'function'
      ? undefined
      : [user.callClassificationApi, user.classify].find((f) => typeof f === 'function');
  if (classifyApi) {
    const bound = classifyApi.bind(user);
    provider.classify = async (text) => (await bound(text)) as Awaited<ReturnType<NonNullable<Provider['classify']>>>;
  }
  return provider;
}

function instantiate(
  exported: unknown,
  options: { id: string; config: Record<string, unknown> },
): UserProvider | UserFunction | undefined {
  if (typeof exported === 'function') {
    const hasCallApi = typeof (exported as { prototype?: UserProvider }).prototype?.callApi === 'function';
    if (hasCallApi) {
      const Ctor = exported as new (opts: unknown) => UserProvider;
      return new Ctor({ id: options.id, config: options.config });
    }
    return exported as UserFunction;
  }
  if (exported && typeof exported === 'object' && typeof (exported as UserProvider).callApi === 'function') {
    return exported as UserProvider;
  }
  return undefined;
}

function normaliseResponse(raw: unknown, providerId: string): ProviderResponse {
  if (raw === null || raw === undefined) return { error: `Provider ${providerId} returned nothing` };
  if (typeof raw === 'string') return { output: raw };
  if (typeof raw === 'object' && ('output' in raw || 'error' in raw)) return raw as ProviderResponse;
  return {
    error: `Provider ${providerId} returned ${snippet(JSON.stringify(raw) ?? String(raw), 200)}; expected { output } or { error }`,
  };
}
