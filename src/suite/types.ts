// The typed Suite the config loader produces and the runner consumes. Shapes follow
// promptfoo's config keys so an existing promptfooconfig.yaml maps onto them one to one.

import type { TemplateEngine } from '../template/engine.js';
import type { Provider } from '../providers/types.js';
import type { DerivedMetric } from './derived-metrics.js';

export type Vars = Record<string, unknown>;

export interface ChatMessage {
  role: string;
  content: unknown;
  [key: string]: unknown;
}

/** A prompt written as code: returns text or chat messages. */
export type PromptFunction = (context: { vars: Vars; provider?: { id: string; label?: string } }) => unknown;

export interface Prompt {
  /** Stable identity of the prompt text (a hash), used for cache keys and output files. */
  id: string;
  /** Template source. Chat prompts given as YAML/JSON files or inline messages are stored as JSON text. */
  raw: string;
  label: string;
  function?: PromptFunction;
  config?: Record<string, unknown>;
}

/** JS written in a config: an expression, a function body, a function string, `file://x.js[:fn]`, or a function. */
export type ScriptSource = string | ((...args: never[]) => unknown);

/** A grader or embedding provider named in an assertion or test options. */
export type GraderSpec =
  | string
  | Provider
  | ProviderSpec
  | {
      text?: string | ProviderSpec | Provider;
      embedding?: string | ProviderSpec | Provider;
      classification?: string | ProviderSpec | Provider;
    };

export interface AssertionDef {
  type: string;
  value?: unknown;
  threshold?: number;
  weight?: number;
  metric?: string;
  provider?: GraderSpec;
  transform?: ScriptSource;
  rubricPrompt?: unknown;
  config?: Record<string, unknown>;
}

export interface AssertionSetDef {
  type: 'assert-set';
  assert: AssertionDef[];
  threshold?: number;
  weight?: number;
  metric?: string;
  config?: Record<string, unknown>;
}

export type AssertionSpec = AssertionDef | AssertionSetDef;

export interface TestOptions {
  /** Output transform applied before assertions (promptfoo: `options.transform`). */
  transform?: ScriptSource;
  /** Grader for model-graded assertions. */
  provider?: GraderSpec;
  rubricPrompt?: unknown;
  prefix?: string;
  suffix?: string;
  runSerially?: boolean;
  storeOutputAs?: string;
  factuality?: Record<string, number>;
  /** `(vars, context) → object` merged over the test's vars, once per test before expansion. */
  transformVars?: ScriptSource;
  /** Keep list-valued vars as one value instead of one row per item. */
  disableVarExpansion?: boolean;
  [key: string]: unknown;
}

export interface TestCase {
  description?: string;
  vars?: Vars;
  assert?: AssertionSpec[];
  options?: TestOptions;
  threshold?: number;
  metadata?: Record<string, unknown>;
  /** Use this provider instead of the suite's for this test (promptfoo `provider`). */
  provider?: string | ProviderSpec | Provider;
  /** Skip the provider call and grade this output (promptfoo `providerOutput`). */
  providerOutput?: unknown;
  /** Only run these prompts (by label or id). */
  prompts?: string[];
  /** Only run these providers (by label or id). */
  providers?: string[];
  /** Replaces the row's aggregate verdict: `(namedScores, context) → GradingResult` (JS code or file://). */
  assertScoringFunction?: ScriptSource;
}

/** A provider entry as written in a config (object form). */
export interface ProviderSpec {
  id: string;
  label?: string;
  config?: Record<string, unknown>;
  prompts?: string[];
  transform?: ScriptSource;
  delay?: number;
  env?: Record<string, string>;
}

/** A built provider plus the per-entry settings that belong to the suite, not the adapter. */
export interface ProviderEntry {
  provider: Provider;
  label?: string;
  /** Prompt labels/ids this provider runs; undefined means all. */
  prompts?: string[];
  transform?: ScriptSource;
  delay?: number;
}

export interface EvaluateOptions {
  maxConcurrency?: number;
  repeat?: number;
  delay?: number;
  cache?: boolean;
  /** Per-step timeout in ms (0 or undefined: none). */
  timeoutMs?: number;
  /** Whole-eval timeout in ms. */
  maxEvalTimeMs?: number;
  /** Longest stored text (prompt, output, var) in bytes (default 4 MiB, or ASSAY_MAX_STORED_TEXT_BYTES). */
  maxStoredTextBytes?: number;
  showProgressBar?: boolean;
  /** false: do not record the eval in the store (`--no-write`). */
  write?: boolean;
}

export interface Suite {
  description?: string;
  /** Folder of the first config file; relative file:// paths resolve against it. */
  basePath: string;
  configFiles: string[];
  prompts: Prompt[];
  providers: ProviderEntry[];
  /** Tests with defaultTest already merged in; vars not yet expanded into combinations. */
  tests: TestCase[];
  defaultTest?: TestCase;
  evaluateOptions: EvaluateOptions;
  outputPath: string[];
  /** `env:` from the config, rendered; overlays process.env for templates and providers. */
  env: Record<string, string>;
  /** Likely mistakes found while loading (e.g. a misspelt key) that do not stop the run. */
  warnings?: string[];
  /** `derivedMetrics`, compiled; computed per column after each row. */
  derivedMetrics?: DerivedMetric[];
  /** This suite's template environment (env, filters, which var values are authored templates); built by buildSuite. */
  templates?: TemplateEngine;
  /** Providers named by tests and graders, built at load; keyed by providerSpecKey(spec). */
  testProviders?: ReadonlyMap<string, Provider>;
  /** Custom Nunjucks filters loaded from `nunjucksFilters`. */
  filters: Record<string, (...args: unknown[]) => unknown>;
  /** The merged raw config, for output files. Secrets must be redacted before writing. */
  config: Record<string, unknown>;
  /** `extensions:` hook references (`file://hooks.js:beforeAll`), run by the runner. */
  extensions?: string[];
}
