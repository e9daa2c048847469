// Emulated Meta Llama API: OpenAI-compatible /compat/v1/chat/completions and native
// /v1/chat/completions, Bearer keys, x-ratelimit-* headers on every reply, image validation.

import { llamaModels, type ModelSpec } from '../known-models.js';
import { respondChat } from '../model/respond.js';
import type { ApiBehaviour } from '../server/api-server.js';
import type { ErrorReply, Exchange, GenericError } from '../server/exchange.js';
import { WindowLimiter } from '../server/meter.js';
import { imageProblem } from '../wire/images.js';
import { nativeChunks, nativeCompletion } from '../wire/llama-native.js';
import { parseChat } from '../wire/openai-request.js';
import { serveChat } from '../wire/openai-serve.js';
import { openAiError } from './openai.js';

export interface LlamaApiOptions {
  apiKey: string;
  requireSseAccept: boolean;
  now: () => number;
  models?: Record<string, ModelSpec>;
}

type Surface = 'compat' | 'native';

const surfaceOf = (path: string): Surface => (path.startsWith('/compat/') ? 'compat' : 'native');

/**
 * Compat errors use the OpenAI envelope. Native errors: no captured body is known; the emulator
 * answers RFC 7807-style `{title, detail, status}` (the wire notes' best guess, see README).
 */
function llamaError(
  surface: Surface,
  status: number,
  title: string,
  detail: string,
  code: string | null = null,
): ErrorReply {
  if (surface === 'compat')
    return openAiError(
      status,
      detail,
      status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error',
      code,
    );
  return { status, body: { title, detail, status } };
}

/**
 * The request id on every reply. The wire notes name no Llama-specific header; `x-request-id` is
 * the common one (an inference). Numbered rather than random, so runs are repeatable.
 */
export function llamaRequestId(n: number): string {
  return `llama-req-${String(n).padStart(8, '0')}`;
}

export function createLlamaApi(options: LlamaApiOptions): ApiBehaviour {
  const models = options.models ?? llamaModels;
  const tokens = new WindowLimiter(options.now, 0);
  let replies = 0;

  const errorReply = (error: GenericError, ex: Exchange): ErrorReply => {
    const s = surfaceOf(ex.path);
    switch (error.kind) {
      case 'rate_limited': {
        const r = llamaError(
          s,
          429,
          'Too Many Requests',
          'Rate limit exceeded: too many requests. Please retry after the window resets.',
          'rate_limit_exceeded',
        );
        return { ...r, headers: { 'retry-after': String(error.retryAfterSec) } };
      }
      case 'server_error':
        return llamaError(
          s,
          error.status,
          'Internal Server Error',
          'The server had an error while processing your request.',
        );
      case 'invalid_json':
        return llamaError(s, 400, 'Bad Request', `Invalid JSON body: ${error.detail}`);
      case 'too_large':
        return llamaError(s, 413, 'Payload Too Large', 'The request body is too large.');
      case 'internal':
        return llamaError(s, 500, 'Internal Server Error', 'The emulator failed while handling the request.');
      case 'not_found':
        return llamaError(s, 404, 'Not Found', `No route for ${ex.method} ${ex.path}.`);
    }
  };

  /** Limits come from the model's published figures unless an rpm knob is set. */
  const setRateHeaders = (ex: Exchange, spec: ModelSpec | undefined, extraTokens = 0) => {
    const reqLimit = ex.limiterPerMinute() || spec?.rpm || 3000;
    const tokLimit = spec?.tpm ?? 1_000_000;
    Object.assign(ex.replyHeaders, {
      'x-ratelimit-limit-requests': String(reqLimit),
      'x-ratelimit-remaining-requests': String(Math.max(0, reqLimit - ex.limiterUsed())),
      'x-ratelimit-limit-tokens': String(tokLimit),
      'x-ratelimit-remaining-tokens': String(Math.max(0, tokLimit - tokens.used() - extraTokens)),
    });
  };

  return {
    errorReply,
    classify: (_scheme, secret) => (secret === options.apiKey ? 'api-key' : 'unknown'),
    async handle(ex) {
      ex.replyHeaders['x-request-id'] = llamaRequestId(++replies);
      const surface = surfaceOf(ex.path);
      const base = surface === 'compat' ? '/compat/v1' : '/v1';
      const fail = (r: ErrorReply) => ex.sendJson(r.status, r.body, r.headers);
      setRateHeaders(ex, undefined);
      if (ex.method === 'GET' && (ex.path === `${base}/models` || ex.path.startsWith(`${base}/models/`))) {
        if (ex.bearer() !== options.apiKey)
          return fail(llamaError(surface, 401, 'Unauthorized', 'Invalid or missing API key.', 'invalid_api_key'));
        const id = decodeURIComponent(ex.path.slice(`${base}/models/`.length));
        const obj = (m: string) => ({ id: m, created: 1_745_000_000, object: 'model', owned_by: 'Meta' });
        if (ex.path === `${base}/models`)
          return ex.sendJson(200, { object: 'list', data: Object.keys(models).map(obj) });
        return models[id]
          ? ex.sendJson(200, obj(id))
          : fail(llamaError(surface, 404, 'Not Found', `Model not found: ${id}`, 'model_not_found'));
      }
      if (ex.method !== 'POST' || ex.path !== `${base}/chat/completions`) return;
      if ((ex.header('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
        return fail(llamaError(surface, 400, 'Bad Request', 'Unsupported Content-Type: send application/json.'));
      }
      if (ex.bearer() !== options.apiKey)
        return fail(llamaError(surface, 401, 'Unauthorized', 'Invalid or missing API key.', 'invalid_api_key'));
      const json = ex.jsonBody();
      if (!json.ok) return;
      const parsed = parseChat(json.value);
      if (!parsed.ok) return fail(llamaError(surface, 400, 'Bad Request', `Invalid request: ${parsed.message}`));
      const { model, input, stream } = parsed.value;
      if (!model) return fail(llamaError(surface, 400, 'Bad Request', 'Invalid request: model is required.'));
      const spec = models[model];
      if (!spec) return fail(llamaError(surface, 404, 'Not Found', `Model not found: ${model}`, 'model_not_found'));
      setRateHeaders(ex, spec);
      if (stream && options.requireSseAccept && !(ex.header('accept') ?? '').includes('text/event-stream')) {
        return fail(llamaError(surface, 400, 'Bad Request', 'Streaming requests must send Accept: text/event-stream.'));
      }
      const images = input.messages.flatMap((m) => m.images);
      if (images.length > 0 && !spec.vision)
        return fail(llamaError(surface, 400, 'Bad Request', `Model ${model} does not support image inputs.`));
      const bad = imageProblem(images);
      if (bad) return fail(llamaError(surface, 400, 'Bad Request', bad));
      if (!(await ex.admit())) return;
      setRateHeaders(ex, spec); // remaining counts include the request just admitted
      if (surface === 'compat') {
        tokens.add(serveChat(ex, model, parsed.value).usage.total);
        return;
      }
      const reply = respondChat(input);
      tokens.add(reply.usage.total);
      setRateHeaders(ex, spec);
      if (stream) ex.sendSse(nativeChunks(reply).map((c) => JSON.stringify(c)));
      else ex.sendJson(200, nativeCompletion(reply));
    },
  };
}
