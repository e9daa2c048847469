#!/usr/bin/env node
// The `assay` command: argument parsing only. Each command's module is imported when it runs,
// so `assay eval` never loads the emulator and `--help` loads nothing but commander.

import { Command, Option } from 'commander';
import nodeModule from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { AssayError } from '../errors.js';
import { reportFatal } from './report-error.js';
// Assay's own version from its package.json; not $npm_package_version, which under `npm run` or
// `npx` in another project is that project's.
import { assayVersion } from '../results/sinks/file-metadata.js';
import { errorLine } from './console-lines.js';
import { applyPromptfooEnvAliases } from '../config/env-aliases.js';
import { registerLazyCommands } from './command-registry.js';
import { holdYoungGeneration } from './young-generation.js';

/** Assay's version, written into the command's bundle from package.json (scripts/bundle-cli.mjs). */
declare const ASSAY_BUNDLED_VERSION: string | undefined;

// A run allocates short-lived objects per cell; with V8's default heap growth they pile up as
// garbage in old space (a 10,000-test suite peaked near 170 MB, with ~20 MB live). Growing old
// space by a fixed 15% over what survives a collection keeps that peak near 125 MB. (It was
// --optimize-for-size: ~108 MB, but it cost ~15% of a run's CPU, mostly in the collector.)
setFlagsFromString('--heap-growing-percent=15');
// Loading a large suite would grow the young generation to its 32 MB maximum (young-generation.ts).
holdYoungGeneration();
// V8's code cache for the modules loaded from here on (Node 22.1+, in os.tmpdir()/node-compile-cache
// unless NODE_COMPILE_CACHE says otherwise); on Node 20 the function is absent and this does nothing.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// PROMPTFOO_* variables a CI job already sets stand in for the ASSAY_* ones.
applyPromptfooEnvAliases();

const program = new Command('assay')
  .description('Evaluate LLM prompts and apps: every prompt x every provider x every test, graded by assertions.')
  // The bundle knows its version: it need not look for package.json on every start.
  .version(
    typeof ASSAY_BUNDLED_VERSION === 'string' ? ASSAY_BUNDLED_VERSION : assayVersion(),
    '-V, --version',
    'print the version',
  )
  .option('--verbose', 'print stack traces and debug details')
  .showHelpAfterError('(run with --help for usage)')
  // Commander's own usage errors ("error: unknown option …") in the style of every other error line.
  .configureOutput({
    outputError: (text, write) =>
      write(text.startsWith('error: ') ? errorLine(text.slice('error: '.length).replace(/\n$/, '')) : text),
  });

const collect = (value: string, previous: string[] = []) => [...previous, value];
const integer =
  (name: string, min = 0) =>
  (value: string) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
      throw new AssayError(
        'USAGE',
        `${name} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, got "${value}"`,
      );
    }
    return parsed;
  };
const percent = (value: string) => {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed))
    throw new AssayError('USAGE', `--pass-rate-threshold must be a number (a percentage such as 90), got "${value}"`);
  return parsed;
};

