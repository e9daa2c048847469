// The Databricks endpoint check (isPayPerToken) begun while `assay eval` sets up the run: it is
// sent only when the run will call the endpoint (not on a fully cached run), a mismatch is still
// reported on the cell as before, and a run that fails before its first call exits at once even
// when the workspace never answers the check.

import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from '../support/cli.js';
import { useEmulators } from '../support/emulators.js';

const emu = useEmulators({ reset: ['databricks'] });
const ENDPOINT = 'databricks-meta-llama-3-3-70b-instruct';
const describePath = `/api/2.0/serving-endpoints/${ENDPOINT}`;
const invokePath = `/serving-endpoints/${ENDPOINT}/invocations`;
const count = (path: string) => emu.databricks.requests.filter((r) => r.path === path).length;

function suite(isPayPerToken: boolean): string {
  return writeFiles({
    'promptfooconfig.yaml': `prompts: ['Tell me about {{topic}}']
providers:
  - id: databricks:${ENDPOINT}
    config: { isPayPerToken: ${isPayPerToken} }
tests:
  - vars: { topic: lakehouses }
`,
  });
}

function databricksEnv(workspaceUrl: string, cachePath: string): Record<string, string> {
  return {
    DATABRICKS_WORKSPACE_URL: workspaceUrl,
    DATABRICKS_TOKEN: emu.env().DATABRICKS_TOKEN!,
    DATABRICKS_CLIENT_ID: '',
    DATABRICKS_CLIENT_SECRET: '',
    ASSAY_CACHE_PATH: cachePath,
  };
}

describe('the endpoint check during start-up', () => {
  it('is sent once for a run that calls the endpoint, and not at all for a fully cached run', async () => {
    const dir = suite(true);
    const env = databricksEnv(emu.env().DATABRICKS_WORKSPACE_URL!, join(tempDir(), 'cache'));
    const live = await runCli(['eval', '--no-progress-bar', '--no-write'], { cwd: dir, env });
    expect(live.code, live.stdout + live.stderr).toBe(0);
    expect([count(describePath), count(invokePath)]).toEqual([1, 1]);

    emu.databricks.reset();
    const out = join(dir, 'cached.json');
    const cached = await runCli(['eval', '--no-progress-bar', '--no-write', '-o', out], { cwd: dir, env });
    expect(cached.code, cached.stdout + cached.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).results.results[0].response.cached).toBe(true);
    expect([count(describePath), count(invokePath)]).toEqual([0, 0]);
  });

  it('still reports a wrong isPayPerToken on the cell, without calling the endpoint', async () => {
    const dir = suite(false);
    const out = join(dir, 'out.json');
    const env = databricksEnv(emu.env().DATABRICKS_WORKSPACE_URL!, join(tempDir(), 'cache'));
    const run = await runCli(['eval', '--no-progress-bar', '--no-write', '-o', out], { cwd: dir, env });
    expect(run.code, run.stdout + run.stderr).toBe(100);
    const [row] = JSON.parse(readFileSync(out, 'utf8')).results.results;
    expect(row.error).toMatch(
      new RegExp(`isPayPerToken is false, but "${ENDPOINT}" is a pay-per-token Foundation Model endpoint`),
    );
    expect([count(describePath), count(invokePath)]).toEqual([1, 0]);
  });

  it('does not keep a run that fails before its first call waiting for an unanswered check', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket)); // accepts, never answers
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const { port } = silent.address() as { port: number };
      const dir = suite(true);
      const env = databricksEnv(`http://127.0.0.1:${port}`, join(tempDir(), 'cache'));
      // An output format that does not exist fails the eval after start-up, before any call;
      // the check's own timeout is 30 s, longer than runCli waits.
      const run = await runCli(['eval', '--no-progress-bar', '--no-write', '-o', join(dir, 'out.nosuchformat')], {
        cwd: dir,
        env,
      });
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stderr).toContain('out.nosuchformat');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
