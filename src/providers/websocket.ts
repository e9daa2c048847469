// `ws://…`, `wss://…`, or `websocket`/`ws`/`wss` with config.url: the WebSocket provider family.
// Validates the config and compiles handlers at build time so mistakes surface before any call.

import type { ProviderFactory } from './types.js';
import { parseSettings } from './websocket/config.js';
import { WebSocketProvider } from './websocket/provider.js';
import { redactUrl } from './websocket/redact-url.js';
import { buildStreamReader } from './websocket/stream-response.js';
import { buildTransformReader } from './websocket/transform.js';

export { WebSocketProvider } from './websocket/provider.js';
export { redactUrl } from './websocket/redact-url.js';
export type { WebSocketSettings } from './websocket/config.js';
export type { WebSocketMessageEvent } from './websocket/reply.js';

export const create: ProviderFactory = async (_rest, options) => {
  const settings = parseSettings(options);
  const shownId = redactUrl(settings.url);
  const readers =
    settings.streamResponse !== undefined
      ? await buildStreamReader(settings.streamResponse, options.basePath, shownId)
      : await buildTransformReader(settings.transformResponse, options.basePath, shownId);
  return new WebSocketProvider(settings, readers, {
    label: options.label,
    config: options.config,
    env: options.env ?? {},
  });
};
