// Public types of the local API emulators: knobs, faults, recorded requests and the running
// handles tests and `assay emulate` hold.

/** One scripted misbehaviour. `count` = the next N metered requests; `rate` = that fraction of them. */
export interface Fault {
  kind: FaultKind;
  /** Applies to the next `count` metered requests (default 1 when neither count nor rate is given). */
  count?: number;
  /** Applies to this fraction (0..1) of metered requests, spread evenly (request i faults when floor(i*rate) grows). */
  rate?: number;
  /** HTTP status for `kind: 'status'` (default 500). */
  status?: number;
}

/**
 * - `status`: answer with a 5xx in the API's own error envelope.
 * - `reset`: destroy the TCP connection with a RST before answering.
 * - `malformed`: 200 with a body that is not valid JSON (streams: one event's data is garbage).
 * - `truncate`: send part of the body / stream, then close the connection (no `[DONE]`).
 * - `stall`: never answer (the connection stays open until the client gives up or close()).
 * - `stall-stream`: send headers and part of the stream, then nothing (non-stream requests: like `stall`).
 */
export type FaultKind = 'status' | 'reset' | 'malformed' | 'truncate' | 'stall' | 'stall-stream';

export interface Knobs {
  /** Delay before each metered request is answered, in ms. */
  latencyMs?: number;
  /** Requests per minute accepted (sliding 60 s window); more get the API's 429 with Retry-After. 0 or undefined = unlimited. */
  rpm?: number;
  /** Faults, checked in order; the first that applies to a request wins. Replacing the list resets its counters. */
  faults?: Fault[];
}

export interface RecordedCredential {
  scheme: 'bearer' | 'basic' | 'x-auth-key' | 'none' | 'other';
  /** Last 4 characters of the secret, enough for a test to tell credentials apart. */
  last4: string;
  /** What the emulator took the credential to be: 'pat', 'oauth', 'api-key', 'client-credentials', 'unknown', 'none'. */
  kind: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names; Authorization and key headers are replaced by `[redacted …last4]`. */
  headers: Record<string, string>;
  credential: RecordedCredential;
  /** Parsed JSON body, parsed form body (secrets redacted) or the raw text when it was neither. */
  body: unknown;
  receivedAt: number;
  /** HTTP status sent, once the response finished (undefined for resets and stalls). */
  status?: number;
}

export interface RunningApi {
  /** Origin, e.g. `http://127.0.0.1:54321`. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  setKnobs(knobs: Knobs): void;
  /** Forget recorded requests and the rate-limit window. */
  reset(): void;
  close(): Promise<void>;
}

export interface RunningDatabricks extends RunningApi {
  /** Make every OAuth token issued so far expired (tests of refresh without waiting). */
  expireTokens(): void;
  /** Lifetime of tokens issued from now on, in seconds. */
  setTokenTtl(seconds: number): void;
}

export interface DatabricksEndpointSpec {
  name: string;
  task: 'chat' | 'completions' | 'embeddings';
  /** How the endpoint is served, reported by GET /serving-endpoints/{name}. */
  servingType: 'pay-per-token' | 'provisioned' | 'external' | 'custom';
  /** Model served (foundation model name or external model name). */
  model?: string;
  vision?: boolean;
  dimensions?: number;
  aiGateway?: DatabricksAiGateway;
}

export interface DatabricksAiGateway {
  guardrails?: {
    input?: DatabricksGuardrail;
    output?: DatabricksGuardrail;
  };
  usageTracking?: boolean;
  /** Per-endpoint AI Gateway rate limit, calls per minute. */
  rateLimitPerMinute?: number;
}

export interface DatabricksGuardrail {
  safety?: boolean;
  pii?: 'BLOCK' | 'MASK' | 'NONE';
  invalidKeywords?: string[];
}

export interface EmulatorOptions {
  host?: string;
  /** Fixed ports (default 0 = any free port). */
  ports?: Partial<Record<ApiName, number>>;
  /** Knobs applied to every API, overridden per API by `knobs`. */
  defaults?: Knobs;
  knobs?: Partial<Record<ApiName, Knobs>>;
  databricks?: {
    token?: string;
    clientId?: string;
    clientSecret?: string;
    /** Lifetime of issued OAuth tokens (default 3600). */
    tokenTtlSeconds?: number;
    /** `error_code` in 401 bodies; the real value is unconfirmed (string name or the number 401). */
    authErrorCode?: string | number;
    /** Extra endpoints, added to (or replacing by name) the built-in list. */
    endpoints?: DatabricksEndpointSpec[];
  };
  llama?: {
    apiKey?: string;
    /** Reject `stream: true` without `Accept: text/event-stream` with 400, as the real API does (default true). */
    requireSseAccept?: boolean;
  };
  cloudflare?: {
    accountId?: string;
    apiToken?: string;
    /** Account ids also routed (default: the placeholders used in the seed docs). */
    extraAccountIds?: string[];
    /** Tokens per day before 3036 "daily allocation used" (default unlimited). */
    dailyTokenQuota?: number;
  };
  openai?: {
    apiKey?: string;
  };
  /** Clock in ms, for token-expiry and rate-window tests (default Date.now). */
  now?: () => number;
}

export type ApiName = 'databricks' | 'llama' | 'cloudflare' | 'openai';

export interface RunningEmulators {
  databricks: RunningDatabricks;
  llama: RunningApi;
  cloudflare: RunningApi;
  openai: RunningApi;
  /** Env vars that point clients (and Assay's providers) at these servers. */
  env(): Record<string, string>;
  close(): Promise<void>;
}
