// zod schemas for promptfoo-format configs. They check shapes and types only; meaning (file
// targets, provider ids, assertion types) is checked while the suite is built.

import * as z from 'zod';

type AnyFunction = (...args: never[]) => unknown;

const fn = z.custom<AnyFunction>((value) => typeof value === 'function', { message: 'expected a function' });
const record = z.record(z.string(), z.unknown());
const scriptSource = z.union([z.string(), fn]);
/** A provider object from library code; kept as the same instance so class methods survive. */
const providerInstance = z.custom<Record<string, unknown>>(
  (value) =>
    !!value &&
    typeof value === 'object' &&
    (typeof (value as Record<string, unknown>).call === 'function' ||
      typeof (value as Record<string, unknown>).callApi === 'function'),
);
const text = z.union([z.string(), z.number()]).transform(String);

export const assertionSchema: z.ZodType<Record<string, unknown>> = z.looseObject({
  type: z.string(),
  value: z.unknown().optional(),
  threshold: z.number().optional(),
  weight: z.number().optional(),
  metric: z.string().optional(),
  provider: z.unknown().optional(),
  transform: scriptSource.optional(),
  config: record.optional(),
  assert: z.array(z.lazy(() => assertionSchema)).optional(),
});

const testOptionsSchema = z.looseObject({
  transform: scriptSource.optional(),
  transformVars: scriptSource.optional(),
  prefix: z.string().optional(),
  suffix: z.string().optional(),
  runSerially: z.boolean().optional(),
  storeOutputAs: z.string().optional(),
  disableVarExpansion: z.boolean().optional(),
  disableDefaultAsserts: z.boolean().optional(),
});

/** Vars: an object, or YAML/JSON file paths whose objects are merged. */
const varsSchema = z.union([record, z.string(), z.array(z.string())]);

export const testCaseSchema = z.looseObject({
  description: text.optional(),
  vars: varsSchema.optional(),
  assert: z.array(assertionSchema).optional(),
  options: testOptionsSchema.optional(),
  threshold: z.number().optional(),
  metadata: record.optional(),
  provider: z.union([z.string(), providerInstance, record, fn]).optional(),
  providerOutput: z.unknown().optional(),
  prompts: z.array(z.string()).optional(),
  providers: z.array(z.string()).optional(),
  assertScoringFunction: scriptSource.optional(),
});

/** A test generator with a config: `{path: file://gen.js, config: {...}}`. */
const testGeneratorSchema = z.object({ path: z.string(), config: record.optional() });

const testItemSchema = z.union([z.string(), testCaseSchema, testGeneratorSchema]);

export const testsSchema = z.union([z.string(), z.array(testItemSchema), testGeneratorSchema]);

const chatMessageSchema = z.looseObject({ role: z.string(), content: z.unknown() });

const promptObjectSchema = z.looseObject({
  id: z.string().optional(),
  raw: z.string().optional(),
  label: z.string().optional(),
  config: record.optional(),
  function: fn.optional(),
});

const promptItemSchema = z.union([z.string(), fn, chatMessageSchema, z.array(chatMessageSchema), promptObjectSchema]);

export const promptsSchema = z.union([z.string(), z.array(promptItemSchema), z.record(z.string(), z.string())]);

const envValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

export const providerObjectSchema = z.looseObject({
  // A function id belongs to a provider object passed by library code.
  id: z.union([z.string(), fn]).optional(),
  label: z.string().optional(),
  config: record.optional(),
  prompts: z.array(z.string()).optional(),
  transform: scriptSource.optional(),
  delay: z.number().nonnegative().optional(),
  env: z.record(z.string(), envValue).optional(),
});

const providerItemSchema = z.union([z.string(), fn, providerInstance, providerObjectSchema]);

export const providersSchema = z.union([z.string(), fn, providerInstance, z.array(providerItemSchema)]);

const evaluateOptionsSchema = z.looseObject({
  maxConcurrency: z.number().int().positive().optional(),
  repeat: z.number().int().positive().optional(),
  delay: z.number().nonnegative().optional(),
  cache: z.boolean().optional(),
  timeoutMs: z.number().nonnegative().optional(),
  maxEvalTimeMs: z.number().nonnegative().optional(),
  maxStoredTextBytes: z.number().int().positive().optional(),
  showProgressBar: z.boolean().optional(),
  write: z.boolean().optional(),
});

const scenarioSchema = z.union([
  z.string(),
  z.looseObject({
    description: z.string().optional(),
    config: z.array(record),
    tests: z.union([z.string(), z.array(z.union([z.string(), testCaseSchema]))]),
  }),
]);

export const configSchema = z.looseObject({
  description: text.optional(),
  tags: z.record(z.string(), z.unknown()).optional(),
  prompts: promptsSchema.optional(),
  providers: providersSchema.optional(),
  targets: providersSchema.optional(),
  tests: testsSchema.optional(),
  defaultTest: z.union([z.string(), testCaseSchema]).optional(),
  scenarios: z.array(scenarioSchema).optional(),
  evaluateOptions: evaluateOptionsSchema.optional(),
  commandLineOptions: record.optional(),
  outputPath: z.union([z.string(), z.array(z.string())]).optional(),
  env: z.record(z.string(), envValue).optional(),
  nunjucksFilters: z.record(z.string(), z.union([z.string(), fn])).optional(),
  derivedMetrics: z.array(z.unknown()).optional(),
  extensions: z.array(z.string()).optional(),
  metadata: record.optional(),
  sharing: z.unknown().optional(),
  writeLatestResults: z.boolean().optional(),
});

export type ConfigShape = z.output<typeof configSchema>;
export type TestCaseShape = z.output<typeof testCaseSchema>;
