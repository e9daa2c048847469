// Builders for HTML-report tests, usable by the browser tests too: a synthetic eval (with hostile
// content on request), written through the real -o report.html sink, and a decoder that reads a
// report back the way the app does (base64, gunzip, JSON) plus its CSP and inlined scripts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { EmbeddedEval } from '../../../src/viewer/contract.js';
import { HtmlSink } from '../../../src/results/sinks/html.js';
import type { EvalResult, RunStartInfo, RunSummary } from '../../../src/results/types.js';
import type { ReportOptions } from '../../../src/viewer/report/report-writer.js';
import { makeInfo, makeResult, makeSummary, runSink } from '../../results/factory.js';

/** A stand-in viewer build (decodes the data, prints one line) for tests that must not need dist/viewer. */
export const STAND_IN_VIEWER = join(import.meta.dirname, 'fixture-viewer');

/** Content that would run or load something if any of it reached the page as markup or a URL. */
export const HOSTILE = [
  '</script><script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '<svg onload=alert(1)><script>alert(2)</script></svg>',
  "'><iframe src=javascript:alert(1)>",
  '<!--<script>',
];

export interface SyntheticEval {
  info: RunStartInfo;
  results: EvalResult[];
  summary: RunSummary;
}

/**
 * rows × columns cells: every 5th row fails, every 7th errors (as in the results tests); with
 * `hostile`, each payload goes into the description, a var, the output and an assertion reason.
 */
export function syntheticEval(
  rows: number,
  columns: number,
  options: { hostile?: boolean; outputChars?: number } = {},
): SyntheticEval {
  const info = makeInfo(rows, columns, {
    description: options.hostile ? `Eval ${HOSTILE.join(' ')}` : 'Synthetic eval',
  });
  const results: EvalResult[] = [];
  for (let t = 0; t < rows; t++) {
    for (let p = 0; p < columns; p++) {
      const kind = t % 5 === 3 ? 'fail' : t % 7 === 4 ? 'error' : 'pass';
      const result = makeResult(t, p, kind, { cellId: `cell-${t}-${p}` });
      const payload = options.hostile ? HOSTILE[(t + p) % HOSTILE.length]! : '';
      const text = `answer ${t}/${p} ${payload}`.padEnd(options.outputChars ?? 0, ' lorem ipsum dolor');
      result.vars = { q: `question ${t} ${payload}`, lang: 'en' };
      result.testCase = {
        ...result.testCase,
        vars: result.vars,
        description: options.hostile ? `test ${payload}` : undefined,
        metadata: { topic: t % 2 ? 'odd' : 'even' },
      };
      if (options.hostile) result.description = `test ${payload}`;
      if (result.response && kind !== 'error') result.response = { ...result.response, output: text };
      if (kind === 'fail' && result.gradingResult) {
        result.gradingResult.reason = `Expected "x" ${payload}`;
        result.gradingResult.componentResults![0]!.reason = `Expected "x" ${payload}`;
      }
      if (kind === 'error') result.error = `HTTP 500: boom ${payload}`;
      result.namedScores = { accuracy: kind === 'pass' ? 1 : 0 };
      results.push(result);
    }
  }
  return { info, results, summary: makeSummary(info, results) };
}

/** Writes `fixture` through the real HTML sink (in a scrambled, completion-like order). */
export async function writeReport(path: string, fixture: SyntheticEval, options: ReportOptions = {}): Promise<void> {
  const scrambled: EvalResult[] = [];
  for (let i = 0; i < fixture.results.length; i += 8) scrambled.push(...fixture.results.slice(i, i + 8).reverse());
  await runSink(
    new HtmlSink(path, { viewerDir: STAND_IN_VIEWER, ...options }),
    fixture.info,
    scrambled,
    fixture.summary,
  );
}

export interface DecodedReport {
  html: string;
  data: EmbeddedEval;
  /** The base64 payload as it is in the file. */
  payload: string;
  csp: string;
  /** The text of each inline executable script. */
  scripts: string[];
  /** The file without the payload: everything eval content could reach. */
  outsidePayload: string;
}

export function decodeReport(path: string): DecodedReport {
  const html = readFileSync(path, 'utf8');
  const match = /<script type="application\/octet-stream" id="assay-data">([^<]*)<\/script>/.exec(html);
  if (!match) throw new Error(`no assay-data element in ${path}`);
  const payload = match[1]!;
  const data = JSON.parse(gunzipSync(Buffer.from(payload, 'base64')).toString('utf8')) as EmbeddedEval;
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
  const scripts = [...html.matchAll(/<script(?: type="module")?>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  return { html, data, payload, csp: csp.replace(/&#39;/g, "'"), scripts, outsidePayload: html.replace(payload, '') };
}
