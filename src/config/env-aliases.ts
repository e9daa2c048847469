// promptfoo's environment variables as aliases of Assay's, so a CI job that already sets
// PROMPTFOO_CACHE_PATH, PROMPTFOO_DELAY_MS, PROMPTFOO_PYTHON, … keeps working. An ASSAY_* value
// that is set always wins; the alias only fills it in.

/** ASSAY_* name → the promptfoo name that stands in for it. */
export const PROMPTFOO_ENV_ALIASES: Readonly<Record<string, string>> = {
  ASSAY_CACHE_PATH: 'PROMPTFOO_CACHE_PATH',
  ASSAY_CACHE_TTL: 'PROMPTFOO_CACHE_TTL',
  ASSAY_CACHE_ENABLED: 'PROMPTFOO_CACHE_ENABLED',
  // promptfoo's per-step timeout and whole-eval timeout.
  ASSAY_EVAL_TIMEOUT_MS: 'PROMPTFOO_EVAL_TIMEOUT_MS',
  ASSAY_MAX_EVAL_TIME_MS: 'PROMPTFOO_MAX_EVAL_TIME_MS',
  ASSAY_MAX_CONCURRENCY: 'PROMPTFOO_MAX_CONCURRENCY',
  ASSAY_DELAY_MS: 'PROMPTFOO_DELAY_MS',
  ASSAY_PYTHON: 'PROMPTFOO_PYTHON',
  ASSAY_PASS_RATE_THRESHOLD: 'PROMPTFOO_PASS_RATE_THRESHOLD',
  ASSAY_DISABLE_VAR_EXPANSION: 'PROMPTFOO_DISABLE_VAR_EXPANSION',
  ASSAY_CSV_DELIMITER: 'PROMPTFOO_CSV_DELIMITER',
  ASSAY_CSV_STRICT: 'PROMPTFOO_CSV_STRICT',
};

/** Copies each set PROMPTFOO_* value to its unset ASSAY_* name. Idempotent. */
export function applyPromptfooEnvAliases(env: NodeJS.ProcessEnv = process.env): void {
  for (const [assay, promptfoo] of Object.entries(PROMPTFOO_ENV_ALIASES)) {
    if (env[assay] === undefined && env[promptfoo] !== undefined) env[assay] = env[promptfoo];
  }
}
