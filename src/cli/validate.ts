// `assay validate`: report every problem in a config without calling any provider.

import { isKnownAssertionType } from '../assertions/registry.js';
import { ConfigErrors } from '../errors.js';
import { validateConfig } from '../suite/validate-suite.js';

export async function validateCommand(options: { config?: string[]; envFile?: string[] }): Promise<void> {
  const problems = await validateConfig({
    configPaths: options.config,
    cwd: process.cwd(),
    envFiles: options.envFile,
    isKnownAssertionType,
  });
  if (problems.length > 0) throw new ConfigErrors(problems);
  process.stdout.write('✓ Configuration is valid\n');
}
