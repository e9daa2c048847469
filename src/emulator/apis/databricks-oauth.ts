// Databricks OAuth machine-to-machine: OIDC discovery and the client_credentials token endpoint,
// plus the store of issued tokens the data plane checks.

import { randomBytes } from 'node:crypto';
import type { Exchange } from '../server/exchange.js';

export type TokenState = 'valid' | 'expired' | 'unknown';

export class TokenIssuer {
  private readonly issued = new Map<string, number>();

  constructor(
    private readonly clientId: string,
    private readonly clientSecret: string,
    public ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  check(token: string): TokenState {
    const expiresAt = this.issued.get(token);
    if (expiresAt === undefined) return 'unknown';
    return this.now() < expiresAt ? 'valid' : 'expired';
  }

  expireAll(): void {
    for (const token of this.issued.keys()) this.issued.set(token, 0);
  }

  discovery(ex: Exchange, origin: string): void {
    ex.sendJson(200, {
      issuer: `${origin}/oidc`,
      authorization_endpoint: `${origin}/oidc/v1/authorize`,
      token_endpoint: `${origin}/oidc/v1/token`,
      grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token'],
      scopes_supported: ['all-apis', 'offline_access'],
    });
  }

  /** POST /oidc/v1/token: client id/secret by HTTP Basic or form fields, grant_type=client_credentials. */
  token(ex: Exchange): void {
    const form = new URLSearchParams(ex.rawBody);
    const creds = basicCredentials(ex.header('authorization')) ?? {
      id: form.get('client_id') ?? '',
      secret: form.get('client_secret') ?? '',
    };
    const oauthError = (status: number, error: string, description: string) =>
      ex.sendJson(status, { error, error_description: description });
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(
        400,
        'unsupported_grant_type',
        'Only grant_type=client_credentials is supported for service principals.',
      );
    }
    if (!creds.id || !creds.secret)
      return oauthError(401, 'invalid_client', 'Client authentication failed: no client credentials were sent.');
    if (creds.id !== this.clientId || creds.secret !== this.clientSecret) {
      return oauthError(401, 'invalid_client', 'Client authentication failed: the client id or secret is invalid.');
    }
    const scope = form.get('scope') || 'all-apis';
    const token = `dbx-oauth-${randomBytes(18).toString('hex')}`;
    this.issued.set(token, this.now() + this.ttlSeconds * 1000);
    ex.sendJson(200, { access_token: token, token_type: 'Bearer', expires_in: this.ttlSeconds, scope });
  }
}

/** Basic base64(urlencode(id) + ":" + urlencode(secret)); plain (not url-encoded) values work too. */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!.trim(), 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  if (at < 0) return undefined;
  const dec = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return { id: dec(decoded.slice(0, at)), secret: dec(decoded.slice(at + 1)) };
}
