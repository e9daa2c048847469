// Builds a Suite from a merged, validated config: prompts, providers, defaultTest, tests,
// filters and options, with CLI overrides applied. Shared by the CLI loader, the library API and
// `validate`; every problem is recorded in `problems` with its file and key path.

import { editDistance } from '../text/edit-distance.js';
import { AssayError, ConfigError } from '../errors.js';
import { parseFileReference } from '../scripting/load-module.js';
import { isDeepStrictEqual } from 'node:util';
import { readDataFile, requireFile, resolveRefPath } from '../config/file-ref.js';
import { listWithPaths, type CombinedConfig, type Origin } from '../config/merge.js';
import type { Problems } from '../config/problems.js';
import { testCaseSchema } from '../config/schema.js';
import { checkShape } from '../config/schema-issues.js';
import { isKnownAssertionType as isRegisteredAssertionType } from '../assertions/registry.js';
import { TemplateEngine } from '../template/engine.js';
import { withTemplateEngine } from '../template/environment.js';
import { compileDerivedMetrics } from './derived-metrics.js';
import { FileChecker } from './file-checks.js';
import { loadFilters } from './filters.js';
import { buildPrompts, DEFAULT_PROMPT } from './prompts.js';
import { buildProviders, draftProviders, selectProviders } from './providers.js';
import { expandScenarios } from './scenarios.js';
import { ProviderSpecCollector } from './test-provider-specs.js';
import { readTestFiles } from './test-files.js';
import { checkAssertionTypes, expandTestEntries, finalizeTests, normaliseVars, varTexts } from './tests.js';
import type { EvaluateOptions, Suite, TestCase } from './types.js';

type Raw = Record<string, unknown>;

/** Values given on the command line that replace or extend the config's. */
export interface SuiteOverrides {
  prompts?: string[];
  providers?: string[];
  tests?: string;
  outputPath?: string[];
  description?: string;
  vars?: Record<string, string>;
  grader?: string;
  promptPrefix?: string;
  promptSuffix?: string;
}

export interface BuildInput {
  config: Raw;
  raw: Raw;
  origins: CombinedConfig['origins'];
  basePath: string;
  configFiles: string[];
  configEnv: Record<string, string>;
  /** The first config file as the user named it, for errors about suite-wide keys. */
  mainFile?: string;
  /** Folder that override paths (`--prompts`, `--tests`) resolve against. */
  cwd?: string;
  overrides?: SuiteOverrides;
  isKnownAssertionType?: (type: string) => boolean;
}

/**
 * The validated tests, except that each test equal to the one written in the config is the
 * config's own object: the suite keeps the config as written (for output files), so a suite of
 * 50,000 inline tests then holds them once instead of twice. Nothing edits a test in place.
 */
function shareUnchanged(validated: unknown, written: unknown): unknown {
  if (!Array.isArray(validated) || !Array.isArray(written) || validated.length !== written.length) return validated;
  return validated.map((test: unknown, i) => (isDeepStrictEqual(test, written[i]) ? written[i] : test));
}

function entries(value: unknown, key: string, origins: Origin[]): Array<{ item: unknown; origin: Origin }> {
  return listWithPaths(value, key).map(({ item, keyPath }, i) => ({ item, origin: origins[i] ?? { keyPath } }));
}

export async function buildSuite(input: BuildInput, problems: Problems): Promise<Suite> {
  const filters = await loadFilters(
    input.config.nunjucksFilters as Raw | undefined,
    input.basePath,
    problems,
    input.mainFile,
  );
  // This suite's own template environment: its env and filters, seen by nothing else in the process.
  const templates = new TemplateEngine({ env: { ...process.env, ...input.configEnv }, filters });
  return withTemplateEngine(templates, () => buildWithTemplates(input, problems, templates, filters));
}

