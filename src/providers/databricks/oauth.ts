// OAuth machine-to-machine for Databricks service principals: client_credentials tokens from
// {workspace}/oidc/v1/token, shared per (workspace, client) across providers, fetched once for any
// number of concurrent requests, refreshed before they expire. A failed fetch is not repeated by
// every waiting cell: for a back-off period callers get the token endpoint's error at once.

import { createHash } from 'node:crypto';
import * as z from 'zod';
import { FEW_PARSES } from '../../config/zod-fast-path.js';
import { errorMessage, ProviderError } from '../../errors.js';
import { httpJson, TransportError, type ErrorEnvelopeParser } from '../transport/index.js';
import { firstString } from '../record-fields.js';

export interface ClientCredentials {
  workspaceUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface TokenSourceOptions {
  /** Clock in ms (tests). */
  now?: () => number;
  /** Env for proxy settings. */
  env?: Record<string, string | undefined>;
}

/** A token request that failed; never carries the client secret. */
export class DatabricksAuthError extends ProviderError {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message, { code: 'PROVIDER_CREDENTIALS' });
    this.name = 'DatabricksAuthError';
  }
}

const tokenReply = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string()]).optional(),
});

/** OAuth `{error, error_description}` (and the `errorCode/errorSummary` form some hosts use). */
const oauthEnvelope: ErrorEnvelopeParser = (body) => {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const code = firstString(b, 'error', 'errorCode', 'error_code');
  const message = firstString(b, 'error_description', 'errorSummary', 'message');
  return code || message ? { code, message } : undefined;
};

const EARLY_EXPIRY_MS = 40_000;
const MAX_STALE_WINDOW_MS = 20 * 60_000;
const FAILED_REFRESH_BACKOFF_MS = 60_000;
/** After a failed fetch with no usable token, callers fail at once for this long, then one tries again. */
export const FAILED_FETCH_BACKOFF_MS = 30_000;
/** Token fetch limit when the provider sets no timeoutMs (a token endpoint slower than this is down). */
export const DEFAULT_TOKEN_TIMEOUT_MS = 30_000;

interface Token {
  value: string;
  /** After this the token is not used any more (expiry minus a safety margin). */
  usableUntil: number;
  /** After this a new token is fetched in the background while the old one is still used. */
  staleAt: number;
}

export class OAuthTokenSource {
  private current: Token | undefined;
  private inflight: Promise<Token> | undefined;
  private permanentFailure: DatabricksAuthError | undefined;
  private recentFailure: { error: DatabricksAuthError; until: number } | undefined;
  private readonly now: () => number;

