// `assay view --export <dir>`: a stored eval as a static site (index.html with the eval embedded,
// the viewer's script and stylesheet as files under assets/), and the folders it refuses.

import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewExportCommand } from '../../../src/cli/view-export.js';
import { exportSite } from '../../../src/viewer/report/export-site.js';
import { runCli, tempDir, writeFiles } from '../../support/cli.js';
import { STAND_IN_VIEWER, decodeReport } from './report-fixture.js';

const CONFIG = `description: export me
prompts: ['Say {{word}}']
providers: [echo]
tests:
  - vars: { word: hello }
    assert: [{ type: contains, value: hello }]
  - vars: { word: '"><svg onload=alert(1)>' }
    assert: [{ type: contains, value: hello }]
`;

async function storedEval(): Promise<{ home: string }> {
  const dir = writeFiles({ 'promptfooconfig.yaml': CONFIG });
  const home = join(tempDir(), 'home');
  const ran = await runCli(['eval', '--no-table', '--no-progress-bar'], { cwd: dir, env: { ASSAY_HOME: home } });
  expect(ran.code).toBe(100);
  return { home };
}

describe('exportSite', () => {
  it('writes index.html with the eval embedded and the viewer files beside it', async () => {
    const { home } = await storedEval();
    const out = join(tempDir(), 'site');
    const site = await exportSite('latest', out, { storePath: join(home, 'store.db'), viewerDir: STAND_IN_VIEWER });
    expect(site.files).toEqual(['index.html', 'assets/app.js', 'assets/app.css']);
    expect(readdirSync(join(out, 'assets')).sort()).toEqual(['app.css', 'app.js']);
    expect(readFileSync(join(out, 'assets', 'app.js'), 'utf8')).toBe(
      readFileSync(join(STAND_IN_VIEWER, 'app.js'), 'utf8'),
    );
    const report = decodeReport(join(out, 'index.html'));
    expect(report.html).toContain('<script src="assets/app.js"></script>');
    expect(report.html).toContain('<link rel="stylesheet" href="assets/app.css">');
    expect(report.csp).toContain("script-src 'self';");
    expect(report.scripts).toEqual([]);
    expect(report.outsidePayload).not.toContain('onload');
    expect(report.data.header.listing).toMatchObject({ id: site.evalId, description: 'export me', runs: 1 });
    expect(report.data.rows.map((row) => row.cells[0]!.status)).toEqual(['pass', 'fail']);
  });

  it("a retried cell's details list its earlier attempts from the store", async () => {
    const dir = writeFiles({
      'provider.mjs':
        "import { existsSync } from 'node:fs';\nexport default async function (prompt) { return existsSync('up') ? { output: 'ok ' + prompt } : { error: 'HTTP 503: down for now' }; }\n",
      'promptfooconfig.yaml':
        "prompts: ['Q {{n}}']\nproviders: [file://provider.mjs]\ntests:\n  - vars: { n: 1 }\n  - vars: { n: 2 }\n",
    });
    const home = join(tempDir(), 'home');
    const args = ['eval', '--no-table', '--no-progress-bar', '--no-cache'];
    expect((await runCli(args, { cwd: dir, env: { ASSAY_HOME: home } })).code).toBe(100);
    writeFileSync(join(dir, 'up'), '');
    expect((await runCli([...args, '--retry-errors'], { cwd: dir, env: { ASSAY_HOME: home } })).code).toBe(0);
    const out = join(tempDir(), 'site');
    await exportSite('latest', out, { storePath: join(home, 'store.db'), viewerDir: STAND_IN_VIEWER });
    const { data } = decodeReport(join(out, 'index.html'));
    const cells = data.rows.map((row) => row.cells[0]!);
    expect(cells.map((cell) => [cell.status, cell.attempts])).toEqual([
      ['pass', 2],
      ['pass', 2],
    ]);
    for (const cell of cells) {
      expect(data.details[cell.cellId]!.earlier).toEqual([
        {
          attempt: 1,
          status: 'error',
          errorMessage: expect.stringContaining('HTTP 503: down for now'),
          latencyMs: expect.any(Number),
        },
      ]);
    }
  });

  it('view --export (viewExportCommand): the store of ASSAY_HOME and the real viewer build', async () => {
    const { home } = await storedEval();
    const out = join(tempDir(), 'ci-artifact');
    const saved = process.env.ASSAY_HOME;
    const written: string[] = [];
    const write = process.stdout.write;
    process.env.ASSAY_HOME = home;
    process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      await viewExportCommand(out);
    } finally {
      process.stdout.write = write;
      process.env.ASSAY_HOME = saved;
    }
    expect(written.join('')).toMatch(
      /^Exported eval eval-\S+ to .*ci-artifact \(index\.html, .*\)\. Open .*index\.html in a browser; it needs no server\.\n$/,
    );
    const report = decodeReport(join(out, 'index.html'));
    expect(report.data.header.listing.description).toBe('export me');
    for (const file of readdirSync(join(out, 'assets'), { recursive: true }).map(String))
      expect(report.html).toContain(`assets/${file}`);
    await expect(viewExportCommand(join(tempDir(), 'x'), 'latest', { compare: ['a', 'b'] })).rejects.toThrow(
      /--export writes one eval/,
    );
  });

  it('refuses a folder with files in it, a file, and an unknown eval, each with one clear error', async () => {
    const { home } = await storedEval();
    const storePath = join(home, 'store.db');
    const busy = tempDir();
    writeFileSync(join(busy, 'keep.txt'), 'mine');
    await expect(exportSite('latest', busy, { storePath, viewerDir: STAND_IN_VIEWER })).rejects.toThrow(
      /Cannot export to ".*": the folder is not empty/,
    );
    expect(readdirSync(busy)).toEqual(['keep.txt']);
    await expect(
      exportSite('latest', join(busy, 'keep.txt'), { storePath, viewerDir: STAND_IN_VIEWER }),
    ).rejects.toThrow(/it is a file, not a folder/);
    const empty = join(tempDir(), 'empty');
    mkdirSync(empty);
    await expect(exportSite('eval-nope', empty, { storePath, viewerDir: STAND_IN_VIEWER })).rejects.toThrow(
      /No eval "eval-nope" in the store/,
    );
    await expect(exportSite('latest', empty, { storePath, viewerDir: join(tempDir(), 'no-viewer') })).rejects.toThrow(
      /needs the viewer's build/,
    );
  });
});
