// Provider id → factory. The map is data: each family is a lazy import, so start-up loads only
// the providers a config uses. `resolveProviderFamily` is the one parser of provider ids.

import { ConfigError } from '../errors.js';
import type { Provider, ProviderFactory, ProviderOptions } from './types.js';
import { unknownProviderMessage } from './unknown-provider.js';

type FactoryModule = { create: ProviderFactory };

/** Family name (the id's first `:` segment) → module exporting `create`. */
const families = {
  'cloudflare-ai': () => import('./cloudflare-ai/index.js'),
  databricks: () => import('./databricks/index.js'),
  echo: () => import('./echo.js'),
  exec: () => import('./exec.js'),
  file: () => import('./custom.js'),
  http: () => import('./http.js'),
  llamaapi: () => import('./llama-api/index.js'),
  openai: () => import('./openai.js'),
  python: () => import('./python.js'),
  websocket: () => import('./websocket.js'),
} satisfies Record<string, () => Promise<FactoryModule>>;

export type ProviderFamily = keyof typeof families;

/** Ids that name a family by a URL scheme or a bare word; the provider receives the whole id. */
const wholeIdFamilies: Array<{ pattern: RegExp; family: ProviderFamily }> = [
  { pattern: /^(?:wss?:\/\/|(?:ws|wss|websocket)$)/i, family: 'websocket' },
  { pattern: /^(?:https?:\/\/|https?$)/i, family: 'http' },
];

export function knownProviderPrefixes(): string[] {
  const prefixes = Object.keys(families).map((name) => (name === 'file' ? 'file://' : `${name}:`));
  return [...prefixes.filter((p) => p !== 'http:' && p !== 'websocket:'), 'http://', 'https://', 'ws://', 'wss://'];
}

/** Splits an id into its family and the rest, or throws a ConfigError listing the known prefixes. */
export function resolveProviderFamily(id: string): { family: ProviderFamily; rest: string } {
  for (const entry of wholeIdFamilies) {
    if (entry.pattern.test(id)) return { family: entry.family, rest: id };
  }
  if (id.startsWith('file://')) return { family: 'file', rest: id.slice('file://'.length) };
  const colon = id.indexOf(':');
  const name = colon === -1 ? id : id.slice(0, colon);
  if (Object.hasOwn(families, name))
    return { family: name as ProviderFamily, rest: colon === -1 ? '' : id.slice(colon + 1) };
  throw new ConfigError(unknownProviderMessage(id, knownProviderPrefixes()), {}, 'PROVIDER_UNKNOWN');
}

/** Builds a provider from its options. Configuration errors surface here, before any request. */
export async function createProvider(options: ProviderOptions): Promise<Provider> {
  const { family, rest } = resolveProviderFamily(options.id);
  const mod: FactoryModule = await families[family]();
  return mod.create(rest, options);
}
