// Emulated Cloudflare Workers AI: OpenAI-compatible /ai/v1/* routes and native /ai/run/{model},
// Bearer API tokens, and Cloudflare's {success:false, errors:[{code,message}]} envelope.

import { cloudflareModels, type ModelSpec } from '../known-models.js';
import { respondChat, respondCompletion, type ModelReply } from '../model/respond.js';
import { streamPieces } from '../model/text.js';
import type { ApiBehaviour } from '../server/api-server.js';
import type { ErrorReply, Exchange, GenericError } from '../server/exchange.js';
import { parseChat, parseCompletion, parseEmbedding } from '../wire/openai-request.js';
import { embedAll, serveChat, serveCompletion, serveEmbeddings } from '../wire/openai-serve.js';

export interface CloudflareApiOptions {
  accountIds: string[];
  apiToken: string;
  dailyTokenQuota?: number;
  models?: Record<string, ModelSpec>;
}

export function cfError(status: number, code: number, message: string, headers?: Record<string, string>): ErrorReply {
  return { status, body: { result: null, success: false, errors: [{ code, message }], messages: [] }, headers };
}

const noRoute = (path: string) =>
  cfError(404, 7003, `Could not route to ${path}, perhaps your object identifier is invalid?`);

function cloudflareGenericError(error: GenericError, ex: Exchange): ErrorReply {
  switch (error.kind) {
    case 'rate_limited':
      return cfError(
        429,
        3040,
        'Capacity temporarily exceeded: no more data centers to forward the request to. Please retry.',
        { 'retry-after': String(error.retryAfterSec) },
      );
    case 'server_error':
      return cfError(error.status, 3043, 'Internal server error');
    case 'invalid_json':
      return cfError(400, 5004, `Invalid data: the request body is not valid JSON (${error.detail}).`);
    case 'too_large':
      return cfError(413, 3006, 'Request is too large');
    case 'internal':
      return cfError(500, 3043, 'Internal server error');
    case 'not_found':
      return noRoute(ex.path);
  }
}

const ROUTE = /^\/client\/v4\/accounts\/([^/]+)\/ai\/(?:v1\/(chat\/completions|completions|embeddings)|run\/(.+))$/;

/**
 * Cloudflare's edge puts a `cf-ray` id (16 hex digits and the data centre) on every reply; the
 * emulator numbers its replies instead of drawing random ids, so runs are repeatable.
 */
export function rayId(n: number): string {
  return `${n.toString(16).padStart(16, '0')}-EMU`;
}

export function createCloudflareApi(options: CloudflareApiOptions): ApiBehaviour {
  const models = options.models ?? cloudflareModels;
  let tokensToday = 0;
  let replies = 0;

  return {
    errorReply: cloudflareGenericError,
    classify: (_scheme, secret) => (secret === options.apiToken ? 'api-key' : 'unknown'),
    async handle(ex) {
      ex.replyHeaders['cf-ray'] = rayId(++replies);
      const fail = (r: ErrorReply) => ex.sendJson(r.status, r.body, r.headers);
      const m = ROUTE.exec(ex.path);
      if (!m || ex.method !== 'POST') {
        return fail(ex.path.startsWith('/client/v4/') ? noRoute(ex.path) : cfError(400, 7000, 'No route for that URI'));
      }
      const [, account = '', v1Route, runModel] = m;
      if (!options.accountIds.includes(decodeURIComponent(account))) return fail(noRoute(ex.path));
      if (ex.bearer() !== options.apiToken) return fail(cfError(403, 10000, 'Authentication error'));
      const json = ex.jsonBody();
      if (!json.ok) return;
      const body = (json.value ?? {}) as Record<string, unknown>;
      const model = runModel ? decodeURIComponent(runModel) : typeof body.model === 'string' ? body.model : '';
      const task =
        v1Route === 'chat/completions'
          ? 'chat'
          : v1Route === 'completions'
            ? 'completions'
            : v1Route === 'embeddings'
              ? 'embeddings'
              : undefined;
      const spec = models[model];
      // Completions run on chat models too (the prompt becomes one user message).
      const taskOk =
        spec && (task === undefined || spec.task === task || (task === 'completions' && spec.task === 'chat'));
      if (!spec || !taskOk) return fail(cfError(400, 5007, `No such model ${model || '(missing)'} or task`));
      if (options.dailyTokenQuota !== undefined && tokensToday >= options.dailyTokenQuota) {
        return fail(
          cfError(
            429,
            3036,
            "Account limited: you have used up your daily free allocation of 10,000 neurons. Please upgrade to Cloudflare's Workers Paid plan.",
          ),
        );
      }
      if (!(await ex.admit())) return;
      const reply = runModel ? runNative(ex, model, spec, body) : runCompat(ex, model, spec, task!, body);
      if (reply) tokensToday += reply.usage.total;
    },
  };
}

