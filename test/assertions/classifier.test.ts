// The classifier assertion through the built CLI: a Python provider's call_classification_api and
// a JS custom provider's callClassificationApi grade outputs (expected label, top label, threshold,
// not-classifier), and without a classification provider the check fails saying how to set one.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeFiles } from '../support/cli.js';
import { hasPython, skipReason } from '../python/has-python.js';

interface Row {
  success: boolean;
  vars: Record<string, unknown>;
  gradingResult?: {
    pass: boolean;
    score: number;
    reason: string;
    componentResults?: Array<{ pass: boolean; score: number; reason: string }>;
  };
}

function rows(dir: string): Row[] {
  return (JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { results: { results: Row[] } }).results.results;
}

async function evalDir(dir: string) {
  const run = await runCli([
    'eval',
    '-c',
    dir,
    '--no-progress-bar',
    '--no-table',
    '--no-cache',
    '-o',
    join(dir, 'out.json'),
  ]);
  return { run, rows: rows(dir) };
}

// Each test names its case in vars.case; the outputs are echoed prompts, so the classifier sees them.
const tests = `
tests:
  - vars: { case: label passes, text: "I love it" }
    assert: [{ type: classifier, value: positive, threshold: 0.8 }]
  - vars: { case: label fails, text: "I hate it" }
    assert: [{ type: classifier, value: positive, threshold: 0.8 }]
  - vars: { case: default threshold 1 fails, text: "I love it" }
    assert: [{ type: classifier, value: positive }]
  - vars: { case: not-classifier passes, text: "I hate it" }
    assert: [{ type: not-classifier, value: positive, threshold: 0.5 }]
  - vars: { case: not-classifier fails, text: "I love it" }
    assert: [{ type: not-classifier, value: positive, threshold: 0.5 }]
  - vars: { case: no value uses the top label, text: "I hate it" }
    assert: [{ type: classifier, threshold: 0.85 }]
`;

/** Each case's one classifier check, with the row's success. */
function byCase(
  list: Row[],
): Record<string, { success: boolean; gradingResult: { pass: boolean; score: number; reason: string } }> {
  return Object.fromEntries(
    list.map((r) => [
      String(r.vars.case),
      { success: r.success, gradingResult: r.gradingResult!.componentResults![0]! },
    ]),
  );
}

function expectSentimentGrades(list: Row[]) {
  const r = byCase(list);
  expect(r['label passes']!.success).toBe(true);
  expect(r['label passes']!.gradingResult!.score).toBeCloseTo(0.9);
  expect(r['label passes']!.gradingResult!.reason).toContain('label "positive"');
  expect(r['label fails']!.success).toBe(false);
  expect(r['label fails']!.gradingResult!.reason).toMatch(
    /score 0\.1 for label "positive" is less than threshold 0\.8/,
  );
  expect(r['default threshold 1 fails']!.success).toBe(false);
  expect(r['default threshold 1 fails']!.gradingResult!.reason).toContain('less than threshold 1');
  // not-classifier flips pass and scores 1 - score, as promptfoo does.
  expect(r['not-classifier passes']!.success).toBe(true);
  expect(r['not-classifier passes']!.gradingResult!.score).toBeCloseTo(0.9);
  expect(r['not-classifier fails']!.success).toBe(false);
  expect(r['not-classifier fails']!.gradingResult!.score).toBeCloseTo(0.1);
  expect(r['not-classifier fails']!.gradingResult!.reason).toContain('not to be classified as label "positive"');
  expect(r['no value uses the top label']!.success).toBe(true);
  expect(r['no value uses the top label']!.gradingResult!.reason).toContain('top label "negative"');
  expect(r['no value uses the top label']!.gradingResult!.score).toBeCloseTo(0.9);
}

describe.skipIf(!hasPython)(`classifier with a Python call_classification_api provider${skipReason}`, () => {
  it('grades by the expected label, the top label, the threshold and not-classifier', async () => {
    const dir = writeFiles({
      'provider.py': `
def call_api(prompt, options, context):
    return {"output": prompt}

def call_classification_api(prompt, options, context):
    positive = 0.9 if "love" in prompt else 0.1
    return {"classification": {"positive": positive, "negative": round(1 - positive, 2)}, "tokenUsage": {"total": 2}}
`,
      'promptfooconfig.yaml': `
prompts: ['{{text}}']
providers: ['file://provider.py']
defaultTest:
  options:
    provider:
      classification: file://provider.py
${tests}`,
    });
    const { run, rows: list } = await evalDir(dir);
    expect(run.code).toBe(100);
    expectSentimentGrades(list);
  });

  it('a classification error fails the check with the provider and the message', async () => {
    const dir = writeFiles({
      'provider.py': `
def call_api(prompt, options, context):
    return prompt

def call_classification_api(prompt, options):
    return {"error": "model not loaded"}
`,
      'promptfooconfig.yaml': `
prompts: ['hello']
providers: ['file://provider.py']
tests:
  - assert: [{ type: classifier, value: positive, provider: file://provider.py }]
`,
    });
    const {
      run,
      rows: [row],
    } = await evalDir(dir);
    expect(run.code).toBe(100);
    expect(row!.success).toBe(false);
    expect(row!.gradingResult!.reason).toMatch(/Classification with file:\/\/provider\.py failed: .*model not loaded/);
  });
});

describe('classifier with a JS custom provider', () => {
  it('callClassificationApi on an assertion provider grades like a Python one', async () => {
    const dir = writeFiles({
      'echo.mjs': `export default class { id() { return 'echo-js'; } async callApi(prompt) { return { output: prompt }; } }`,
      'sentiment.mjs': `
export default class {
  id() { return 'sentiment-js'; }
  async callApi() { return { error: 'classification only' }; }
  async callClassificationApi(text) {
    const positive = text.includes('love') ? 0.9 : 0.1;
    return { classification: { positive, negative: Math.round((1 - positive) * 100) / 100 } };
  }
}`,
      'promptfooconfig.yaml': `
prompts: ['{{text}}']
providers: ['file://echo.mjs']
defaultTest:
  options:
    provider: file://sentiment.mjs
${tests}`,
    });
    const { run, rows: list } = await evalDir(dir);
    expect(run.code).toBe(100);
    expectSentimentGrades(list);
  });

  it('without a classification provider the check fails saying how to set one', async () => {
    const dir = writeFiles({
      'promptfooconfig.yaml': `
prompts: ['hello']
providers: [echo]
tests:
  - assert: [{ type: classifier, value: positive }]
  - options: { provider: echo }
    assert: [{ type: classifier, value: positive }]
`,
    });
    const {
      run,
      rows: [none, chat],
    } = await evalDir(dir);
    expect(run.code).toBe(100);
    expect(run.stderr).not.toMatch(/not supported by Assay/);
    expect(none!.success).toBe(false);
    expect(none!.gradingResult!.reason).toMatch(
      /No classification provider configured for this classifier assertion\. Set `provider:` on the assertion or `defaultTest\.options\.provider\.classification`/,
    );
    expect(none!.gradingResult!.reason).toContain('call_classification_api');
    expect(none!.gradingResult!.reason).toContain('Hugging Face providers are not built into Assay');
    // A grader that cannot classify is passed over and named.
    expect(chat!.gradingResult!.reason).toContain('(echo cannot classify)');
  });
});
