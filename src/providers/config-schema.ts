// Validates a provider's `config` against its zod schema and turns the first problem into a
// ConfigError that names the key (`config.temperature`), worded by the provider.

import type { z } from 'zod';
import { FEW_PARSES } from '../config/zod-fast-path.js';
import { ConfigError } from '../errors.js';

/** The parsed config, or a PROVIDER_CONFIG error whose text `describe` words from the key path and zod's message. */
export function parseProviderConfig<S extends z.ZodType>(
  schema: S,
  config: unknown,
  describe: (keyPath: string, message: string) => string,
): z.infer<S> {
  const parsed = schema.safeParse(config, FEW_PARSES);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const keyPath = ['config', ...issue.path.map(String)].join('.');
  throw new ConfigError(describe(keyPath, issue.message), { keyPath }, 'PROVIDER_CONFIG');
}
