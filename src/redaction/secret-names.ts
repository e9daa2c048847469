// Which names (config keys, header names, env variables) hold a credential. The second net behind
// scrubbing by value: a secret Assay never saw the value of is still hidden when its name says so.

import { memoizeByString } from '../text/string-memo.js';

// Compared after lower-casing and dropping `-`, `_` and spaces, so `api_key`, `apiKey`, `X-Api-Key`,
// `Ocp-Apim-Subscription-Key` and `MY_SERVICE_KEY` all end in `key`.
const SECRET_SUFFIXES = [
  'key',
  'token',
  'secret',
  'password',
  'passwd',
  'passphrase',
  'authorization',
  'auth',
  'cookie',
  'credential',
  'credentials',
  'signature',
  'session',
];
const SECRET_EXACT = new Set(['pat', 'bearer', 'jwt', 'sig', 'sessionid', 'accesskeyid']);
// Keys that merely name where a secret lives (env var names, files) or count tokens are kept.
const NOT_SECRET_SUFFIXES = [
  'envar',
  'envvar',
  'env',
  'path',
  'file',
  'type',
  'url',
  'count',
  'usage',
  'name',
  'limit',
  'header',
  'prefix',
  'tokens',
  'maxtoken',
  'id',
  'ids',
  'mode',
  'method',
  'provider',
  'source',
  'location',
  'enabled',
];
// `max_tokens`, `totalTokens`, `sortKey`-like settings are not credentials.
const NOT_SECRET_EXACT = new Set(['key', 'monkey', 'sortkey', 'cachekey', 'primarykey']);

// Every result's response headers are checked by name, and they are the same few names each time.
const MAX_MEMO_NAMES = 2_000;

/** True when a value stored under this name should never be shown. */
export const isSecretName: (name: string) => boolean = memoizeByString(judgeName, MAX_MEMO_NAMES);

function judgeName(name: string): boolean {
  const k = name.toLowerCase().replace(/[-_\s.]/g, '');
  if (SECRET_EXACT.has(k)) return true;
  if (NOT_SECRET_EXACT.has(k) || NOT_SECRET_SUFFIXES.some((s) => k.endsWith(s))) return false;
  return SECRET_SUFFIXES.some((s) => k.endsWith(s));
}

// Request headers whose values describe the request rather than authorise it. Every other header
// value in a provider config is treated as a secret (a gateway's key may travel under any name).
const PLAIN_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'connection',
  'content-encoding',
  'content-length',
  'content-type',
  'host',
  'origin',
  'pragma',
  'referer',
  'user-agent',
  'openai-beta',
  'openai-organization',
  'openai-project',
  'x-stainless-lang',
]);

/** True for the few header names whose values are not credentials (content-type, accept, user-agent…). */
export function isPlainHeader(name: string): boolean {
  const lower = name.toLowerCase();
  // `anthropic-version: 2023-06-01`: a date, which must not vanish from every output once registered.
  return PLAIN_HEADERS.has(lower) || lower.endsWith('-version');
}

// Desktop sessions name themselves in the environment (DESKTOP_SESSION=ubuntu, GDMSESSION); a
// credential env variable says what it is (…_KEY, …_TOKEN, …_SECRET, …_PASSWORD, …_AUTH).
const NOT_SECRET_ENV = /session$|^pwd$|^oldpwd$/i;

/** True when an environment variable with this name holds a credential (`MY_SERVICE_KEY`, `GITHUB_TOKEN`). */
export function isSecretEnvName(name: string): boolean {
  return isSecretName(name) && !NOT_SECRET_ENV.test(name.replace(/[-_]/g, ''));
}
