// `https://…`, `http://…`, or `http`/`https` with config.url: the generic HTTP provider for testing
// one's own app. Compiles the transforms at build time so mistakes surface before any request.

import { ConfigError, errorMessage } from '../errors.js';
import { compileFunction } from '../scripting/compile-function.js';
import { parseHttpSettings } from './http/config.js';
import { HttpProvider, type HttpHandlers } from './http/provider.js';
import type { ResponseTransform } from './http/response.js';
import type { ProviderFactory, ProviderOptions } from './types.js';
import { redactUrl } from './websocket/redact-url.js';

export { HttpProvider } from './http/provider.js';

export const create: ProviderFactory = async (_rest, options) => {
  const settings = parseHttpSettings(options);
  const compile = async (
    key: string,
    source: unknown,
    params: string[],
  ): Promise<((...args: unknown[]) => unknown) | undefined> => {
    if (source === undefined) return undefined;
    try {
      return await compileFunction(source, params, { basePath: options.basePath, what: key });
    } catch (err) {
      throw new ConfigError(
        `HTTP provider ${redactUrl(settings.url)}: ${errorMessage(err)}`,
        { keyPath: `config.${key}` },
        'PROVIDER_CONFIG',
        { cause: err },
      );
    }
  };
  const transformRequest = await compile('transformRequest', settings.transformRequest, ['prompt', 'vars', 'context']);
  const transformResponse = await compile('transformResponse', settings.transformResponse, ['json', 'text', 'context']);
  const validateStatus = await compile('validateStatus', settings.validateStatus, ['status']);
  const handlers: HttpHandlers = {
    transformRequest: transformRequest as HttpHandlers['transformRequest'],
    transformResponse: transformResponse as ResponseTransform | undefined,
    validateStatus: validateStatus ? (status) => Boolean(validateStatus(status)) : undefined,
  };
  return new HttpProvider(
    settings,
    handlers,
    { id: options.id, label: options.label, config: options.config },
    envFor(options),
  );
};

function envFor(options: ProviderOptions): Record<string, string | undefined> {
  return { ...process.env, ...options.env };
}