program
  .command('eval', { isDefault: true })
  .description('run an eval: every prompt against every provider for every test')
  .option(
    '-c, --config <paths...>',
    'config file(s) or folder(s) (default: promptfooconfig.yaml in the current folder)',
  )
  .option(
    '-o, --output <paths...>',
    'write results; format by extension: .json .jsonl .csv .html .xml (JUnit) .yaml .txt (YAML, as promptfoo) .assay (shard file for assay merge)',
  )
  .option('-p, --prompts <paths...>', 'prompt files that replace the config prompts')
  .option(
    '-r, --providers <ids...>',
    'providers to run: a config provider with this id or label, else a new one with this id',
  )
  .option('-t, --tests <path>', 'tests file (CSV, YAML, JSON, JSONL) that replaces the config tests')
  .option('-j, --max-concurrency <n>', 'cells run at once (default 4)', integer('--max-concurrency', 1))
  .option('--repeat <n>', 'run each test this many times; each repeat is its own row', integer('--repeat', 1))
  .option('--delay <ms>', 'pause after each uncached provider call (forces -j 1)', integer('--delay'))
  .option('--timeout <ms>', 'per-cell timeout; a cell that takes longer is an error', integer('--timeout'))
  .option(
    '--max-eval-time <ms>',
    'stop the whole eval after this long, keeping what completed',
    integer('--max-eval-time'),
  )
  .option('--no-cache', 'do not read or write the response cache')
  .option('--filter-pattern <regex>', 'only tests whose description matches')
  .option('-n, --filter-first-n <n>', 'only the first N tests', integer('--filter-first-n'))
  .option('--filter-providers <regex>', 'only providers whose id or label matches')
  .option('--filter-targets <regex>', 'alias of --filter-providers')
  .option('--filter-prompts <regex>', 'only prompts whose label or id matches')
  .option('--var <key=value>', "a default var for every test; a test's own vars win (repeatable)", collect)
  .option('--grader <provider>', 'default grader for model-graded assertions')
  .option('--prompt-prefix <text>', 'text added before every prompt')
  .option('--prompt-suffix <text>', 'text added after every prompt')
  .option('--description <text>', 'description of this eval run')
  .option('--env-file <paths...>', '.env files to load (default: .env in the current folder)')
  .option('--env-path <paths...>', "alias of --env-file (promptfoo's name)")
  .option(
    '--filter-metadata <key=value>',
    'only tests whose metadata key contains value (repeatable; all must match)',
    collect,
  )
  .option('--filter-failing <results.json>', 'only tests that failed or errored in that earlier results file')
  .option('--filter-errors-only <results.json>', 'only tests that errored in that earlier results file')
  .option('--filter-sample <n>', 'a random sample of N tests', integer('--filter-sample', 1))
  .option('-w, --watch', 're-run when the config, prompts or tests change')
  .option('--share', "promptfoo's sharing: not supported by Assay (a notice is printed and the eval runs)")
  .option('--no-share', 'accepted for promptfoo scripts (Assay never uploads results)')
  .option('--no-table', 'do not print the results table')
  .option(
    '--table-cell-max-length <n>',
    'truncate table cells to this many characters (default 250)',
    integer('--table-cell-max-length'),
  )
  .option('--no-progress-bar', 'no progress bar or progress lines')
  .option('--no-write', 'do not record this eval in the store ($ASSAY_HOME/store.db)')
  .option(
    '--resume [evalId]',
    'continue an interrupted eval (default: the latest interrupted one of this suite); stored cells are not run again',
  )
  .option(
    '--retry-errors [evalId]',
    're-run only the cells that ended in an error (default: the latest eval of this suite), as a new attempt',
  )
  .option(
    '--shard <i/n>',
    'run only shard i of n (1-based, e.g. 2/4), or "auto" to read it from CI_NODE_INDEX/CI_NODE_TOTAL, BUILDKITE_PARALLEL_JOB(_COUNT) or JOB_COMPLETION_INDEX; write it with -o shard-<i>.assay and combine with assay merge',
  )
  .option(
    '--shard-total <n>',
    'with --shard auto on a Kubernetes Indexed Job: the number of shards (default ASSAY_SHARD_TOTAL)',
    integer('--shard-total', 1),
  )
  .addOption(
    new Option(
      '--pass-rate-threshold <percent>',
      'exit 100 when the pass rate is below this (default 100, or ASSAY_PASS_RATE_THRESHOLD)',
    ).argParser(percent),
  )
  .action(async (options) => (await import('./eval.js')).evalCommand({ ...options, verbose: program.opts().verbose }));

program
  .command('validate')
  .description('check a config and report every problem, without calling any provider')
  .option(
    '-c, --config <paths...>',
    'config file(s) or folder(s) (default: promptfooconfig.yaml in the current folder)',
  )
  .option('--env-file <paths...>', '.env files to load')
  .action(async (options) => (await import('./validate.js')).validateCommand(options));

program
  .command('init [dir]')
  .description('write a starter promptfooconfig.yaml that runs offline')
  .option('-f, --force', 'overwrite an existing config')
  .action(async (dir: string | undefined, options) => (await import('./init.js')).initCommand(dir ?? '.', options));

program
  .command('list')
  .description('stored evals, newest first')
  .option('--limit <n>', 'how many (default 20)', integer('--limit', 1))
  .option('--json', 'print JSON')
  .action(async (options) => (await import('./list.js')).listCommand(options));

program
  .command('show <evalId>')
  .description('summary and table of a stored eval (`latest` for the newest); -o writes any output format')
  .option('-o, --output <paths...>', 'write results; format by extension: .json .jsonl .csv .html .xml (JUnit) .yaml')
  .option('--no-table', 'do not print the results table')
  .option(
    '--table-cell-max-length <n>',
    'truncate table cells to this many characters (default 250)',
    integer('--table-cell-max-length'),
  )
  .action(async (evalId: string, options) => (await import('./show.js')).showCommand(evalId, options));