async function buildWithTemplates(
  input: BuildInput,
  problems: Problems,
  templates: TemplateEngine,
  filters: Suite['filters'],
): Promise<Suite> {
  const { config, basePath, overrides = {}, mainFile } = input;
  const cwd = input.cwd ?? basePath;
  // The CLI and the library check assertion types the same way: against the assertions registry.
  const isKnownAssertionType = input.isKnownAssertionType ?? isRegisteredAssertionType;
  const trustVars = (vars: TestCase['vars']) => templates.trustVarTemplates(varTexts(vars ?? {}));

  const promptEntries = overrides.prompts?.length
    ? overrides.prompts.map((item, i) => ({ item, origin: { keyPath: `--prompts[${i}]` } }))
    : entries(config.prompts, 'prompts', input.origins.prompts);
  const prompts = await buildPrompts(
    promptEntries.length ? promptEntries : [{ item: DEFAULT_PROMPT, origin: { keyPath: 'prompts' } }],
    overrides.prompts?.length ? cwd : basePath,
    problems,
  );

  let drafts = draftProviders(entries(config.providers, 'providers', input.origins.providers), basePath, problems);
  if (overrides.providers?.length) drafts = selectProviders(drafts, overrides.providers);
  if (drafts.length === 0 && problems.empty) {
    // `provider:` (singular) is only a warning on its own, but here it is why nothing would run.
    const misspelt = Object.keys(input.raw).find(
      (key) => key !== 'providers' && editDistance(key.toLowerCase(), 'providers') <= 2,
    );
    problems.add(
      misspelt
        ? new ConfigError(
            `No providers configured: the config has \`${misspelt}:\`. Did you mean \`providers:\`? Rename the key (it takes a list of provider ids or objects).`,
            { file: mainFile, keyPath: misspelt },
          )
        : new ConfigError(
            'No providers configured. Add one under `providers:` (for an offline try, `providers: [echo]`) or pass --providers.',
            { file: mainFile, keyPath: 'providers' },
          ),
    );
  }
  const providers = await buildProviders(drafts, basePath, input.configEnv, problems);

  const checker = new FileChecker(basePath);
  const defaultTest = loadDefaultTest(config, { ...input, isKnownAssertionType }, problems, checker, trustVars);

  const testEntries = overrides.tests
    ? await readTestsOverride(overrides.tests, cwd, problems)
    : await expandTestEntries(
        entries(shareUnchanged(config.tests, input.raw.tests), 'tests', input.origins.tests),
        basePath,
        problems,
      );
  testEntries.push(...(await expandScenarios(config.scenarios as unknown[] | undefined, basePath, problems, mainFile)));
  const hadTests = config.tests !== undefined || config.scenarios !== undefined || overrides.tests !== undefined;
  if (!hadTests) testEntries.push({ test: {}, origin: { file: mainFile, keyPath: 'tests' }, fromFile: false });
  const namedProviders = new ProviderSpecCollector(providers);
  if (defaultTest) namedProviders.addTest(defaultTest, { file: mainFile, keyPath: 'defaultTest' });
  const noteTest = namedProviders.addTest.bind(namedProviders);
  const tests = finalizeTests(testEntries, {
    basePath,
    problems,
    defaultTest,
    checker,
    isKnownAssertionType,
    trustVars,
    noteTest,
  });
  const testProviders = await namedProviders.build(basePath, input.configEnv, problems);

  const outputPath = overrides.outputPath ?? config.outputPath;
  const description = overrides.description ?? (config.description as string | undefined);
  const suite: Suite = {
    basePath,
    configFiles: input.configFiles,
    prompts,
    providers,
    tests,
    evaluateOptions: { ...(config.evaluateOptions as EvaluateOptions | undefined) },
    outputPath:
      outputPath === undefined ? [] : Array.isArray(outputPath) ? outputPath.map(String) : [String(outputPath)],
    env: input.configEnv,
    filters,
    config: input.raw,
    templates,
    testProviders,
  };
  if (description !== undefined) suite.description = description;
  if (defaultTest) suite.defaultTest = defaultTest;
  if (Array.isArray(config.extensions) && config.extensions.length) {
    suite.extensions = config.extensions.map(String);
    checkExtensionFiles(suite.extensions, basePath, problems, mainFile);
  }
  try {
    const derived = compileDerivedMetrics(config.derivedMetrics, mainFile);
    if (derived.length) suite.derivedMetrics = derived;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.add(err);
  }
  return suite;
}

