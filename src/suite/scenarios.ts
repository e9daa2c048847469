// `scenarios:` — each scenario crosses its `config` rows with its tests; the resulting tests are
// appended after the top-level tests, each with a conversation id per (scenario, row).

import { readDataFile, requireFile, resolveRefPath } from '../config/file-ref.js';
import type { Problems } from '../config/problems.js';
import { readTestFiles, type LoadedTest } from './test-files.js';
import type { TestCase } from './types.js';

type Raw = Record<string, unknown>;

export async function expandScenarios(
  scenarios: readonly unknown[] | undefined,
  basePath: string,
  problems: Problems,
  file?: string,
): Promise<LoadedTest[]> {
  const out: LoadedTest[] = [];
  let conversation = 0;
  for (const [index, entry] of (scenarios ?? []).entries()) {
    const keyPath = `scenarios[${index}]`;
    try {
      let scenario = entry as Raw;
      if (typeof entry === 'string') {
        const absolute = resolveRefPath(entry, basePath);
        requireFile(absolute, { file, keyPath }, 'Scenario file');
        const loaded = readDataFile(absolute);
        scenario = (Array.isArray(loaded) ? loaded[0] : loaded) as Raw;
      }
      const rows = (scenario.config as Raw[] | undefined) ?? [{}];
      const tests: unknown[] =
        typeof scenario.tests === 'string'
          ? (await readTestFiles(scenario.tests, basePath)).map((t) => t.test)
          : ((scenario.tests as unknown[]) ?? []);
      for (const row of rows) {
        const conversationId = `__scenario_${conversation++}__`;
        for (const [t, item] of tests.entries()) {
          const test = (typeof item === 'string' ? {} : item) as TestCase;
          const r = row as TestCase;
          const merged: TestCase = {
            ...r,
            ...test,
            vars: { ...r.vars, ...test.vars },
            options: { ...r.options, ...test.options },
            assert: [...(r.assert ?? []), ...(test.assert ?? [])],
            metadata: {
              ...r.metadata,
              ...test.metadata,
              conversationId: test.metadata?.conversationId ?? conversationId,
            },
          };
          if (merged.description === undefined && typeof scenario.description === 'string')
            merged.description = scenario.description;
          const fromData = typeof entry === 'string' || typeof scenario.tests === 'string';
          out.push({ test: merged, origin: { file, keyPath: `${keyPath}.tests[${t}]` }, fromFile: false, fromData });
        }
      }
    } catch (err) {
      problems.addThrown(err, { file, keyPath });
    }
  }
  return out;
}