program
  .command('delete <evalIds...>')
  .description('delete stored evals')
  .action(async (evalIds: string[]) => (await import('./delete.js')).deleteCommand(evalIds));

program
  .command('compare <baseline> <candidate>')
  .description('compare two evals (store ids, `latest`, or results.json files): regressions first')
  .option('-o, --output <paths...>', 'write the report: .md (for a pull-request comment), .json or .html')
  .option('--fail-on-regression', 'exit 100 when any cell regressed')
  .option('--score-threshold <n>', 'a score change larger than this counts (default 0.1)')
  .action(async (baseline: string, candidate: string, options) =>
    (await import('./compare.js')).compareCommand(baseline, candidate, options),
  );

const store = program.command('store').description('manage the eval store ($ASSAY_HOME/store.db)');
store
  .command('gc')
  .description('keep the newest evals, delete the rest and compact the file')
  .requiredOption('--keep <n|Nd>', 'evals to keep: a count (50) or an age in days (30d)')
  .action(async (options) => (await import('./store-gc.js')).storeGcCommand(options));

const cache = program.command('cache').description('manage the response cache');
cache
  .command('clear')
  .description('delete every cached response')
  .action(async () => (await import('./cache.js')).cacheClearCommand());

program
  .command('emulate')
  .description('serve local emulators of the Databricks, Llama, Cloudflare, OpenAI and WebSocket APIs')
  .option('--port <n>', 'first port to listen on (default: free ports)', integer('--port'))
  .option('--latency <ms>', 'added latency per request', integer('--latency'))
  .option('--rpm <n>', 'requests per minute before answering 429 with Retry-After', integer('--rpm'))
  .option('--faults <spec>', 'inject faults, e.g. "500:0.1,reset:0.05"')
  .action(async (options) => (await import('./emulate.js')).emulateCommand(options));

program
  .command('demo')
  .description('run examples/quickstart offline against the built-in emulators')
  .action(async (options) => (await import('./demo.js')).demoCommand({ ...options, verbose: program.opts().verbose }));

program
  .command('merge <files...>')
  .description('combine the shard files of a sharded eval (assay eval --shard i/n -o shard-<i>.assay) into one eval')
  .option(
    '-o, --output <paths...>',
    'write the merged eval; format by extension: .json .jsonl .csv .html .xml (JUnit) .yaml .assay',
  )
  .option(
    '--allow-partial',
    'merge even when shards are missing (their cells are left out of the eval, with a warning)',
  )
  .option('--no-write', 'do not record the merged eval in the store ($ASSAY_HOME/store.db)')
  .option('--no-table', 'do not print the results table')
  .option(
    '--table-cell-max-length <n>',
    'truncate table cells to this many characters (default 250)',
    integer('--table-cell-max-length'),
  )
  .addOption(
    new Option(
      '--pass-rate-threshold <percent>',
      'exit 100 when the pass rate is below this (default 100, or ASSAY_PASS_RATE_THRESHOLD)',
    ).argParser(percent),
  )
  .action(async (files: string[], options) => (await import('./merge.js')).mergeCommand(files, options));

// No top-level await: the command is bundled as CommonJS so that it can start from a V8 code cache
// (scripts/bundle-cli.mjs, src/cli/start.ts).
async function run(): Promise<void> {
  await registerLazyCommands(program, process.argv.slice(2));

  // `eval` is the default command, so a mistyped command (`assay evl`) would otherwise reach it as an
  // unexpected argument; name the real commands instead.
  const firstWord = process.argv[2];
  if (
    firstWord &&
    firstWord !== 'help' &&
    !firstWord.startsWith('-') &&
    !program.commands.some((c) => c.name() === firstWord || c.aliases().includes(firstWord))
  ) {
    process.stderr.write(
      errorLine(
        `unknown command "${firstWord}". Commands: ${program.commands.map((c) => c.name()).join(', ')} (run assay --help)`,
      ),
    );
    process.exit(1);
  }

  await program.parseAsync(process.argv);
}

run()
  .catch((err: unknown) => {
    process.exitCode = reportFatal(err, Boolean(program.opts().verbose));
  })
  // Outputs are written by now. Exit rather than wait for idle keep-alive sockets or timers left
  // behind by user code (a custom provider's pending setTimeout must not hold the shell).
  .then(() => process.exit(process.exitCode ?? 0));
