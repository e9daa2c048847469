// The store from the command line: show -o writes what eval -o wrote, delete and gc, concurrent
// writers and readers, and bad stores (damaged, newer, unwritable) with one clear message each.

import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from '../support/cli.js';

const config = (tests: number, answer = 'yes') =>
  writeFiles({
    'provider.mjs': `export default async function (prompt) { return { output: prompt + ' ${answer}' }; }\n`,
    'promptfooconfig.yaml': `description: cli store\nprompts: ['Q {{n}}', 'Other {{n}}']\nproviders: [file://provider.mjs]\ntests:\n${Array.from({ length: tests }, (_, i) => `  - vars: { n: '${i}' }\n    assert: [{ type: contains, value: '${i % 3 === 0 ? 'no' : 'yes'}' }]`).join('\n')}\n`,
  });
const evalArgs = ['eval', '--no-table', '--no-progress-bar'];
const withoutExportTime = (text: string) =>
  text.replace(/"?exportedAt"?: ?"?[0-9T:.Z-]+"?/g, '').replace(/at [0-9T:.Z-]+<\/footer>/, '</footer>');

describe('assay show', () => {
  it('writes every output format exactly as eval -o did', async () => {
    const dir = config(7);
    const env = { ASSAY_HOME: join(tempDir(), 'home') };
    const formats = ['json', 'jsonl', 'csv', 'xml', 'yaml', 'html'];
    const ran = await runCli([...evalArgs, '-o', ...formats.map((f) => `eval.${f}`)], { cwd: dir, env });
    expect(ran.code).toBe(100);
    const shown = await runCli(['show', 'latest', '-o', ...formats.map((f) => `show.${f}`)], { cwd: dir, env });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('[PASS]');
    expect(shown.stdout).toMatch(/8 passed/);
    for (const f of formats) {
      expect(withoutExportTime(readFileSync(join(dir, `show.${f}`), 'utf8')), f).toBe(
        withoutExportTime(readFileSync(join(dir, `eval.${f}`), 'utf8')),
      );
    }
    // A results.json shows the same way.
    const fromFile = await runCli(['show', 'eval.json', '--no-table'], { cwd: dir, env });
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toMatch(/8 passed/);
  });
});

describe('assay delete and store gc', () => {
  it('delete removes only the named evals; an unknown id deletes nothing', async () => {
    const dir = config(2);
    const env = { ASSAY_HOME: join(tempDir(), 'home') };
    for (let i = 0; i < 3; i++) await runCli(evalArgs, { cwd: dir, env });
    const ids = (JSON.parse((await runCli(['list', '--json'], { env })).stdout) as Array<{ id: string }>).map(
      (e) => e.id,
    );
    const typo = await runCli(['delete', ids[0]!, 'eval-typo'], { env });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe('Error: No eval "eval-typo" in the store (see `assay list`).\n');
    expect(JSON.parse((await runCli(['list', '--json'], { env })).stdout)).toHaveLength(3);
    expect((await runCli(['delete', ids[0]!], { env })).code).toBe(0);
    expect(
      (JSON.parse((await runCli(['list', '--json'], { env })).stdout) as Array<{ id: string }>).map((e) => e.id),
    ).toEqual(ids.slice(1));
  });

  it('gc keeps the newest n evals', async () => {
    const dir = config(2);
    const env = { ASSAY_HOME: join(tempDir(), 'home') };
    for (let i = 0; i < 4; i++) await runCli(evalArgs, { cwd: dir, env });
    const before = (JSON.parse((await runCli(['list', '--json'], { env })).stdout) as Array<{ id: string }>).map(
      (e) => e.id,
    );
    const gc = await runCli(['store', 'gc', '--keep', '2'], { env });
    expect(gc.stdout).toMatch(/Deleted 2 evals/);
    expect(
      (JSON.parse((await runCli(['list', '--json'], { env })).stdout) as Array<{ id: string }>).map((e) => e.id),
    ).toEqual(before.slice(0, 2));
    expect((await runCli(['store', 'gc', '--keep', 'lots'], { env })).stderr).toMatch(
      /--keep expects a number of evals/,
    );
  });
});

