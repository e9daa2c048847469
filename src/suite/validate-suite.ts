// `assay validate`: every problem in a config at once (schema issues at all key paths, unknown
// provider ids and assertion types, missing file:// targets). Providers are built, never called.

import { ConfigError, errorMessage } from '../errors.js';
import { Problems, toConfigError } from '../config/problems.js';
import { loadWith, type LoadSuiteOptions } from './load-suite.js';

export async function validateConfig(options: LoadSuiteOptions): Promise<ConfigError[]> {
  // validate is a linter: likely mistakes that eval only warns about are problems here.
  const problems = new Problems(true);
  try {
    const suite = await loadWith(options, problems, true);
    await Promise.all((suite?.providers ?? []).map((entry) => entry.provider.close?.().catch(() => undefined)));
  } catch (err) {
    // Building on top of a config with schema problems may fail in ways those problems explain.
    if (problems.empty || err instanceof ConfigError) problems.add(toConfigError(err, {}));
    else if (!(err instanceof TypeError)) problems.add(new ConfigError(errorMessage(err)));
  }
  return problems.errors;
}
