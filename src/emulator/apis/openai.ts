// Emulated OpenAI API: /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/moderations, /v1/models with
// Bearer keys, OpenAI's error envelope, x-ratelimit-* headers and SSE.

import { randomUUID } from 'node:crypto';
import { openaiModels, type ModelSpec } from '../known-models.js';
import type { ApiBehaviour } from '../server/api-server.js';
import type { ErrorReply, Exchange, GenericError } from '../server/exchange.js';
import { parseChat, parseCompletion, parseEmbedding } from '../wire/openai-request.js';
import { serveChat, serveCompletion, serveEmbeddings } from '../wire/openai-serve.js';
import { moderationReply } from './openai-moderation.js';

export interface OpenAiApiOptions {
  apiKey: string;
  models?: Record<string, ModelSpec>;
}

export function openAiError(
  status: number,
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
): ErrorReply {
  return { status, body: { error: { message, type, param, code } } };
}

export function openAiGenericError(error: GenericError, ex: Exchange): ErrorReply {
  switch (error.kind) {
    case 'rate_limited': {
      const r = openAiError(
        429,
        `Rate limit reached for requests. Please try again in ${error.retryAfterSec}s.`,
        'requests',
        'rate_limit_exceeded',
      );
      return {
        ...r,
        headers: { 'retry-after': String(error.retryAfterSec), 'retry-after-ms': String(error.retryAfterSec * 1000) },
      };
    }
    case 'server_error':
      return openAiError(
        error.status,
        'The server had an error while processing your request. Sorry about that!',
        'server_error',
        null,
      );
    case 'invalid_json':
      return openAiError(
        400,
        `We could not parse the JSON body of your request. (HINT: ${error.detail})`,
        'invalid_request_error',
        null,
      );
    case 'too_large':
      return openAiError(413, 'The request body is too large.', 'invalid_request_error', null);
    case 'internal':
      return openAiError(500, 'The emulator failed while handling the request.', 'server_error', null);
    case 'not_found':
      return openAiError(404, `Invalid URL (${ex.method} ${ex.path})`, 'invalid_request_error', null);
  }
}

export function createOpenAiApi(options: OpenAiApiOptions): ApiBehaviour {
  const models = options.models ?? openaiModels;
  const rateHeaders = (ex: Exchange): Record<string, string> => {
    const limit = ex.limiterPerMinute() || 10_000;
    return {
      'x-request-id': `req_${randomUUID().replace(/-/g, '')}`,
      'x-ratelimit-limit-requests': String(limit),
      'x-ratelimit-remaining-requests': String(Math.max(0, limit - ex.limiterUsed())),
    };
  };

  return {
    classify: (_scheme, secret) => (secret === options.apiKey ? 'api-key' : 'unknown'),
    errorReply: openAiGenericError,
    async handle(ex) {
      const key = ex.bearer();
      if (ex.method === 'GET' && ex.path.startsWith('/v1/models')) {
        if (key !== options.apiKey) return void send(ex, authError(key));
        const id = decodeURIComponent(ex.path.slice('/v1/models/'.length));
        if (ex.path === '/v1/models')
          return ex.sendJson(200, { object: 'list', data: Object.keys(models).map(modelObject) });
        return models[id] ? ex.sendJson(200, modelObject(id)) : send(ex, notFound(id));
      }
      if (ex.method === 'POST' && ex.path === '/v1/moderations') {
        if (key !== options.apiKey) return send(ex, authError(key));
        const json = ex.jsonBody();
        if (!json.ok) return;
        if (!(await ex.admit())) return;
        const reply = moderationReply(json.value);
        return reply.ok
          ? ex.sendJson(200, reply.value)
          : send(ex, openAiError(400, reply.message, 'invalid_request_error', null, reply.param));
      }
      const route = {
        '/v1/chat/completions': 'chat',
        '/v1/completions': 'completions',
        '/v1/embeddings': 'embeddings',
      }[ex.path];
      if (ex.method !== 'POST' || !route) return;
      if (key !== options.apiKey) return send(ex, authError(key));
      const json = ex.jsonBody();
      if (!json.ok) return;
      const model = (json.value as { model?: unknown } | null)?.model;
      if (typeof model !== 'string' || !model)
        return send(ex, openAiError(400, 'you must provide a model parameter', 'invalid_request_error', null, 'model'));
      const spec = models[model];
      if (!spec) return send(ex, notFound(model));
      if (spec.task !== route)
        return send(
          ex,
          openAiError(
            404,
            `This is not a ${route === 'chat' ? 'chat' : route} model and thus not supported in the v1/${route === 'chat' ? 'chat/completions' : route} endpoint.`,
            'invalid_request_error',
            null,
            'model',
          ),
        );
      Object.assign(ex.replyHeaders, rateHeaders(ex));
      if (!(await ex.admit())) return;
      // Like the real API, remaining counts include the request just admitted.
      ex.replyHeaders['x-ratelimit-remaining-requests'] = String(
        Math.max(0, (ex.limiterPerMinute() || 10_000) - ex.limiterUsed()),
      );
      if (route === 'chat') {
        const parsed = parseChat(json.value);
        if (!parsed.ok)
          return send(ex, openAiError(400, `Invalid request: ${parsed.message}`, 'invalid_request_error', null));
        serveChat(ex, model, parsed.value);
      } else if (route === 'completions') {
        const parsed = parseCompletion(json.value);
        if (!parsed.ok)
          return send(ex, openAiError(400, `Invalid request: ${parsed.message}`, 'invalid_request_error', null));
        serveCompletion(ex, model, parsed.value);
      } else {
        const parsed = parseEmbedding(json.value);
        if (!parsed.ok)
          return send(
            ex,
            openAiError(400, `Invalid request: ${parsed.message}`, 'invalid_request_error', null, 'input'),
          );
        serveEmbeddings(ex, model, parsed.value.input, parsed.value.dimensions ?? spec.dimensions ?? 1536);
      }
    },
  };
}

function send(ex: Exchange, reply: ErrorReply): void {
  ex.sendJson(reply.status, reply.body, reply.headers);
}

// Unlike the real API, the message never echoes key fragments: Assay shows provider messages to users.
function authError(key: string | undefined): ErrorReply {
  if (!key) {
    return openAiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      'invalid_request_error',
      null,
    );
  }
  return openAiError(
    401,
    'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
    'invalid_request_error',
    'invalid_api_key',
  );
}

function notFound(model: string): ErrorReply {
  return openAiError(
    404,
    `The model \`${model}\` does not exist or you do not have access to it.`,
    'invalid_request_error',
    'model_not_found',
  );
}

function modelObject(id: string) {
  return { id, object: 'model', created: 1_700_000_000, owned_by: 'assay-emulator' };
}
