// Test helpers: grade an output with assertions the way the runner will, with graders that refuse.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Provider, ProviderResponse } from '../../src/providers/types.js';
import type { AssertionSpec, TestCase, Vars } from '../../src/suite/types.js';
import { runAssertions } from '../../src/assertions/engine/run-assertions.js';
import type { GradingResult, GraderResolver } from '../../src/assertions/types.js';

export const noGraders: GraderResolver = {
  text: () => Promise.reject(new Error('no grader')),
  embedding: () => Promise.reject(new Error('no grader')),
  call: () => Promise.reject(new Error('no grader')),
  embed: () => Promise.reject(new Error('no grader')),
  classification: () => Promise.reject(new Error('no grader')),
  classify: () => Promise.reject(new Error('no grader')),
};

export interface GradeOptions {
  vars?: Vars;
  threshold?: number;
  response?: ProviderResponse;
  basePath?: string;
  latencyMs?: number;
  prompt?: string;
  test?: Partial<TestCase>;
  graders?: GraderResolver;
  provider?: Provider;
}

/** Grades `output` against the given assertions and returns the row's GradingResult. */
export function grade(assert: AssertionSpec[], output: unknown, options: GradeOptions = {}): Promise<GradingResult> {
  const vars = options.vars ?? {};
  return runAssertions({
    test: { vars, assert, threshold: options.threshold, ...options.test },
    output,
    providerResponse: options.response ?? { output },
    prompt: options.prompt ?? 'the prompt',
    vars,
    basePath: options.basePath ?? process.cwd(),
    graders: options.graders ?? noGraders,
    provider: options.provider,
    latencyMs: options.latencyMs,
  });
}

/** Grades with a single assertion and returns its component result. */
export async function gradeOne(
  assertion: AssertionSpec,
  output: unknown,
  options: GradeOptions = {},
): Promise<GradingResult> {
  const result = await grade([assertion], output, options);
  return result.componentResults![0]!;
}

/** A fresh temp folder holding the given files. */
export function fixtureDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'assay-assert-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
