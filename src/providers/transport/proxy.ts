// The connection pools: one undici Agent (a keep-alive pool per origin) shared by every request,
// or a proxy-aware agent when HTTP(S)_PROXY is set. Loopback never goes through a proxy, so the
// local emulators keep working behind a corporate proxy.

import type { Dispatcher } from 'undici';
import { Agent, EnvHttpProxyAgent } from './undici-parts.js';
import { registerSecret } from '../../redaction/secret-registry.js';

type Env = Record<string, string | undefined>;

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

const POOL_OPTIONS = {
  keepAliveTimeout: 10_000,
  keepAliveMaxTimeout: 60_000,
  // Our own timers own timeouts (they give better messages and cover streams); undici's stay off.
  headersTimeout: 0,
  bodyTimeout: 0,
  connect: { timeout: 30_000 },
} as const;

const dispatchers = new Map<string, Dispatcher>();

function read(env: Env | undefined, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env?.[name] ?? process.env[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy: string;
}

/** Proxy settings from the env (provider/suite env first, then the process), loopback always exempt. */
export function proxySettings(env?: Env): ProxySettings {
  const noProxy = read(env, 'no_proxy', 'NO_PROXY');
  const settings = {
    httpProxy: read(env, 'http_proxy', 'HTTP_PROXY'),
    httpsProxy: read(env, 'https_proxy', 'HTTPS_PROXY'),
    noProxy: [noProxy, ...LOOPBACK].filter(Boolean).join(','),
  };
  registerProxyPassword(settings.httpProxy);
  registerProxyPassword(settings.httpsProxy);
  return settings;
}

// `http://user:pass@proxy:3128`: a proxy error quoting its URL must not show the password.
function registerProxyPassword(proxyUrl: string | undefined): void {
  if (!proxyUrl) return;
  try {
    const { password } = new URL(proxyUrl);
    if (password) registerSecret(decodeURIComponent(password));
  } catch {
    // Not a URL: undici reports it; there is no password to find.
  }
}

// The proxy env is read once per env object (a provider's env, or the process env) until
// closeDispatchers(): reading six variables on every request showed up in profiles.
const PROCESS_ENV: Env = {};
let chosen = new WeakMap<Env, Dispatcher>();

/** The shared dispatcher for these proxy settings, created on first use and reused afterwards. */
export function dispatcherFor(env?: Env): Dispatcher {
  const key = env ?? PROCESS_ENV;
  let dispatcher = chosen.get(key);
  if (!dispatcher) {
    dispatcher = pooledDispatcher(proxySettings(env));
    chosen.set(key, dispatcher);
  }
  return dispatcher;
}

function pooledDispatcher(settings: ProxySettings): Dispatcher {
  const direct = !settings.httpProxy && !settings.httpsProxy;
  const key = direct ? 'direct' : `${settings.httpProxy ?? ''}|${settings.httpsProxy ?? ''}|${settings.noProxy}`;
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    dispatcher = direct
      ? new Agent(POOL_OPTIONS)
      : new EnvHttpProxyAgent({
          ...POOL_OPTIONS,
          // An unset side must stay unset rather than fall back to process.env inside undici.
          httpProxy: settings.httpProxy ?? '',
          httpsProxy: settings.httpsProxy ?? settings.httpProxy ?? '',
          noProxy: settings.noProxy,
        });
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

/** Closes every pool (end of a run, or between tests). Later requests open new ones. */
export async function closeDispatchers(): Promise<void> {
  const all = [...dispatchers.values()];
  dispatchers.clear();
  chosen = new WeakMap();
  await Promise.all(all.map((d) => d.close().catch(() => undefined)));
}
