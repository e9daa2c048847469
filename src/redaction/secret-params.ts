// Which URL query parameters carry credentials. One list for every place that shows a URL: the
// WebSocket provider's ids and errors, and the config and results written to output files.

const SECRET_NAMES = new Set([
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'auth',
  'authorization',
  'auth_token',
  'key',
  'api_key',
  'apikey',
  'api-key',
  'password',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'client_secret',
  'signature',
  'sig',
  'session',
  'sessionid',
  'session_id',
  'credential',
]);

// Provider-specific names end in one of these (x-api-key, subscription-key, x-amz-security-token).
const SECRET_SUFFIX = /(token|secret|key|password|signature|credential)$/;

/** True when a query parameter with this name should never be shown. */
export function isSecretParam(name: string): boolean {
  const lower = safeDecodeURIComponent(name).toLowerCase();
  return SECRET_NAMES.has(lower) || SECRET_SUFFIX.test(lower);
}

/** decodeURIComponent that returns a malformed escape as written instead of throwing. */
export function safeDecodeURIComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
