// What the Databricks throughput benches share: a suite of N chat tests against the emulator, and
// the bare-client replay of exactly the requests Assay sent (taken from the emulator's log), so
// Assay's wall time can be set against a minimal client doing the same network work.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from './cli-runner.mjs';

const bareClient = join(dirname(fileURLToPath(import.meta.url)), 'bare-client.mjs');
export const DATABRICKS_MODEL = 'databricks-meta-llama-3-3-70b-instruct';

/** Writes promptfooconfig.yaml + tests.csv: `tests` chat tests with one cheap assertion each. */
export function writeDatabricksSuite(dir, tests) {
  const rows = ['question'];
  for (let i = 0; i < tests; i++) rows.push(`What is fact number ${i} about lakehouses?`);
  writeFileSync(join(dir, 'tests.csv'), `${rows.join('\n')}\n`);
  writeFileSync(
    join(dir, 'promptfooconfig.yaml'),
    [
      "prompts: ['{{question}}']",
      'providers:',
      `  - id: databricks:${DATABRICKS_MODEL}`,
      '    config: { isPayPerToken: true, temperature: 0 }',
      'defaultTest:',
      '  assert:',
      '    - type: icontains',
      '      value: lakehouses',
      'tests: file://tests.csv',
      '',
    ].join('\n'),
  );
  return dir;
}

/**
 * The invocation requests the emulator received, as a replay plan of `count` requests for the bare
 * client. Should Assay have sent fewer (cells that failed without a request), the bodies it did
 * send are repeated up to `count`, so the floor is always that of the whole suite.
 */
export function replayPlan(emulators, concurrency, count) {
  const calls = emulators.databricks.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/invocations'));
  if (calls.length === 0) throw new Error('the emulator saw no invocation requests to replay');
  const env = emulators.env();
  return {
    url: `${emulators.databricks.url}${calls[0].path}`,
    headers: { authorization: `Bearer ${env.DATABRICKS_TOKEN}` },
    concurrency,
    bodies: Array.from({ length: count ?? calls.length }, (_, i) => calls[i % calls.length].body),
  };
}

/** Runs the bare client over a plan file: whole-process wall ms, and the count of 200 replies. */
export async function runBareClient(planFile, plan) {
  writeFileSync(planFile, JSON.stringify(plan));
  const run = await runProcess(process.execPath, [bareClient, planFile]);
  let summary;
  try {
    summary = JSON.parse(run.stdout.trim().split('\n').pop());
  } catch {
    throw new Error(`the bare client failed (exit ${run.status}): ${run.stderr.slice(-1500)}`);
  }
  if (summary.failed > 0) throw new Error(`the bare client got ${summary.failed} non-200 replies`);
  return { wallMs: run.wallMs, innerMs: summary.wallMs, ok: summary.ok };
}
