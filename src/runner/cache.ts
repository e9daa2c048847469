// The on-disk response cache. Keys are SHA-256 digests of the request as sent (URL and body from
// the provider, plus provider id, target host, config, prompt, vars, repeat namespace), so secrets
// never appear in clear. One small file per entry under <dir>/<2 hex>/<digest>.json, folders 0700
// and files 0600; writes are atomic, scrubbed of known secrets, and a suspicious entry is a miss.

import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { AssayError } from '../errors.js';
import type { CallContext, Provider, ProviderResponse } from '../providers/types.js';
import { scrubValue } from '../redaction/scrub-value.js';
import { redactSecrets } from '../results/redact.js';

export const DEFAULT_CACHE_TTL_SECONDS = 14 * 24 * 60 * 60;

/** ASSAY_CACHE_TTL in seconds; a value that is not a positive number is a usage error, not "forever". */
export function cacheTtlSeconds(value = process.env.ASSAY_CACHE_TTL): number {
  if (value === undefined || value === '') return DEFAULT_CACHE_TTL_SECONDS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new AssayError('USAGE', `ASSAY_CACHE_TTL must be a number of seconds greater than 0, got "${value}"`);
  }
  return seconds;
}

export function defaultCacheDir(): string {
  return process.env.ASSAY_CACHE_PATH || join(homedir(), '.assay', 'cache');
}

const SHARD = /^[0-9a-f]{2}$/;
/** `<sha256>.json`, or a temp file left by an interrupted write (`<sha256>.json.<pid>.<rand>.tmp`). */
const ENTRY = /^[0-9a-f]{64}\.json(\.\d+\.[0-9a-z]+\.tmp)?$/;

