// Shared setup for the Databricks provider tests: a provider env that points at the emulator and
// hides whatever DATABRICKS_* the machine has (including a real ~/.databrickscfg).

import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createProvider } from '../../../src/providers/registry.js';
import type { CallContext, Provider } from '../../../src/providers/types.js';
import type { RunningEmulators } from '../../../src/emulator/index.js';

/** Every variable the provider reads, blanked (an explicit '' masks the process env). */
export const BLANK_ENV: Record<string, string> = {
  DATABRICKS_WORKSPACE_URL: '',
  DATABRICKS_HOST: '',
  DATABRICKS_TOKEN: '',
  DATABRICKS_CLIENT_ID: '',
  DATABRICKS_CLIENT_SECRET: '',
  DATABRICKS_CONFIG_PROFILE: '',
  DATABRICKS_AUTH_TYPE: '',
  DATABRICKS_CONFIG_FILE: join(tmpdir(), 'assay-no-such-databrickscfg'),
};

/** Workspace URL and PAT from the emulator. */
export function patEnv(emu: RunningEmulators): Record<string, string> {
  const e = emu.env();
  return { ...BLANK_ENV, DATABRICKS_WORKSPACE_URL: e.DATABRICKS_WORKSPACE_URL!, DATABRICKS_TOKEN: e.DATABRICKS_TOKEN! };
}

/** Workspace URL and service principal credentials from the emulator (no PAT). */
export function oauthEnv(emu: RunningEmulators): Record<string, string> {
  const e = emu.env();
  return {
    ...BLANK_ENV,
    DATABRICKS_HOST: e.DATABRICKS_HOST!,
    DATABRICKS_CLIENT_ID: e.DATABRICKS_CLIENT_ID!,
    DATABRICKS_CLIENT_SECRET: e.DATABRICKS_CLIENT_SECRET!,
  };
}

export function build(
  id: string,
  config: Record<string, unknown>,
  env: Record<string, string | undefined>,
): Promise<Provider> {
  return createProvider({ id, config, env, basePath: process.cwd() });
}

export function contextWith(vars: Record<string, unknown> = {}, promptConfig?: Record<string, unknown>): CallContext {
  return { vars, prompt: { raw: '', label: 'p', config: promptConfig }, repeatIndex: 0 };
}

/** Requests the emulator received on a path (method optional). */
export function requestsTo(emu: RunningEmulators, path: string, method?: string) {
  return emu.databricks.requests.filter((r) => r.path === path && (!method || r.method === method));
}
