// Golden ids: stored evals are resumed, retried and compared by cell id, test hash and suite hash,
// so a change to how a suite is read or hashed must leave these exact values as they are.

import { describe, expect, it } from 'vitest';
import { testContentHash } from '../../src/identity/cell-id.js';
import { buildColumns, generateSteps, planSuiteHash } from '../../src/runner/steps.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { fixture } from '../config/fixture.js';

const config =
  'prompts: ["Note on {{topic}} for {{audience}}", "Say {{topic}}"]\nproviders: [echo]\ntests: file://tests.csv\n';
const csv = [
  'topic,audience,__expected1,__expected2,__description',
  'topic 0,readers,contains: topic 0,"javascript: output.length > 10",twice',
  '"say ""hi""","a, b",icontains: HI,,greeting',
  'topic 0,readers,contains: topic 0,"javascript: output.length > 10",twice',
].join('\r\n');

describe('golden ids', () => {
  it('a CSV suite keeps its test hashes, cell ids and suite hash', async () => {
    const suite = await loadSuite({ cwd: fixture({ 'promptfooconfig.yaml': config, 'tests.csv': csv }) });
    expect(suite.tests.map((test) => testContentHash(test))).toEqual(GOLDEN.testHashes);
    const ids = [...generateSteps(suite.tests, buildColumns(suite), 1)].map((step) => step.cellId);
    expect(ids).toEqual(GOLDEN.cellIds);
    expect(planSuiteHash(suite, 1)).toBe(GOLDEN.suiteHash);
    // The suite hash walk's recorded ids are read back by the run's walk: the same ids.
    expect([...generateSteps(suite.tests, buildColumns(suite), 1)].map((step) => step.cellId)).toEqual(ids);
  });
});

// Worked out by main at 4de9452 (before the fast CSV reader and the load-phase changes).
const GOLDEN = {
  testHashes: ['90e15cc6e3d2ad08c4bf', '7f6fae18743e10d4e450', '90e15cc6e3d2ad08c4bf'],
  cellIds: [
    'f23c062bd55058c39b7f',
    '61145b54189edc333e28',
    'b3c40ad74ae0167e93c4',
    '5dead76dc36316dc5bef',
    'd80d7d4102e09d2a22e6',
    '4d80379a892ea145a17f',
  ],
  suiteHash: '83456c9e18b424939418',
};