/** Hook files are loaded when the run starts; a wrong path is found at load, like other files. */
function checkExtensionFiles(refs: string[], basePath: string, problems: Problems, mainFile: string | undefined): void {
  refs.forEach((ref, index) => {
    const location = { file: mainFile, keyPath: `extensions[${index}]` };
    if (!ref.startsWith('file://')) {
      problems.add(
        new ConfigError(
          `extensions entry "${ref}" must be a file reference such as file://hooks.js:beforeAll`,
          location,
        ),
      );
      return;
    }
    try {
      requireFile(resolveRefPath(parseFileReference(ref).path, basePath), location, 'Extension file');
    } catch (err) {
      problems.addThrown(err, location);
    }
  });
}

async function readTestsOverride(ref: string, cwd: string, problems: Problems) {
  try {
    return await readTestFiles(ref, cwd);
  } catch (err) {
    if (err instanceof AssayError && err.code === 'FILE_NOT_FOUND') {
      // --tests resolves against the current folder, not the config's: say which path was tried.
      const tried = resolveRefPath(ref, cwd);
      problems.add(
        new ConfigError(
          `Tests file not found: ${tried} (from --tests ${ref}, resolved against the current folder ${cwd}). Check the path.`,
          { keyPath: '--tests' },
          'FILE_NOT_FOUND',
        ),
      );
      return [];
    }
    problems.addThrown(err, { keyPath: '--tests' });
    return [];
  }
}

/** defaultTest from the config (object or file://), with config metadata and CLI values folded in. */
function loadDefaultTest(
  config: Raw,
  input: BuildInput,
  problems: Problems,
  checker: FileChecker,
  trustVars: (vars: TestCase['vars']) => void,
): TestCase | undefined {
  const { overrides = {}, mainFile, basePath } = input;
  let base: TestCase | undefined;
  const given = config.defaultTest;
  if (typeof given === 'string') {
    const absolute = resolveRefPath(given, basePath);
    try {
      requireFile(absolute, { file: mainFile, keyPath: 'defaultTest' }, 'defaultTest file');
      const checked = checkShape(testCaseSchema, readDataFile(absolute), { file: absolute });
      checked.errors.forEach((e) => problems.add(e));
      base = checked.value as TestCase | undefined;
    } catch (err) {
      problems.addThrown(err, { file: mainFile, keyPath: 'defaultTest' });
    }
  } else if (given && typeof given === 'object') {
    base = given as TestCase;
    if (base.vars && typeof base.vars === 'object' && !Array.isArray(base.vars)) trustVars(base.vars);
  }
  const extra: TestCase = {};
  if (config.metadata) extra.metadata = config.metadata as Raw;
  const options: Raw = {};
  if (overrides.promptPrefix !== undefined) options.prefix = overrides.promptPrefix;
  if (overrides.promptSuffix !== undefined) options.suffix = overrides.promptSuffix;
  if (overrides.grader !== undefined) options.provider = overrides.grader;
  if (Object.keys(options).length) extra.options = options;
  if (overrides.vars && Object.keys(overrides.vars).length) {
    extra.vars = overrides.vars;
    trustVars(overrides.vars);
  }
  if (!base && !Object.keys(extra).length) return undefined;
  // Config metadata sits under the user's defaultTest; CLI values win over both.
  const merged: TestCase = { ...base };
  if (extra.metadata) merged.metadata = { ...extra.metadata, ...base?.metadata };
  if (extra.options) merged.options = { ...base?.options, ...extra.options };
  if (extra.vars) merged.vars = { ...base?.vars, ...extra.vars };
  const location = { file: mainFile, keyPath: 'defaultTest' };
  try {
    Object.assign(merged, normaliseVars(merged, basePath, new Map(), location));
  } catch (err) {
    problems.addThrown(err, { file: mainFile, keyPath: 'defaultTest.vars' });
  }
  checkAssertionTypes(merged.assert, location, {
    basePath,
    problems,
    checker,
    isKnownAssertionType: input.isKnownAssertionType,
  });
  for (const e of checker.checkTest(merged, location)) problems.add(e);
  return merged;
}
