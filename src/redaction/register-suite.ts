// Feeds the secret registry from a loaded suite before anything runs: credential env variables
// (process and suite `env:`), secret-named fields and header values in every provider's config.

import type { Suite } from '../suite/types.js';
import { registerConfigSecrets, registerEnvSecrets } from './secret-registry.js';

export function registerSuiteSecrets(suite: Pick<Suite, 'env' | 'providers' | 'config'>): void {
  registerEnvSecrets(process.env);
  registerEnvSecrets(suite.env);
  // The config as written may hold a literal key; the built provider's config is the rendered one.
  registerConfigSecrets(suite.config);
  for (const entry of suite.providers) registerConfigSecrets(entry.provider.config);
}