describe('concurrent use', () => {
  it('two evals write the same store at once while list reads it', async () => {
    const env = { ASSAY_HOME: join(tempDir(), 'home') };
    const a = config(60, 'yes');
    const b = config(60, 'no');
    const runs = Promise.all([
      runCli([...evalArgs, '-j', '8'], { cwd: a, env }),
      runCli([...evalArgs, '-j', '8'], { cwd: b, env }),
    ]);
    const reads = [];
    for (let i = 0; i < 5; i++) reads.push(await runCli(['list', '--json'], { env }));
    const [ra, rb] = await runs;
    expect(ra.stderr + rb.stderr).not.toMatch(/Warning|Error/);
    for (const read of reads) expect(read.stderr.replace(/^Error: No eval store.*\n/, '')).toBe('');
    const listed = JSON.parse((await runCli(['list', '--json'], { env })).stdout) as Array<{
      cells: number;
      successes: number;
      failures: number;
      status: string;
    }>;
    expect(listed).toHaveLength(2);
    for (const e of listed) expect(e).toMatchObject({ status: 'complete', cells: 120 });
    expect(listed.map((e) => e.successes + e.failures).sort()).toEqual([120, 120]);
  });
});

describe('bad stores', () => {
  it('a damaged store: eval still runs and writes its outputs with one warning; list exits 1 with one line', async () => {
    const dir = config(2);
    const home = join(tempDir(), 'home');
    mkdirSync(home);
    const junk = 'this is not sqlite '.repeat(300);
    writeFileSync(join(home, 'store.db'), junk);
    const ran = await runCli([...evalArgs, '-o', 'out.json'], { cwd: dir, env: { ASSAY_HOME: home } });
    expect(ran.code).toBe(100);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).results.results).toHaveLength(4);
    expect(ran.stderr.match(/Warning/g)).toHaveLength(1);
    expect(ran.stderr).toMatch(/damaged or not an Assay store/);
    const listed = await runCli(['list'], { env: { ASSAY_HOME: home } });
    expect(listed.code).toBe(1);
    expect(listed.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(join(home, 'store.db'), 'utf8')).toBe(junk);
  });

  it('an unwritable store folder: eval runs with one warning; --resume refuses clearly', async () => {
    if (process.getuid?.() === 0) return; // root can write anywhere; permissions cannot be tested
    const dir = config(2);
    const parent = tempDir();
    chmodSync(parent, 0o500);
    const env = { ASSAY_HOME: join(parent, 'home') };
    const ran = await runCli([...evalArgs, '-o', 'out.json'], { cwd: dir, env });
    expect(ran.stderr.match(/Warning/g)).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).results.results).toHaveLength(4);
    const resumed = await runCli([...evalArgs, '--resume'], { cwd: dir, env });
    expect(resumed.code).toBe(1);
    chmodSync(parent, 0o700);
  });

  it('a store from a newer Assay: list refuses in one line, eval warns once, the store is untouched', async () => {
    const { createRequire } = await import('node:module');
    const Database = createRequire(import.meta.url)('libsql') as new (
      path: string,
    ) => import('../../src/store/open-store.js').Db;
    const dir = config(2);
    const home = join(tempDir(), 'home');
    const env = { ASSAY_HOME: home };
    await runCli(evalArgs, { cwd: dir, env });
    const db = new Database(join(home, 'store.db'));
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (99, ?)').run('future');
    db.exec('PRAGMA journal_mode = DELETE');
    db.close();
    const before = readFileSync(join(home, 'store.db'));
    const listed = await runCli(['list'], { env });
    expect(listed.code).toBe(1);
    expect(listed.stderr).toMatch(
      /^Error: The eval store at .* was written by a newer Assay \(schema version 99; this Assay knows up to 2\)/,
    );
    expect(listed.stderr.trim().split('\n')).toHaveLength(1);
    const ran = await runCli([...evalArgs, '-o', 'out.json'], { cwd: dir, env });
    expect(ran.stderr.match(/Warning/g)).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).results.results).toHaveLength(4);
    expect(readFileSync(join(home, 'store.db')).equals(before)).toBe(true);
  });

  it('a home that is a file, not a folder: one warning, outputs written', async () => {
    const dir = config(2);
    const home = join(tempDir(), 'home');
    writeFileSync(home, 'a file');
    const ran = await runCli([...evalArgs, '-o', 'out.json'], { cwd: dir, env: { ASSAY_HOME: home } });
    expect(ran.stderr.match(/Warning/g)).toHaveLength(1);
    expect(ran.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).results.results).toHaveLength(4);
  });

  it('--no-write creates no store; list then says so in one line', async () => {
    const dir = config(2);
    const env = { ASSAY_HOME: join(tempDir(), 'home') };
    await runCli([...evalArgs, '--no-write'], { cwd: dir, env });
    const listed = await runCli(['list'], { env });
    expect(listed.code).toBe(1);
    expect(listed.stderr).toMatch(/^Error: No eval store at .*store\.db yet/);
  });
});

