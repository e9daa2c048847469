// `assay view` as a user runs it: prints its URL (with the eval's route), serves the API, stops
// cleanly on Ctrl-C, moves to a free port when the asked one is taken, warns about a
// non-loopback --host, and gives one clear error for a missing store or an unknown eval.

import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/store/open-store.js';
import { collect, runCli, startCli, tempDir, writeFiles } from '../../support/cli.js';

const Database = createRequire(import.meta.url)('libsql') as new (path: string) => Db;

async function storeHome(): Promise<{ home: string; id: string }> {
  const home = tempDir();
  const dir = writeFiles({
    'promptfooconfig.yaml': "prompts: ['Hi {{n}}']\nproviders: [echo]\ntests:\n  - vars: { n: '1' }\n",
  });
  expect(
    (await runCli(['eval', '--no-table', '--no-progress-bar'], { cwd: dir, env: { ASSAY_HOME: home } })).code,
  ).toBe(0);
  const id = (
    JSON.parse((await runCli(['list', '--json'], { env: { ASSAY_HOME: home } })).stdout) as Array<{ id: string }>
  )[0]!.id;
  return { home, id };
}

/** Starts `assay view` and resolves its printed URL and the running process. */
function startView(args: string[], home: string) {
  const child = startCli(['view', '--no-open', ...args], { env: { ASSAY_HOME: home } });
  const done = collect(child, 30_000);
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const match = /(http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', () => reject(new Error(`assay view exited: ${out}`)));
  });
  return { child, done, url };
}

describe('assay view', () => {
  it('serves the store, opens at the eval asked for, and stops on Ctrl-C', async () => {
    const { home, id } = await storeHome();
    const view = startView([id.slice(0, -3), '--port', '0'], home);
    const url = await view.url;
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/#/eval/${id}$`));
    const list = (await (await fetch(new URL('/api/evals', url))).json()) as { total: number };
    expect(list.total).toBe(1);
    view.child.kill('SIGINT');
    const done = await view.done;
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Viewer stopped.');
  });

  it('opens a comparison with --compare A B', async () => {
    const { home, id } = await storeHome();
    const view = startView(['--compare', id, 'latest', '--port', '0'], home);
    expect(await view.url).toMatch(new RegExp(`#/compare\\?baseline=${id}&candidate=${id}$`));
    view.child.kill('SIGTERM');
    expect((await view.done).code).toBe(0);
  });

  it('picks a free port when the asked one is taken, and says so', async () => {
    const { home } = await storeHome();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const view = startView(['--port', String(taken)], home);
      const url = await view.url;
      expect(new URL(url).port).not.toBe(String(taken));
      view.child.kill('SIGINT');
      const done = await view.done;
      expect(done.stderr).toContain(`Port ${taken} is in use; serving on port ${new URL(url).port} instead.`);
    } finally {
      blocker.close();
    }
  });

  it('warns about a non-loopback --host, and names an address it cannot bind', async () => {
    const { home } = await storeHome();
    // 192.0.2.1 is a documentation address (TEST-NET-1): never this machine's.
    const run = await runCli(['view', '--no-open', '--host', '192.0.2.1', '--port', '0'], {
      env: { ASSAY_HOME: home },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Warning: --host 192\.0\.2\.1 serves your stored evals .* to every machine/);
    expect(run.stderr).toContain('Error: --host 192.0.2.1 is not an address of this machine.');
  });

  it('one clear error for a missing store, an unknown eval and a bad --compare', async () => {
    const empty = await runCli(['view', '--no-open'], { env: { ASSAY_HOME: tempDir() } });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^Error: No eval store at .* yet: run an eval first/);
    const { home } = await storeHome();
    const unknown = await runCli(['view', 'eval-nope', '--no-open'], { env: { ASSAY_HOME: home } });
    expect(unknown.stderr).toBe('Error: No eval "eval-nope" in the store (see `assay list`).\n');
    const one = await runCli(['view', '--compare', 'latest', '--no-open'], { env: { ASSAY_HOME: home } });
    expect(one.stderr).toContain('--compare takes two evals');
    // A store from a newer Assay is refused, untouched.
    const db = new Database(join(home, 'store.db'));
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (99, ?)').run(new Date().toISOString());
    db.close();
    const newer = await runCli(['view', '--no-open', '--port', '0'], { env: { ASSAY_HOME: home } });
    expect(newer.code).toBe(1);
    expect(newer.stderr).toMatch(/^Error: The eval store at .* was written by a newer Assay \(schema version 99/);
  });
});