function runCompat(ex: Exchange, model: string, spec: ModelSpec, task: string, body: unknown): ModelReply | undefined {
  const fail = (msg: string) => ex.sendJson(400, cfError(400, 5004, `Invalid data: ${msg}`).body);
  if (task === 'chat') {
    const p = parseChat(body);
    return p.ok ? serveChat(ex, model, p.value) : void fail(p.message);
  }
  if (task === 'completions') {
    const p = parseCompletion(body);
    return p.ok ? serveCompletion(ex, model, p.value) : void fail(p.message);
  }
  const p = parseEmbedding(body);
  if (!p.ok) return void fail(p.message);
  serveEmbeddings(ex, model, p.value.input, spec.dimensions ?? 768);
  return undefined;
}

/** Native input: `{prompt}` or `{messages}` with string content (arrays are the real "Bad input"), or `{text}` for embeddings. */
function runNative(
  ex: Exchange,
  _model: string,
  spec: ModelSpec,
  body: Record<string, unknown>,
): ModelReply | undefined {
  const ok = (result: unknown) => ex.sendJson(200, { result, success: true, errors: [], messages: [] });
  const bad = (msg: string) => ex.sendJson(400, cfError(400, 5004, `AiError: Bad input: ${msg}`).body);
  if (spec.task === 'embeddings') {
    const text = body.text;
    if (
      typeof text !== 'string' &&
      !(Array.isArray(text) && text.length > 0 && text.every((t) => typeof t === 'string'))
    ) {
      return void bad("Error: oneOf at '/' not met, required properties are missing: text");
    }
    if (Array.isArray(text) && text.length > 100) return void bad('Error: at most 100 texts per request');
    const dims = spec.dimensions ?? 768;
    const { vectors } = embedAll(text, dims);
    return void ok({ shape: [vectors.length, dims], data: vectors, pooling: 'mean' });
  }
  let reply: ModelReply;
  if (Array.isArray(body.messages)) {
    const badIndex = body.messages.findIndex((m) => typeof (m as { content?: unknown })?.content !== 'string');
    if (badIndex >= 0)
      return void bad(
        `Error: oneOf at '/' not met, Type mismatch of '/messages/${badIndex}/content', 'array' not in 'string'`,
      );
    const parsed = parseChat(body);
    if (!parsed.ok) return void bad(parsed.message);
    reply = respondChat(parsed.value.input);
  } else if (typeof body.prompt === 'string') {
    reply = respondCompletion(body.prompt, typeof body.max_tokens === 'number' ? body.max_tokens : undefined);
  } else {
    return void bad("Error: oneOf at '/' not met, required properties are missing: prompt, messages");
  }
  const usage = {
    prompt_tokens: reply.usage.prompt,
    completion_tokens: reply.usage.completion,
    total_tokens: reply.usage.total,
  };
  if (body.stream === true) {
    const events = streamPieces(reply.text ?? '').map((response) => JSON.stringify({ response }));
    ex.sendSse([...events, JSON.stringify({ response: '', usage }), '[DONE]']);
    return reply;
  }
  const toolCalls = reply.toolCalls.map((c) => ({ name: c.name, arguments: JSON.parse(c.arguments) as unknown }));
  ok({ response: reply.text ?? '', ...(toolCalls.length ? { tool_calls: toolCalls } : {}), usage });
  return reply;
}
