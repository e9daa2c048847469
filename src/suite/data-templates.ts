// Tests read from data files (CSV, JSON, YAML, generators) are data: their vars are never
// rendered, and their other fields (assertion values, metric names, provider configs) may use
// templates over vars but may not read `env`, so a shared tests file cannot copy a secret from the
// environment into a prompt, a grader request or an output file.

import { ConfigError } from '../errors.js';
import { joinKeyPath } from '../config/schema-issues.js';
import type { TestCase } from './types.js';

const TAG = /\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g;
const ENV_NAME = /(^|[^\w$.])env\b/;

/** One ConfigError per string outside `vars` whose template tags name `env`. */
export function findEnvTemplates(test: TestCase, location: { file?: string; keyPath: string }): ConfigError[] {
  const errors: ConfigError[] = [];
  const visit = (value: unknown, path: string, depth: number): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(TAG)) {
        if (!ENV_NAME.test(match[1] ?? match[2] ?? '')) continue;
        errors.push(new ConfigError('Templates in a tests file may not read `env` (a tests file is data). Move the value into the config, or reference a var instead.', { file: location.file, keyPath: joinKeyPath(location.keyPath, path) }));
        return;
      }
    } else if (value && typeof value === 'object' && depth < 50) {
      for (const [key, item] of Object.entries(value)) visit(item, path ? `${path}${Array.isArray(value) ? `[${key}]` : `.${key}`}` : key, depth + 1);
    }
  };
  for (const [key, value] of Object.entries(test)) if (key !== 'vars') visit(value, key, 0);
  return errors;
}
