// transformResponse: turns the first reply frame into the call's response. Accepts an expression
// (`data.output`), a function body, a function-expression string, a function, or file://x.js[:fn].

import { ConfigError } from '../../errors.js';
import { compileFunction, type CompiledFunction } from '../../scripting/compile-function.js';
import type { ProviderResponse } from '../types.js';
import {
  describeValue,
  errorText,
  HandlerError,
  isThenable,
  parsePayload,
  toProviderResponse,
  type ReaderFactory,
  type WebSocketMessageEvent,
} from './reply.js';

/** Compiles the configured transform; without one the whole (parsed) reply is the output. */
export async function buildTransformReader(source: unknown, basePath: string, shownId: string): Promise<ReaderFactory> {
  const transform = source === undefined ? undefined : await compile(source, basePath, shownId);
  return (context) => ({
    onMessage: (event) => {
      const data = parsePayload(event.data);
      // Without a transform the whole reply is the output, even when it looks like a response.
      if (!transform) return finish({ output: data }, event);
      let result: unknown;
      try {
        result = transform(data, context, process);
      } catch (err) {
        throw new HandlerError(`transformResponse threw: ${errorText(err)}`);
      }
      if (!isThenable(result)) return finish(result, event);
      return Promise.resolve(result).then(
        (value) => finish(value, event),
        (err: unknown) => {
          throw new HandlerError(`transformResponse threw: ${errorText(err)}`);
        },
      );
    },
  });
}

function finish(value: unknown, event: WebSocketMessageEvent): ProviderResponse {
  const response = toProviderResponse(value);
  if (response.error === undefined && response.output === undefined) {
    throw new HandlerError(
      `transformResponse returned no output (undefined) for the reply ${describeValue(event.data)}; check the expression matches the reply's shape`,
    );
  }
  return response;
}

async function compile(source: unknown, basePath: string, shownId: string): Promise<CompiledFunction> {
  try {
    return await compileFunction(source, ['data', 'context', 'process'], {
      basePath,
      what: 'transformResponse',
      pythonDefault: 'get_transform',
    });
  } catch (err) {
    throw new ConfigError(
      `WebSocket provider ${shownId}: ${errorText(err)}`,
      { keyPath: 'config.transformResponse' },
      'PROVIDER_CONFIG',
      {
        cause: err,
      },
    );
  }
}
