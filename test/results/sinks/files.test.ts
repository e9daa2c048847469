import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AssayError } from '../../../src/errors.js';
import { HtmlSink, createFileSink } from '../../../src/results/sinks/index.js';
import { STAND_IN_VIEWER, decodeReport } from '../../viewer/report/report-fixture.js';
import { makeInfo, makeResult, makeSummary, listFiles, runSink, scrambledResults, tempDir } from '../factory.js';

interface V3File {
  evalId: string;
  results: {
    version: number;
    timestamp: string;
    prompts: unknown[];
    results: Array<{ testIdx: number; promptIdx: number; success: boolean }>;
    stats: { successes: number };
  };
  config: { providers: Array<{ config: { apiKey: string } }> };
  shareableUrl: null;
  metadata: { assayVersion: string; nodeVersion: string; platform: string; arch: string; exportedAt: string };
}

describe('file sinks', () => {
  it('JSON: v3 shape with every result, secrets redacted, parent folders created, no temp files', async () => {
    const dir = await tempDir();
    const path = join(dir, 'nested', 'deeper', 'out.json');
    const info = makeInfo(30, 2);
    const results = scrambledResults(30, 2);
    await runSink(createFileSink(path), info, results);
    const doc = JSON.parse(await readFile(path, 'utf8')) as V3File;
    expect(doc.evalId).toBe('eval-test-1');
    expect(doc.results.version).toBe(3);
    expect(doc.results.timestamp).toBe(info.timestamp);
    expect(doc.results.prompts).toHaveLength(2);
    expect(doc.results.results).toHaveLength(60);
    expect(new Set(doc.results.results.map((r) => `${r.testIdx}/${r.promptIdx}`)).size).toBe(60);
    expect(doc.results.stats.successes).toBe(results.filter((r) => r.success).length);
    expect(doc.config.providers[0]!.config.apiKey).toBe('[REDACTED]');
    expect(doc.shareableUrl).toBeNull();
    expect(doc.metadata).toMatchObject({
      assayVersion: '0.1.0',
      nodeVersion: process.version,
      platform: process.platform,
    });
    expect(await listFiles(dir)).toEqual(['nested', 'nested/deeper', 'nested/deeper/out.json']);
  });

  it('JSON: an empty run is still a valid file', async () => {
    const dir = await tempDir();
    const path = join(dir, 'empty.json');
    await runSink(createFileSink(path), makeInfo(0, 1), []);
    const doc = JSON.parse(await readFile(path, 'utf8')) as V3File;
    expect(doc.results.results).toEqual([]);
  });

  it('JSON: a provider object in a test case is reduced to its id and its config secrets are removed', async () => {
    const dir = await tempDir();
    const path = join(dir, 'out.json');
    const provider = { id: () => 'custom:thing', call: async () => ({ output: 'x' }), config: { apiKey: 'sk-live' } };
    const r = makeResult(0, 0, 'pass');
    r.testCase = {
      ...r.testCase,
      provider: provider as never,
      options: { provider: { id: 'openai:gpt', config: { apiKey: 'sk-grader' } } },
    };
    await runSink(createFileSink(path), makeInfo(1, 1), [r]);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('sk-live');
    expect(text).not.toContain('sk-grader');
    expect(text).toContain('custom:thing');
  });

  it('JSONL: one complete line per result, in completion order', async () => {
    const dir = await tempDir();
    const path = join(dir, 'out.jsonl');
    const results = scrambledResults(5, 2);
    await runSink(createFileSink(path), makeInfo(5, 2), results);
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.at(-1)).toBe('');
    const parsed = lines.slice(0, -1).map((l) => JSON.parse(l) as { id: string });
    expect(parsed.map((p) => p.id)).toEqual(results.map((r) => r.id));
  });

  it('JSONL: every line is exactly the result as JSON, whatever its size or script', async () => {
    const dir = await tempDir();
    const path = join(dir, 'out.jsonl');
    // Enough lines to fill several write chunks, multi-byte text, and lines too long for a chunk.
    const results = Array.from({ length: 400 }, (_, i) =>
      makeResult(i, 0, 'pass', {
        response: {
          output: i % 97 === 0 ? `長い ${'é🙂'.repeat(60_000)} ${i}` : `ответ ${i} — ✓ ${'x'.repeat(i * 7)}`,
        },
      }),
    );
    await runSink(createFileSink(path), makeInfo(400, 1), results);
    const text = await readFile(path, 'utf8');
    expect(text).toBe(results.map((r) => `${JSON.stringify(r)}\n`).join(''));
  });

  it('YAML: same document as JSON', async () => {
    const dir = await tempDir();
    const path = join(dir, 'out.yaml');
    const r = makeResult(0, 0, 'pass', { response: { output: 'line one\nline: two\n  - three' } });
    await runSink(createFileSink(path), makeInfo(2, 1), [makeResult(1, 0, 'fail'), r]);
    const doc = parseYaml(await readFile(path, 'utf8')) as V3File & {
      results: { results: Array<{ response: { output: string } }> };
    };
    expect(doc.evalId).toBe('eval-test-1');
    expect(doc.results.version).toBe(3);
    expect(doc.results.results).toHaveLength(2);
    expect(doc.results.results[1]!.response.output).toBe('line one\nline: two\n  - three');
    expect(doc.config.providers[0]!.config.apiKey).toBe('[REDACTED]');
    expect(await listFiles(dir)).toEqual(['out.yaml']);
  });

  it('CSV: promptfoo columns, rows in test order, quoting, missing cells empty', async () => {
    const dir = await tempDir();
    const path = join(dir, 'out.csv');
    const info = makeInfo(12, 2);
    const results = scrambledResults(12, 2);
    results[0] = makeResult(results[0]!.testIdx, results[0]!.promptIdx, 'pass', {
      response: { output: 'has, comma and "quotes"\nand newline' },
    });
    await runSink(createFileSink(path), info, results);
    const rows = parseCsv(await readFile(path, 'utf8')) as string[][];
    expect(rows[0]).toEqual([
      '[Description]',
      'q',
      'lang',
      '[echo] prompt-0',
      'Status',
      'Score',
      'Named Scores',
      'Grader Reason',
      'Comment',
      '[Mock Labelled] prompt-1',
      'Status',
      'Score',
      'Named Scores',
      'Grader Reason',
      'Comment',
    ]);
    expect(rows).toHaveLength(13);
    expect(rows.slice(1).map((r) => r[1])).toEqual(Array.from({ length: 12 }, (_, i) => `question ${i}`));
    expect(rows[4]!.slice(3, 9)).toEqual(['answer 3/0', 'FAIL', '0.00', '', 'Expected output to contain "x"', '']);
    expect(rows[5]![4]).toBe('ERROR');
    expect(rows[5]![3]).toBe('HTTP 500: boom');
    expect(rows.flat()).toContain('has, comma and "quotes"\nand newline');
    expect(await listFiles(dir)).toEqual(['out.csv']);
  });

  it('CSV: an aborted run writes what completed, with empty fields for cells that never ran', async () => {
    const dir = await tempDir();
    const path = join(dir, 'out.csv');
    const info = makeInfo(3, 2);
    const results = [makeResult(2, 1), makeResult(0, 0), makeResult(0, 1)];
    await runSink(createFileSink(path), info, results, makeSummary(info, results, { aborted: true }));
    const rows = parseCsv(await readFile(path, 'utf8')) as string[][];
    expect(rows.map((r) => r[1])).toEqual(['q', 'question 0', 'question 2']);
    expect(rows[2]!.slice(3, 9)).toEqual(['', '', '', '', '', '']);
    expect(rows[2]![10]).toBe('PASS');
  });

  it('HTML: the viewer with the eval embedded; rows in order, text only inside the payload', async () => {
    const dir = await tempDir();
    const path = join(dir, 'report.html');
    const info = makeInfo(6, 2);
    const results = scrambledResults(6, 2);
    const evil = makeResult(0, 0, 'fail', { response: { output: '<script>alert("x")</script> & more' } });
    const withEvil = results.map((r) => (r.testIdx === 0 && r.promptIdx === 0 ? evil : r));
    await runSink(new HtmlSink(path, { viewerDir: STAND_IN_VIEWER }), info, withEvil);
    const report = decodeReport(path);
    expect(report.html.startsWith('<!doctype html>')).toBe(true);
    expect(report.html.trimEnd().endsWith('</html>')).toBe(true);
    expect(report.outsidePayload).not.toContain('alert');
    expect(report.html).toContain('<title>Test &lt;suite&gt; &amp; co · Assay</title>');
    expect(report.data.rows.map((row) => row.vars.q)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `question ${i}`));
    expect(report.data.rows[0]!.cells[0]).toMatchObject({
      status: 'fail',
      output: '<script>alert("x")</script> & more',
      failureReasons: ['r'],
    });
    expect(report.data.rows[4]!.cells[1]).toMatchObject({ status: 'error', failureReasons: ['HTTP 500: boom'] });
    expect(report.data.summary.columns[1]).toMatchObject({ pass: 4, fail: 1, error: 1 });
    expect(report.html).not.toMatch(/<link |src="http|href="http/);
    expect(await listFiles(dir)).toEqual(['report.html']);
  });

  it('JUnit: one testcase per cell, failure vs error, correct counts, escaped', async () => {
    const dir = await tempDir();
    const path = join(dir, 'junit.xml');
    const info = makeInfo(3, 1);
    const results = [
      makeResult(2, 0, 'error', { error: 'HTTP 500 <bad> & "worse"' }),
      makeResult(0, 0, 'pass', { description: 'greets & waves' }),
      makeResult(1, 0, 'fail', { repeatIndex: 1 }),
    ];
    await runSink(createFileSink(path), info, results);
    const xml = await readFile(path, 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toMatch(/<testsuite name="Test &lt;suite&gt; &amp; co" tests="3" failures="1" errors="1" skipped="0"/);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain('name="greets &amp; waves"');
    expect(xml).toContain('classname="echo/prompt-0"');
    expect(xml).toContain('name="q=question 1, lang=en (repeat 2)"');
    expect(xml).toMatch(/<failure message="Expected output to contain &quot;x&quot;" type="assertion">/);
    expect(xml).toContain(
      '<error message="HTTP 500 &lt;bad&gt; &amp; &quot;worse&quot;" type="error">HTTP 500 &lt;bad&gt; &amp; "worse"</error>',
    );
    // Balanced tags: a crude well-formedness check.
    for (const tag of ['testsuites', 'testsuite', 'properties']) {
      expect(xml.match(new RegExp(`<${tag}[ >]`, 'g'))?.length).toBe(xml.match(new RegExp(`</${tag}>`, 'g'))?.length);
    }
    expect(await listFiles(dir)).toEqual(['junit.xml']);
  });

  it('rejects an unknown extension with a usage error listing the formats', () => {
    expect(() => createFileSink('out.pdf')).toThrow(AssayError);
    expect(() => createFileSink('out.pdf')).toThrow(/\.json, \.jsonl, \.csv, \.html/);
    try {
      createFileSink('results');
    } catch (err) {
      expect((err as AssayError).code).toBe('USAGE');
    }
  });
});

describe('file sinks with awkward results', () => {
  it('JSONL: a result whose metadata has a cycle is still written', async () => {
    const dir = await tempDir();
    const path = join(dir, 'out.jsonl');
    const r = makeResult(0, 0, 'pass');
    const meta: Record<string, unknown> = { note: 'x' };
    meta.self = meta;
    r.metadata = meta;
    await runSink(createFileSink(path), makeInfo(1, 1), [r]);
    const line = JSON.parse((await readFile(path, 'utf8')).trim()) as { metadata: { self: string } };
    expect(line.metadata.self).toBe('[Circular]');
  });
});