describe('a locked store', () => {
  it('list waits, then says the store is locked in one line; eval runs on with one warning', async () => {
    const { createRequire } = await import('node:module');
    const Database = createRequire(import.meta.url)('libsql') as new (
      path: string,
    ) => import('../../src/store/open-store.js').Db;
    const dir = config(2);
    const home = join(tempDir(), 'home');
    const env = { ASSAY_HOME: home, ASSAY_STORE_BUSY_TIMEOUT_MS: '300' };
    await runCli(evalArgs, { cwd: dir, env });
    const holder = new Database(join(home, 'store.db'));
    holder.exec('PRAGMA journal_mode = DELETE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const listed = await runCli(['list'], { env });
      expect(listed.code).toBe(1);
      expect(listed.stderr).toMatch(/^Error: The eval store at .* is locked by another process \(waited 0.3 s\)/);
      expect(listed.stderr.trim().split('\n')).toHaveLength(1);
      const ran = await runCli([...evalArgs, '-o', 'out.json'], { cwd: dir, env });
      expect(ran.stderr.match(/Warning/g)).toHaveLength(1);
      expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).results.results).toHaveLength(4);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    // Nothing was lost: the first eval is still listed once the lock is gone.
    expect(JSON.parse((await runCli(['list', '--json'], { env })).stdout)).toHaveLength(1);
  });
});

describe('an eval stopped early', () => {
  it('is listed as interrupted and shown with its skipped cells, as eval -o wrote them', async () => {
    const dir = writeFiles({
      'slow.mjs': `export default async function (prompt) { await new Promise((r) => setTimeout(r, 100)); return { output: prompt }; }\n`,
      'promptfooconfig.yaml': `prompts: ['n{{n}}']\nproviders: [file://slow.mjs]\ntests:\n${Array.from({ length: 20 }, (_, i) => `  - vars: { n: '${i}' }`).join('\n')}\n`,
    });
    const env = { ASSAY_HOME: join(tempDir(), 'home') };
    const ran = await runCli([...evalArgs, '-j', '2', '--max-eval-time', '500', '-o', 'eval.jsonl', 'eval.xml'], {
      cwd: dir,
      env,
    });
    expect(ran.code).toBe(100);
    const [listed] = JSON.parse((await runCli(['list', '--json'], { env })).stdout);
    expect(listed.status).toBe('interrupted');
    expect(listed.skipped).toBeGreaterThan(0);
    expect(listed.successes + listed.skipped).toBe(20);
    const shown = await runCli(['show', listed.id, '--no-table', '-o', 'show.jsonl', 'show.xml'], { cwd: dir, env });
    expect(shown.stdout).toContain(`${listed.skipped} skipped`);
    const sorted = (path: string) => readFileSync(join(dir, path), 'utf8').trim().split('\n').sort();
    expect(sorted('show.jsonl')).toEqual(sorted('eval.jsonl'));
    expect(withoutExportTime(readFileSync(join(dir, 'show.xml'), 'utf8')).replace(/time="[^"]*"/g, '')).toBe(
      withoutExportTime(readFileSync(join(dir, 'eval.xml'), 'utf8')).replace(/time="[^"]*"/g, ''),
    );
  });
});
