// streamResponse: `(accumulator, data, context) => [result, complete]`, called for every frame
// with a MessageEvent-shaped `data`. The call ends when a handler says complete.

import { ConfigError } from '../../errors.js';
import { compileFunction, type CompiledFunction } from '../../scripting/compile-function.js';
import type { ProviderResponse } from '../types.js';
import { describeValue, errorText, HandlerError, isThenable, toProviderResponse, type ReaderFactory } from './reply.js';

/** Compiles the configured handler (function, expression/body/function string, file://x.js[:fn]). */
export async function buildStreamReader(source: unknown, basePath: string, shownId: string): Promise<ReaderFactory> {
  const handler = await compile(source, basePath, shownId);
  return (context) => {
    // A fresh object per call, so handlers that read `accumulator.output` never see another call's state.
    const initial = {};
    let accumulator: unknown = initial;
    const settle = (returned: unknown): ProviderResponse | undefined => {
      if (!Array.isArray(returned) || returned.length < 2) {
        throw new HandlerError(
          `streamResponse must return [result, complete] (an array of two items) but returned ${describeValue(returned)}`,
        );
      }
      accumulator = returned[0];
      if (!returned[1]) return undefined;
      return completed(accumulator, initial);
    };
    return {
      onMessage: (event) => {
        let returned: unknown;
        try {
          returned = handler(accumulator, event, context, process);
        } catch (err) {
          throw new HandlerError(`streamResponse threw: ${errorText(err)}`);
        }
        if (!isThenable(returned)) return settle(returned);
        return Promise.resolve(returned).then(settle, (err: unknown) => {
          throw new HandlerError(`streamResponse threw: ${errorText(err)}`);
        });
      },
    };
  };
}

function completed(accumulator: unknown, initial: object): ProviderResponse {
  const response = accumulator === initial ? {} : toProviderResponse(accumulator);
  if (response.error === undefined && response.output === undefined) {
    throw new HandlerError(
      `streamResponse said complete but its result has no output (${describeValue(accumulator === initial ? undefined : accumulator)}); return [{ output: ... }, true]`,
    );
  }
  return response;
}

async function compile(source: unknown, basePath: string, shownId: string): Promise<CompiledFunction> {
  try {
    return await compileFunction(source, ['accumulator', 'data', 'context', 'process'], {
      basePath,
      what: 'streamResponse',
    });
  } catch (err) {
    throw new ConfigError(
      `WebSocket provider ${shownId}: ${errorText(err)}`,
      { keyPath: 'config.streamResponse' },
      'PROVIDER_CONFIG',
      {
        cause: err,
      },
    );
  }
}
