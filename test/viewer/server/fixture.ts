// A real eval store for the viewer server's tests, made by real `assay eval` runs of a small
// file:// provider: rows that pass, fail, error (then fixed by --retry-errors) and differ
// between columns, with a named metric and test metadata; and a second eval with a regression.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli, tempDir, writeFiles } from '../../support/cli.js';

// Output = the prompt; `ERR` rows error until the flag file exists, `FATAL` rows always; BREAK=1
// changes row 0's output.
export const PROVIDER = `import { existsSync } from 'node:fs';
export default async function (prompt) {
  if (process.env.SLOW_MS) await new Promise((r) => setTimeout(r, Number(process.env.SLOW_MS)));
  if (prompt.includes('FATAL')) return { error: 'always broken' };
  if (prompt.includes('ERR') && !existsSync(process.env.FIXED_FLAG)) return { error: 'upstream exploded' };
  if (process.env.BREAK && prompt.includes('hello')) return { output: prompt.replace('hello', 'bye') };
  return { output: prompt };
}
`;

export const CONFIG = `description: viewer api
prompts: ['Say {{word}}', 'Shout {{word}}']
providers: [file://provider.mjs]
tests:
  - description: greeting row
    vars: { word: hello }
    metadata: { team: red }
    assert: [{ type: contains, value: hello, metric: accuracy }]
  - vars: { word: goodbye }
    metadata: { team: blue }
    assert: [{ type: contains, value: never-there, metric: accuracy }]
  - vars: { word: ERR }
    assert: [{ type: contains, value: ERR }]
  - vars: { word: mixed }
    assert: [{ type: contains, value: Say }]
  - vars: { word: FATAL }
`;

export interface ViewerFixture {
  home: string;
  dir: string;
  env: Record<string, string>;
  /** The eval with an error fixed by --retry-errors (rows: 0 pass, 1 fail, 2 error→pass, 3 differs, 4 error). */
  mainId: string;
  /** The same suite with row 0 broken: a regression against mainId. */
  brokenId: string;
}

export async function buildFixture(): Promise<ViewerFixture> {
  const dir = writeFiles({ 'provider.mjs': PROVIDER, 'promptfooconfig.yaml': CONFIG });
  const home = join(tempDir(), 'home');
  const flag = join(dir, 'fixed.flag');
  const env = { ASSAY_HOME: home, FIXED_FLAG: flag };
  const args = ['eval', '--no-table', '--no-progress-bar', '--no-cache'];
  const first = await runCli(args, { cwd: dir, env });
  expect(first.code, first.stderr).toBe(100);
  writeFileSync(flag, 'fixed');
  const retried = await runCli([...args, '--retry-errors'], { cwd: dir, env });
  expect(retried.code, retried.stderr).toBe(100);
  const broken = await runCli([...args, '--description', 'candidate run'], { cwd: dir, env: { ...env, BREAK: '1' } });
  expect(broken.code, broken.stderr).toBe(100);
  const listed = JSON.parse((await runCli(['list', '--json'], { env })).stdout) as Array<{ id: string }>;
  expect(listed).toHaveLength(2);
  return { home, dir, env, brokenId: listed[0]!.id, mainId: listed[1]!.id };
}
