// How `npm run bench` finds and runs bench modules: every bench/*.mjs but the runner's own
// scripts, issue 15's figures first; a module exporting bench(ctx) gives rows, an older one that
// prints has its lines kept as text; awaited viewer figures get placeholders until their module exists.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { awaitedResults, benchNames, loadBench } from '../../bench/lib/modules.mjs';

let dir: string;
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function benchDir(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'assay-bench-modules-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('bench modules', () => {
  it('lists every module but the runner scripts, known figures first, new ones after', () => {
    const d = benchDir({
      'run.mjs': '',
      'compare.mjs': '',
      'generate-suite.mjs': '',
      'zeta.mjs': '',
      'store.mjs': '',
      'viewer-server.mjs': '',
      'startup.mjs': '',
      'alpha.mjs': '',
      'rss-reporter.cjs': '',
    });
    expect(benchNames(d)).toEqual(['startup', 'store', 'viewer-server', 'alpha', 'zeta']);
  });

  it('runs a bench(ctx) module and returns its rows', async () => {
    const d = benchDir({
      'mine.mjs': "export async function bench(ctx) { return [{ name: 'answer', value: ctx.answer, unit: 's' }]; }\n",
    });
    const bench = await loadBench(d, 'mine');
    expect(await bench.run({ answer: 42 })).toEqual([{ name: 'answer', value: 42, unit: 's' }]);
  });

  it('keeps what an older printing module printed, as text rows, cutting long lines into a note', async () => {
    const long = `old      ${'x'.repeat(100)}`;
    const d = benchDir({
      'old.mjs': `export default async function ({ runCli }) { console.log('short line ' + typeof runCli); console.log(${JSON.stringify(long)}); }\n`,
    });
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const rows = await (await loadBench(d, 'old')).run({ runCli: () => {} });
    expect(rows[0]).toEqual({ name: 'short line function', value: undefined });
    expect(rows[1].value).toBeUndefined();
    expect(rows[1].name.endsWith('…')).toBe(true);
    expect(rows[1].note).toBe(`${'x'.repeat(100)}`);
  });

  it('takes rows a default export returns', async () => {
    const d = benchDir({ 'rows.mjs': "export default async () => [{ name: 'size', value: 3, unit: 'MB' }];\n" });
    expect(await (await loadBench(d, 'rows')).run({})).toEqual([{ name: 'size', value: 3, unit: 'MB' }]);
  });

  it('refuses a module with neither export', async () => {
    const d = benchDir({ 'nothing.mjs': 'export const x = 1;\n' });
    await expect(loadBench(d, 'nothing')).rejects.toThrow(/exports neither bench\(ctx\) nor a default function/);
  });

  it('shows the viewer figures as not measured until a viewer module exists', () => {
    expect(awaitedResults(['startup']).map((r) => r.bench)).toEqual(['viewer', 'report-size']);
    expect(awaitedResults(['viewer-server', 'report-size'])).toEqual([]);
    const [viewer] = awaitedResults([]);
    expect(viewer.rows.every((row) => row.value === null && /not measured/.test(row.note ?? ''))).toBe(true);
  });
});
