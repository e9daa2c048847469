// Writes a large eval suite for benchmarks: N tests against `echo`, each with vars and a few
// deterministic assertions, as a promptfooconfig.yaml plus a CSV of tests (generateEchoSuite), or
// with the same tests written inline in promptfooconfig.yaml (generateInlineEchoSuite).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function generateEchoSuite(dir, testCount) {
  mkdirSync(dir, { recursive: true });
  const rows = ['topic,audience,__expected1,__expected2'];
  for (let i = 0; i < testCount; i++) {
    rows.push(`topic ${i},readers of group ${i % 97},contains: topic ${i},"javascript: output.length > 10"`);
  }
  writeFileSync(join(dir, 'tests.csv'), `${rows.join('\n')}\n`);
  writeFileSync(
    join(dir, 'promptfooconfig.yaml'),
    [
      'description: generated echo suite',
      'prompts:',
      "  - 'Write a short note about {{topic}} for {{audience}}.'",
      'providers:',
      '  - echo',
      'tests: file://tests.csv',
      '',
    ].join('\n'),
  );
  return dir;
}

/** The same tests as generateEchoSuite, written inline under `tests:` in promptfooconfig.yaml. */
export function generateInlineEchoSuite(dir, testCount) {
  mkdirSync(dir, { recursive: true });
  const lines = [
    'description: generated inline echo suite',
    'prompts:',
    "  - 'Write a short note about {{topic}} for {{audience}}.'",
    'providers:',
    '  - echo',
    'tests:',
  ];
  for (let i = 0; i < testCount; i++) {
    lines.push(
      '  - vars:',
      `      topic: topic ${i}`,
      `      audience: readers of group ${i % 97}`,
      '    assert:',
      '      - type: contains',
      `        value: topic ${i}`,
      '      - type: javascript',
      '        value: output.length > 10',
    );
  }
  writeFileSync(join(dir, 'promptfooconfig.yaml'), `${lines.join('\n')}\n`);
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = 'bench/out/suite', count = '10000'] = process.argv.slice(2);
  generateEchoSuite(dir, Number(count));
  console.log(`Wrote ${count} tests to ${dir}`);
}
