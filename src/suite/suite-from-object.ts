// The library's way in: a config object (same keys as promptfooconfig.yaml) where prompts may be
// functions or Prompt objects and providers may be Provider objects, promptfoo-style `callApi`
// objects or functions.

import { combineConfigs } from '../config/merge.js';
import { Problems } from '../config/problems.js';
import { renderEnvDeep, resolveConfigEnv } from '../config/env-render.js';
import { configSchema } from '../config/schema.js';
import { checkShape } from '../config/schema-issues.js';
import type { CallContext, Provider } from '../providers/types.js';
import { buildSuite } from './build-suite.js';
import type { ChatMessage, EvaluateOptions, Prompt, PromptFunction, ProviderSpec, Suite, TestCase } from './types.js';

/** A provider written as a plain function, as promptfoo's library accepts. */
export type ProviderFunction = ((
  prompt: string,
  context: CallContext,
  options: { abortSignal?: AbortSignal },
) => unknown) & { label?: string };

/** A promptfoo-style provider object: `callApi` instead of `call`. */
export interface PromptfooStyleProvider {
  id?: string | (() => string);
  label?: string;
  config?: Record<string, unknown>;
  callApi(prompt: string, context: CallContext, options: { abortSignal?: AbortSignal }): unknown;
  callEmbeddingApi?(text: string): unknown;
}

export type ProviderInput =
  | string
  | ProviderSpec
  | Provider
  | PromptfooStyleProvider
  | ProviderFunction
  | Record<string, Omit<ProviderSpec, 'id'>>;

export type PromptInput =
  | string
  | PromptFunction
  | ChatMessage
  | ChatMessage[]
  | Partial<Pick<Prompt, 'id' | 'raw' | 'label' | 'config' | 'function'>>;

export interface SuiteInput {
  description?: string;
  prompts?: string | PromptInput[] | Record<string, string>;
  providers?: ProviderInput | ProviderInput[];
  /** Alias of providers. */
  targets?: ProviderInput | ProviderInput[];
  tests?: string | Array<string | TestCase | { path: string; config?: Record<string, unknown> }>;
  defaultTest?: string | TestCase;
  scenarios?: unknown[];
  evaluateOptions?: EvaluateOptions;
  outputPath?: string | string[];
  env?: Record<string, string | number | boolean>;
  nunjucksFilters?: Record<string, string | ((...args: never[]) => unknown)>;
  metadata?: Record<string, unknown>;
  tags?: Record<string, string>;
  /** Hook files: `file://hooks.js:beforeAll` (see promptfoo's extensions). */
  extensions?: string[];
}

/** Builds a Suite from an object. Relative file:// paths resolve against basePath. Throws ConfigError(s). */
export async function suiteFromObject(input: SuiteInput, basePath: string): Promise<Suite> {
  const problems = new Problems();
  const raw = input as unknown as Record<string, unknown>;
  const envBlock: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.env ?? {})) envBlock[key] = String(value);
  const { configEnv, templateEnv } = resolveConfigEnv(envBlock);
  const rendered = renderEnvDeep(raw, templateEnv);
  const checked = checkShape(configSchema, rendered, {});
  checked.errors.forEach((e) => problems.add(e));
  problems.throwIfAny();
  const combined = combineConfigs([{ config: checked.value as Record<string, unknown> }]);
  const suite = await buildSuite(
    { config: combined.config, raw, origins: combined.origins, basePath, configFiles: [], configEnv },
    problems,
  );
  problems.throwIfAny();
  return suite;
}
