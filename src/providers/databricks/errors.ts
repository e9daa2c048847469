// Databricks failures in words a person can act on: the {error_code, message, details[request_id]}
// envelope, hints for the troubleshooting cases (auth, missing endpoint, rate and token limits),
// and AI Gateway guardrail blocks turned into refusals instead of errors.

import { STATUS_CODES } from 'node:http';
import { defaultErrorEnvelope, type ErrorEnvelopeParser, type TransportError } from '../transport/index.js';
import type { ProviderResponse } from '../types.js';
import type { DatabricksAuthKind } from './auth.js';

const REQUEST_ID_SUFFIX = /\s*\[request id: ([^\]]+)\]$/;

/** `{error_code, message, details:[{request_id}]}`; other shapes (external-model proxies) fall back to the default reader. */
export const databricksErrorEnvelope: ErrorEnvelopeParser = (body) => {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (b.error_code === undefined || (typeof b.error_code !== 'string' && typeof b.error_code !== 'number'))
    return defaultErrorEnvelope(body);
  const details = Array.isArray(b.details) ? b.details : [];
  const requestId = details
    .map((d) => (d && typeof d === 'object' ? (d as Record<string, unknown>).request_id : undefined))
    .find((id): id is string => typeof id === 'string' && id !== '');
  const text = typeof b.message === 'string' ? b.message : undefined;
  // The envelope has no request id field; the id rides on the message so every message names it.
  const message = requestId ? `${text ?? ''} [request id: ${requestId}]`.trim() : text;
  return { code: String(b.error_code), message };
};

export interface FailureContext {
  endpoint: string;
  host: string;
  authKind: DatabricksAuthKind;
  /** Where the credential came from (`DATABRICKS_TOKEN`, `service principal <id>`). */
  authSource: string;
  payPerToken: boolean;
  maxTokens?: number;
}

const TOKEN_LIMIT =
  /max_tokens|max tokens|context (?:length|window)|maximum (?:context|number of tokens|tokens)|too many tokens|token limit|tokens? exceeds?|exceeds? the (?:maximum|limit)/i;

export function hintFor(status: number, message: string, ctx: FailureContext): string | undefined {
  const credential =
    ctx.authKind === 'pat' ? `the personal access token in ${ctx.authSource}` : `the OAuth token of ${ctx.authSource}`;
  if (status === 401)
    return `Authentication failed: check that ${credential} is valid for ${ctx.host} and has permission to query endpoint "${ctx.endpoint}".`;
  if (status === 403) {
    return `Permission denied: check that ${credential} has permission (CAN QUERY) on endpoint "${ctx.endpoint}"${/rate limit of 0/i.test(message) ? '; a rate limit of 0 means the model is not enabled for this workspace' : ''}.`;
  }
  if (status === 404) {
    return `Endpoint "${ctx.endpoint}" was not found in ${ctx.host}: check the endpoint name (pay-per-token names look like databricks-meta-llama-3-3-70b-instruct); for a custom or provisioned endpoint, check that it exists and is running.`;
  }
  if (status === 429) {
    return ctx.payPerToken
      ? 'Pay-per-token endpoints have workspace rate limits (queries and tokens per minute): lower the concurrency, or use a provisioned throughput endpoint for higher volume.'
      : "The endpoint's rate limit was hit (AI Gateway limit or provisioned throughput): lower the concurrency or raise the endpoint's limit.";
  }
  if (status === 400 && TOKEN_LIMIT.test(message)) {
    return `The request exceeds the model's token limit: lower max_tokens${ctx.maxTokens !== undefined ? ` (now ${ctx.maxTokens})` : ''} or shorten the prompt.`;
  }
  const wrongTask = status === 400 ? /unknown field "(messages|prompt|input)"/.exec(message)?.[1] : undefined;
  if (wrongTask) {
    const kinds = { messages: 'chat messages', prompt: 'a completion prompt', input: 'embedding input' } as const;
    return `Endpoint "${ctx.endpoint}" does not take ${kinds[wrongTask as keyof typeof kinds]}: use databricks:<endpoint> for chat, databricks:completion:<endpoint> for completions or databricks:embedding:<endpoint> for embeddings, matching the endpoint's task.`;
  }
  if (status === 503 || status === 504)
    return 'The endpoint is unavailable or scaling up; try again, or check its state on the Serving page.';
  return undefined;
}

/** `Databricks API error: HTTP 404 Not Found from <host>/<path> (endpoint "x"): RESOURCE_DOES_NOT_EXIST: … [request id: …]. <hint>` */
export function describeHttpError(err: TransportError, ctx: FailureContext): string {
  const status = err.status ?? 0;
  const code = err.envelope?.code;
  let message = err.envelope?.message ?? '';
  if (err.requestId && !REQUEST_ID_SUFFIX.test(message)) message = `${message} [request id: ${err.requestId}]`.trim();
  let text = `Databricks API error: HTTP ${status} ${STATUS_CODES[status] ?? ''} from ${err.where ?? ctx.host} (endpoint "${ctx.endpoint}")`;
  // Databricks often repeats the code at the start of the message (`REQUEST_LIMIT_EXCEEDED: Exceeded …`).
  const codeShown = code && !message.startsWith(`${code}:`) ? code : undefined;
  if (code || message) text += `: ${[codeShown, message].filter(Boolean).join(': ')}`;
  else text += ` (${err.message})`;
  if (err.attempts > 1) text += `; gave up after ${err.attempts} attempts`;
  const hint = hintFor(status, message, ctx);
  return hint ? `${text}. ${hint}` : text;
}

const GUARDRAIL = /\b(input|output) guardrail triggered\b/i;

/** An AI Gateway block (400 "Input guardrail triggered: …") as a refusal that guardrail/is-refusal checks can test. */
export function guardrailRefusal(err: TransportError): ProviderResponse | undefined {
  const raw = err.envelope?.message;
  if (err.status !== 400 || !raw) return undefined;
  const match = GUARDRAIL.exec(raw);
  if (!match) return undefined;
  const reason = raw.replace(REQUEST_ID_SUFFIX, '').trim();
  const input = match[1]!.toLowerCase() === 'input';
  return {
    output: `I'm sorry, I can't help with that: the Databricks AI Gateway blocked the ${input ? 'request' : 'response'} (${reason.replace(/\.$/, '')})`,
    isRefusal: true,
    finishReason: 'content_filter',
    guardrails: { flagged: true, ...(input ? { flaggedInput: true } : { flaggedOutput: true }), reason },
    metadata: {
      ...err.metadata,
      databricksGuardrail: { direction: input ? 'input' : 'output', reason, errorCode: err.envelope?.code },
    },
  };
}
