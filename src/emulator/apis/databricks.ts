// Emulated Databricks Model Serving: /serving-endpoints/{name}/invocations (chat, completions,
// embeddings), the OpenAI-compatible /serving-endpoints/* routes, endpoint descriptions, PAT and
// OAuth M2M auth, AI Gateway guardrails and rate limits, in Databricks' {error_code, message} envelope.

import { databricksEndpoints } from '../known-models.js';
import type { ApiBehaviour } from '../server/api-server.js';
import type { ErrorReply, Exchange, GenericError } from '../server/exchange.js';
import { WindowLimiter } from '../server/meter.js';
import type { DatabricksEndpointSpec } from '../types.js';
import { describeEndpoint } from './databricks-describe.js';
import { dbError } from './databricks-errors.js';
import { basicCredentials, type TokenIssuer } from './databricks-oauth.js';
import { serveInvocation } from './databricks-invoke.js';

export interface DatabricksApiOptions {
  pat: string;
  issuer: TokenIssuer;
  authErrorCode: string | number;
  endpoints?: DatabricksEndpointSpec[];
  now: () => number;
}

const endpointFromPath = (path: string) => /^\/serving-endpoints\/([^/]+)\/invocations$/.exec(path)?.[1];

function databricksGenericError(error: GenericError, ex: Exchange): ErrorReply {
  switch (error.kind) {
    case 'rate_limited': {
      const name = endpointFromPath(ex.path) ?? 'this endpoint';
      return dbError(
        429,
        'REQUEST_LIMIT_EXCEEDED',
        `REQUEST_LIMIT_EXCEEDED: Exceeded workspace QPS rate limit for ${decodeURIComponent(name)}. Please use a provisioned throughput Foundation Model APIs endpoint for a higher rate limit.`,
        { 'retry-after': String(error.retryAfterSec) },
      );
    }
    case 'server_error':
      return dbError(
        error.status,
        error.status === 503 ? 'TEMPORARILY_UNAVAILABLE' : 'INTERNAL_ERROR',
        'The service encountered an internal error. Please retry the request.',
      );
    case 'invalid_json':
      return dbError(400, 'MALFORMED_REQUEST', `Malformed JSON request body: ${error.detail}`);
    case 'too_large':
      return dbError(413, 'BAD_REQUEST', 'The request body is too large.');
    case 'internal':
      return dbError(500, 'INTERNAL_ERROR', 'The emulator failed while handling the request.');
    case 'not_found':
      return dbError(404, 'ENDPOINT_NOT_FOUND', `No API found for '${ex.method} ${ex.path}'`);
  }
}

export function createDatabricksApi(options: DatabricksApiOptions): ApiBehaviour {
  const endpoints = new Map((options.endpoints ?? databricksEndpoints).map((e) => [e.name, e]));
  const gatewayLimits = new Map<string, WindowLimiter>();
  const gatewayLimiter = (spec: DatabricksEndpointSpec) => {
    const perMinute = spec.aiGateway?.rateLimitPerMinute ?? 0;
    if (!gatewayLimits.has(spec.name)) gatewayLimits.set(spec.name, new WindowLimiter(options.now, perMinute));
    return gatewayLimits.get(spec.name)!;
  };

  /** undefined when authorised; otherwise the 401 reply. Accepts Bearer PAT/OAuth and Basic token:<PAT>. */
  const authProblem = (ex: Exchange): ErrorReply | undefined => {
    const basic = basicCredentials(ex.header('authorization'));
    const token = ex.bearer() ?? (basic?.id === 'token' ? basic.secret : undefined);
    if (!token)
      return dbError(401, options.authErrorCode, 'Credential was not sent or was of an unsupported type for this API.');
    if (token === options.pat) return undefined;
    const state = options.issuer.check(token);
    if (state === 'valid') return undefined;
    return dbError(
      401,
      options.authErrorCode,
      state === 'expired' ? 'Invalid access token: the OAuth token has expired.' : 'Invalid access token.',
    );
  };

  return {
    errorReply: databricksGenericError,
    classify: (scheme, secret) => {
      if (scheme === 'basic') return basicCredentials(`Basic ${secret}`)?.id === 'token' ? 'pat' : 'client-credentials';
      if (secret === options.pat) return 'pat';
      return options.issuer.check(secret) === 'unknown' ? 'unknown' : 'oauth';
    },
    async handle(ex) {
      const fail = (r: ErrorReply) => ex.sendJson(r.status, r.body, r.headers);
      const origin = `http://${ex.header('host') ?? '127.0.0.1'}`;
      if (ex.method === 'GET' && ex.path === '/oidc/.well-known/oauth-authorization-server')
        return options.issuer.discovery(ex, origin);
      if (ex.method === 'POST' && ex.path === '/oidc/v1/token') return options.issuer.token(ex);
      if (!ex.path.startsWith('/serving-endpoints') && !ex.path.startsWith('/api/2.0/serving-endpoints')) return;
      const denied = authProblem(ex);
      if (denied) return fail(denied);

      const describe = /^\/(?:api\/2\.0\/)?serving-endpoints(?:\/([^/]+))?$/.exec(ex.path);
      if (ex.method === 'GET' && describe) {
        if (!describe[1]) return ex.sendJson(200, { endpoints: [...endpoints.values()].map(describeEndpoint) });
        const spec = endpoints.get(decodeURIComponent(describe[1]));
        return spec ? ex.sendJson(200, describeEndpoint(spec)) : fail(missing(decodeURIComponent(describe[1])));
      }
      if (ex.method !== 'POST') return;
      const compat = /^\/serving-endpoints\/(chat\/completions|completions|embeddings)$/.exec(ex.path)?.[1];
      const name = endpointFromPath(ex.path);
      if (!compat && !name) return;
      const json = ex.jsonBody();
      if (!json.ok) return;
      const body = (typeof json.value === 'object' && json.value !== null ? json.value : {}) as Record<string, unknown>;
      const endpointName = name ? decodeURIComponent(name) : typeof body.model === 'string' ? body.model : '';
      if (!endpointName)
        return fail(dbError(400, 'INVALID_PARAMETER_VALUE', "The 'model' field must name a serving endpoint."));
      const spec = endpoints.get(endpointName);
      if (!spec) return fail(missing(endpointName));
      const expected = compat === 'chat/completions' ? 'chat' : compat;
      if (expected && expected !== spec.task) {
        return fail(
          dbError(400, 'INVALID_PARAMETER_VALUE', `Endpoint '${spec.name}' serves task ${spec.task}, not ${expected}.`),
        );
      }
      const retryAfter = gatewayLimiter(spec).tryTake();
      if (retryAfter !== undefined) {
        return fail(
          dbError(
            429,
            'REQUEST_LIMIT_EXCEEDED',
            `REQUEST_LIMIT_EXCEEDED: Exceeded AI Gateway rate limit for endpoint ${spec.name}.`,
            { 'retry-after': String(retryAfter) },
          ),
        );
      }
      await serveInvocation(ex, spec, body);
    },
  };
}

function missing(name: string): ErrorReply {
  return dbError(404, 'RESOURCE_DOES_NOT_EXIST', `Endpoint with name '${name}' does not exist.`);
}