async function listDir(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

interface CacheEntry {
  storedAt: number;
  response: ProviderResponse;
}

export class ResponseCache {
  private readonly inFlight = new Map<string, Promise<ProviderResponse>>();

  constructor(
    readonly dir: string = defaultCacheDir(),
    private readonly ttlMs: number = cacheTtlSeconds() * 1000,
  ) {}

  static key(parts: unknown): string {
    return createHash('sha256').update(stableStringify(parts)).digest('hex');
  }

  /** The key of a provider call: what it would send when the provider can say, else its id and config. */
  static async callKey(
    provider: Provider,
    prompt: string,
    context: CallContext,
    repeatsApart: boolean,
  ): Promise<string> {
    return ResponseCache.key({
      // v3: keyed on the request as sent, and tool-call outputs are promptfoo's wire array.
      v: 3,
      provider: provider.id(),
      // Where the request goes (host and endpoint) often comes from the environment, not the config:
      // two workspaces must not share answers.
      target: provider.rateLimitKey?.() ?? null,
      request: await identityOrNull(() => provider.requestIdentity?.(prompt, context)),
      config: configWithoutSecrets(provider),
      prompt,
      promptConfig: context.prompt.config ?? {},
      vars: context.vars,
      repeat: repeatsApart ? context.repeatIndex : 0,
    });
  }

  /** The key of an embedding request: the endpoint and body as sent, not just the provider id. */
  static async embeddingKey(provider: Provider, text: string): Promise<string> {
    return ResponseCache.key({
      v: 2,
      kind: 'embedding',
      provider: provider.id(),
      target: provider.rateLimitKey?.() ?? null,
      request: await identityOrNull(() => provider.embeddingRequestIdentity?.(text)),
      config: configWithoutSecrets(provider),
      text,
    });
  }

  private pathFor(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<ProviderResponse | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathFor(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as CacheEntry;
      return isUsable(entry, this.ttlMs) ? entry.response : undefined;
    } catch {
      return undefined; // A torn or foreign file is a miss, never an error.
    }
  }

  async set(key: string, response: ProviderResponse): Promise<void> {
    const path = this.pathFor(key);
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await this.makeFolders(key);
      // The cache outlives the run: a secret echoed in a reply must not be kept in it.
      const entry: CacheEntry = { storedAt: Date.now(), response: scrubValue(response) };
      // wx: never follow a planted symlink or reuse someone else's file.
      await writeFile(temp, JSON.stringify(entry), { mode: 0o600, flag: 'wx' });
      await rename(temp, path);
    } catch {
      await rm(temp, { force: true }).catch(() => undefined);
      // The cache is an optimisation: a full disk or read-only home must not fail the eval.
    }
  }

  // Replies may quote prompts and data: only the user may read them (0700 folders, 0600 files).
  private rootChecked = false;
  private async makeFolders(key: string): Promise<void> {
    const created = await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true, mode: 0o700 });
    if (!this.rootChecked) {
      this.rootChecked = true;
      // A folder made by an older version (or by hand) may be world-readable; tighten it once.
      // Not when this mkdir made it (it returns the first folder it made): it is 0700 already.
      if (created === undefined || !isWithin(created, this.dir)) await chmod(this.dir, 0o700).catch(() => undefined);
    }
  }

  /**
   * Returns the cached response for `key`, or runs `produce` once (concurrent identical calls
   * share one request) and stores its result unless it is an error.
   */
  async getOrProduce(key: string, produce: () => Promise<ProviderResponse>): Promise<ProviderResponse> {
    const hit = await this.get(key);
    if (hit) return { ...hit, cached: true };
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const promise = produce().then(async (response) => {
      if (!response.error && response.output !== undefined) await this.set(key, response);
      return response;
    });
    this.inFlight.set(key, promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /**
   * Deletes the entries this cache wrote, and the folder once it is empty. Only cache-shaped
   * names are touched: ASSAY_CACHE_PATH pointed at a folder with other files must not lose them.
   */
  async clear(): Promise<void> {
    for (const shard of await listDir(this.dir)) {
      if (!SHARD.test(shard)) continue;
      const shardDir = join(this.dir, shard);
      for (const name of await listDir(shardDir)) {
        if (ENTRY.test(name)) await rm(join(shardDir, name), { force: true });
      }
      await rmdir(shardDir).catch(() => undefined);
    }
    await rmdir(this.dir).catch(() => undefined);
  }
}

/** Whether `folder` is `dir` or a folder above it. */
function isWithin(folder: string, dir: string): boolean {
  const rel = relative(folder, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Whether a stored entry may be served: fresh, with an output and no error. An entry from the
 * future (clock skew, or a planted file meant to live forever) is refused.
 */
function isUsable(entry: CacheEntry, ttlMs: number): boolean {
  if (!entry || typeof entry !== 'object' || typeof entry.storedAt !== 'number') return false;
  const age = Date.now() - entry.storedAt;
  if (!(age >= 0) || age > ttlMs) return false;
  const response = entry.response;
  if (!response || typeof response !== 'object') return false;
  return !response.error && response.output !== undefined && response.output !== null;
}

// Credentials are not part of what was asked: a rotated key keeps its cache, and a weak password
// cannot be brute-forced from a cache file name. The config object lasts the run; redact it once.
const redactedConfigs = new WeakMap<object, unknown>();
function configWithoutSecrets(provider: Provider): unknown {
  const config = provider.config;
  if (!config) return {};
  let redacted = redactedConfigs.get(config);
  if (redacted === undefined) {
    redacted = redactSecrets(config);
    redactedConfigs.set(config, redacted);
  }
  return redacted;
}

// A provider that cannot describe its request (or fails to) is keyed on its id and config alone.
async function identityOrNull(describe: () => unknown): Promise<unknown> {
  try {
    return (await describe()) ?? null;
  } catch {
    return null;
  }
}

/** JSON with sorted object keys, so equal requests hash equally whatever their key order. */
function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(
        Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    if (typeof item === 'function') return `[function ${item.toString()}]`;
    return item;
  });
}
