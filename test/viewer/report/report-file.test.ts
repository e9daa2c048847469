// The -o report.html file: one self-contained page whose only script is the viewer's (allowed by
// its hash), the eval embedded as gzip + base64 that decodes to the same rows the model builds,
// hostile eval content nowhere outside that payload, and large evals cut down keeping every failure.

import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AssayError } from '../../../src/errors.js';
import { HtmlSink } from '../../../src/results/sinks/html.js';
import { buildEmbeddedEval } from '../../../src/viewer/model/embedded-assembler.js';
import { tempDir } from '../../results/factory.js';
import { HOSTILE, decodeReport, syntheticEval, writeReport } from './report-fixture.js';

const cellsOf = (fixture: ReturnType<typeof syntheticEval>) =>
  fixture.results.map((result) => ({ kind: 'result' as const, result }));

describe('the HTML report file', () => {
  it('allows only its own inlined script, by hash, and no network', async () => {
    const dir = await tempDir();
    const path = join(dir, 'report.html');
    await writeReport(path, syntheticEval(6, 2));
    const report = decodeReport(path);
    expect(report.scripts).toHaveLength(1);
    const hash = createHash('sha256').update(report.scripts[0]!, 'utf8').digest('base64');
    const scriptSrc = /script-src ([^;]*)/.exec(report.csp)?.[1];
    expect(scriptSrc).toBe(`'sha256-${hash}'`);
    for (const directive of [
      "default-src 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "connect-src 'none'",
      'img-src data:',
    ])
      expect(report.csp).toContain(directive);
    // The stand-in app's "</script>" string could not end the inlined element.
    expect(report.scripts[0]).toContain('"<\\/script>"');
    expect(report.html).not.toMatch(/<script[^>]*\bsrc=|<link\b|https?:\/\//);
    // Nothing but the report is left in the folder (spools and temp files are gone).
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('decodes (gunzip, JSON) to the rows, details, header and summary the model builds, in grid order', async () => {
    const path = join(await tempDir(), 'report.html');
    const fixture = syntheticEval(30, 3);
    await writeReport(path, fixture);
    const { data } = decodeReport(path);
    expect(data).toEqual(buildEmbeddedEval(fixture.info, cellsOf(fixture), fixture.summary));
    expect(data.rows.map((row) => row.testIdx)).toEqual([...Array(30).keys()]);
    expect(Object.keys(data.details)).toHaveLength(90);
    expect(data.degradedNote).toBeUndefined();
    const failed = data.rows[3]!.cells[1]!;
    expect(failed).toMatchObject({ status: 'fail', score: 0, failureReasons: ['Expected "x" '] });
    expect(data.details[failed.cellId]!.final).toMatchObject({ kind: 'result' });
    expect(data.header.listing).toMatchObject({ id: 'eval-test-1', cells: 90, successes: 63, failures: 18, errors: 9 });
    expect(data.summary.columns[0]).toMatchObject({ pass: 21, fail: 6, error: 3, skipped: 0 });
    // Secrets in the config never reach the file (the config is not embedded at all).
    expect(JSON.stringify(data)).not.toContain('sk-secret-123');
  });

  it('hostile vars, outputs, reasons and descriptions appear only inside the base64 payload', async () => {
    const path = join(await tempDir(), 'report.html');
    await writeReport(path, syntheticEval(12, 2, { hostile: true }));
    const report = decodeReport(path);
    const decoded = JSON.stringify(report.data);
    for (const payload of HOSTILE) {
      expect(decoded).toContain(JSON.stringify(payload).slice(1, -1));
      expect(report.outsidePayload).not.toContain(payload);
    }
    expect(report.payload).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // Exactly two script elements: the data block and the app; the description is escaped in <title>.
    expect(report.html.match(/<script\b/gi)).toHaveLength(2);
    // The only eval text outside the payload is the title, and it is escaped text.
    const title = /<title>([^<]*)<\/title>/.exec(report.html)?.[1];
    expect(title).toMatch(
      /^Eval &lt;\/script&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt; &quot;&gt;&lt;img src=x onerror/,
    );
    expect(report.outsidePayload.replace(title!, '')).not.toMatch(
      /alert|onerror|onload|javascript:|<svg|<img|<iframe/i,
    );
  });

  it('a missing viewer build is one clear error before the run', () => {
    let error: unknown;
    try {
      new HtmlSink('report.html', { viewerDir: join(tempDirSync(), 'no-viewer') });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AssayError);
    expect((error as Error).message).toMatch(
      /needs the viewer's build \(dist\/viewer\/index\.html\), which is missing/,
    );
    expect((error as Error).message).toMatch(/npm run build/);
  });
});

describe('large evals', () => {
  it('above the cell threshold: every failure and error kept whole, passes summarised, a note pointing at assay view', async () => {
    const path = join(await tempDir(), 'report.html');
    const fixture = syntheticEval(70, 2, { outputChars: 3000 });
    await writeReport(path, fixture, { degradeAboveCells: 100 });
    const { data } = decodeReport(path);
    expect(data.rows).toHaveLength(70);
    const cells = data.rows.flatMap((row) => row.cells.filter((cell) => cell !== null));
    expect(cells).toHaveLength(140);
    const problems = fixture.results.filter((r) => !r.success);
    expect(problems.length).toBeGreaterThan(30);
    for (const result of problems) {
      const detail = data.details[result.cellId!];
      expect(detail, result.cellId).toBeDefined();
      if (detail?.final.kind === 'result')
        expect(detail.final.result.response?.output).toEqual(result.response?.output);
    }
    for (const cell of cells.filter((c) => c.status === 'pass')) {
      expect(data.details[cell.cellId]).toBeUndefined();
      expect(cell.output.length).toBeLessThanOrEqual(200);
      expect(cell.outputTruncated).toBe(true);
      expect(cell.score).toBe(1);
    }
    const failedCell = cells.find((c) => c.status === 'fail')!;
    expect(failedCell.output.length).toBe(1000);
    expect(data.degradedNote).toMatch(/^This eval has 140 cells: 96 passing cells are summarised/);
    expect(data.degradedNote).toContain('`assay view eval-test-1`');
  });

  it('below the threshold, pass details beyond the byte budget are dropped the same way', async () => {
    const path = join(await tempDir(), 'report.html');
    const fixture = syntheticEval(20, 2, { outputChars: 5000 });
    await writeReport(path, fixture, { passDetailBudgetBytes: 50_000 });
    const { data } = decodeReport(path);
    const passes = fixture.results.filter((r) => r.success);
    expect(passes.every((r) => data.details[r.cellId!] === undefined)).toBe(true);
    expect(fixture.results.filter((r) => !r.success).every((r) => data.details[r.cellId!] !== undefined)).toBe(true);
    expect(data.degradedNote).toMatch(/too large for one file: 28 passing cells are summarised/);
  });
});

function tempDirSync(): string {
  return join(process.env.TMPDIR ?? '/tmp', `assay-missing-${process.pid}`);
}
