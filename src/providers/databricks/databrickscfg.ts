// Reads a profile from the Databricks CLI/SDK config file (~/.databrickscfg, INI), the same file
// and profile rules the Databricks SDKs use: DATABRICKS_CONFIG_FILE, DATABRICKS_CONFIG_PROFILE,
// `[__settings__] default_profile`, else [DEFAULT].

import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, errorMessage } from '../../errors.js';
import type { ProviderOptions } from '../types.js';
import { databricksEnv } from './config.js';

export interface DatabricksProfile {
  name: string;
  /** The file it came from, for messages. */
  file: string;
  host?: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
}

/** INI text → section name → keys (lower-cased). `;` and `#` start comments. */
export function parseIni(text: string): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      current = sections.get(header[1]!) ?? {};
      sections.set(header[1]!, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq === -1 || !current) continue;
    current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return sections;
}

export function configFilePath(options: Pick<ProviderOptions, 'env'>): string {
  const override = databricksEnv(options, 'DATABRICKS_CONFIG_FILE');
  if (override) return resolve(override.replace(/^~(?=$|[/\\])/, homedir()));
  return join(homedir(), '.databrickscfg');
}

/**
 * The selected profile, or undefined when no file exists and no profile was asked for.
 * A profile that was named (config.profile / DATABRICKS_CONFIG_PROFILE) but is missing is a ConfigError.
 */
export async function loadProfile(
  options: Pick<ProviderOptions, 'env' | 'id'>,
  requested: string | undefined,
): Promise<DatabricksProfile | undefined> {
  const named = requested || databricksEnv(options, 'DATABRICKS_CONFIG_PROFILE');
  const file = configFilePath(options);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (!named) return undefined;
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : errorMessage(err);
    throw new ConfigError(
      `Databricks profile "${named}" was requested for provider ${options.id} but ${file} could not be read: ${reason}. Create it with \`databricks configure\` or set DATABRICKS_CONFIG_FILE.`,
      { keyPath: 'config.profile' },
      'PROVIDER_CREDENTIALS',
    );
  }
  const sections = parseIni(text);
  const name = named || sections.get('__settings__')?.default_profile || 'DEFAULT';
  const keys = sections.get(name);
  if (!keys) {
    if (!named) return undefined;
    const known = [...sections.keys()].filter((s) => s !== '__settings__');
    throw new ConfigError(
      `Databricks profile "${named}" is not in ${file} (profiles there: ${known.length ? known.join(', ') : 'none'}). Fix config.profile / DATABRICKS_CONFIG_PROFILE or add a [${named}] section.`,
      { keyPath: 'config.profile' },
      'PROVIDER_CREDENTIALS',
    );
  }
  return {
    name,
    file,
    host: keys.host || undefined,
    token: keys.token || undefined,
    clientId: keys.client_id || undefined,
    clientSecret: keys.client_secret || undefined,
  };
}