  constructor(
    readonly credentials: ClientCredentials,
    private readonly options: TokenSourceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * A usable access token; waits only when there is none (single-flight across callers).
   * `timeoutMs` is the calling provider's timeout, used for the fetch it starts.
   */
  async token(options: { timeoutMs?: number } = {}): Promise<string> {
    if (this.permanentFailure) throw this.permanentFailure;
    const now = this.now();
    const current = this.current;
    if (current && now < current.usableUntil) {
      if (now >= current.staleAt && !this.inflight) {
        this.refresh().catch(() => {
          // Keep the old token for its remaining life and try again a minute later.
          if (this.current === current) current.staleAt = this.now() + FAILED_REFRESH_BACKOFF_MS;
        });
      }
      return current.value;
    }
    const failed = this.recentFailure;
    if (failed && now < failed.until) throw failed.error;
    return (await this.refresh(options.timeoutMs)).value;
  }

  /** The server rejected `token`: forget it (unless a newer one already replaced it). */
  invalidate(token: string | undefined): void {
    if (token !== undefined && this.current?.value === token) this.current = undefined;
  }

  private refresh(timeoutMs?: number): Promise<Token> {
    this.inflight ??= this.fetchToken(timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchToken(timeoutMs: number): Promise<Token> {
    const { workspaceUrl, clientId, clientSecret } = this.credentials;
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    const requestedAt = this.now();
    const secrets = [clientSecret, encodeURIComponent(clientSecret), basic];
    try {
      const reply = await httpJson(
        {
          url: `${workspaceUrl}/oidc/v1/token`,
          method: 'POST',
          headers: {
            authorization: `Basic ${basic}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: 'grant_type=client_credentials&scope=all-apis',
        },
        { timeoutMs, errorEnvelope: oauthEnvelope, secrets, env: this.options.env },
      );
      const parsed = tokenReply.safeParse(reply.body, FEW_PARSES);
      if (!parsed.success)
        throw new DatabricksAuthError(
          `Databricks OAuth token request to ${hostOf(workspaceUrl)} returned no access_token. Check that the workspace URL is right.`,
          false,
        );
      const ttlMs = Math.max(1, Number(parsed.data.expires_in ?? 3600)) * 1000;
      const token: Token = {
        value: parsed.data.access_token,
        usableUntil: requestedAt + ttlMs - Math.min(EARLY_EXPIRY_MS, ttlMs / 4),
        staleAt: requestedAt + ttlMs - Math.min(ttlMs / 2, MAX_STALE_WINDOW_MS),
      };
      this.current = token;
      this.recentFailure = undefined;
      return token;
    } catch (err) {
      const error = this.describeFailure(err, secrets, timeoutMs);
      if (!error.permanent) {
        error.message += ` Calls that need a token fail at once for the next ${FAILED_FETCH_BACKOFF_MS / 1000} s, then one tries again.`;
        this.recentFailure = { error, until: this.now() + FAILED_FETCH_BACKOFF_MS };
      }
      throw error;
    }
  }

  private describeFailure(err: unknown, secrets: string[], timeoutMs: number): DatabricksAuthError {
    if (err instanceof DatabricksAuthError) return err;
    const host = hostOf(this.credentials.workspaceUrl);
    const check = `Check DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET (or config clientId/clientSecret, or the profile's client_id/client_secret) for ${host}, and that the service principal exists in this workspace.`;
    let message: string;
    let permanent = false;
    if (err instanceof TransportError && err.kind === 'http' && err.status !== undefined) {
      const { code, message: detail } = err.envelope ?? {};
      permanent = err.status === 400 || err.status === 401 || err.status === 403;
      message = `Databricks OAuth token request failed: ${code ?? `HTTP ${err.status}`}${detail ? ` (${detail})` : ''} [HTTP ${err.status} from ${host}/oidc/v1/token]. ${permanent ? check : 'The token endpoint is failing; try again later.'}`;
    } else if (err instanceof TransportError && err.kind === 'timeout') {
      // Not "raise timeoutMs": a token endpoint that takes this long is down or the URL is wrong.
      message = `Databricks OAuth token request to ${host}/oidc/v1/token got no answer within ${timeoutMs} ms. Check that the workspace URL is right and the workspace is reachable.`;
    } else {
      message = `Databricks OAuth token request to ${host}/oidc/v1/token failed: ${errorMessage(err)}`;
    }
    const error = new DatabricksAuthError(scrub(message, secrets), permanent);
    // Bad credentials will not fix themselves during a run: fail every later request at once.
    if (permanent) this.permanentFailure = error;
    return error;
  }
}

function hostOf(url: string): string {
  return new URL(url).host;
}

function scrub(text: string, secrets: string[]): string {
  return secrets.filter((s) => s.length >= 4).reduce((out, s) => out.split(s).join('***'), text);
}

const shared = new Map<string, OAuthTokenSource>();

/** The token source every provider with these credentials shares (keyed without the secret in clear). */
export function sharedTokenSource(credentials: ClientCredentials, options: TokenSourceOptions = {}): OAuthTokenSource {
  const secretHash = createHash('sha256').update(credentials.clientSecret).digest('hex').slice(0, 16);
  const key = `${credentials.workspaceUrl}\n${credentials.clientId}\n${secretHash}`;
  let source = shared.get(key);
  if (!source) {
    source = new OAuthTokenSource(credentials, options);
    shared.set(key, source);
  }
  return source;
}

/** Forgets every cached token (tests, long-lived processes switching workspaces). */
export function clearTokenCache(): void {
  shared.clear();
}
