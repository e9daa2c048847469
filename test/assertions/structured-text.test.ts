// is-xml / contains-xml, is-html / contains-html, is-sql / contains-sql, gleu and meteor: a pass
// and a fail case each, with promptfoo's options (required XML elements, SQL dialect and allow-lists).

import { describe, expect, it } from 'vitest';
import { gleuScore, meteorScore } from '../../src/assertions/text/nlp-scores.js';
import { gradeOne } from './grade.js';

describe('is-xml / contains-xml', () => {
  const doc = '<analysis><summary>Good</summary><sentiment>positive</sentiment></analysis>';
  it('passes well-formed XML and fails broken XML with the parser message', async () => {
    expect((await gradeOne({ type: 'is-xml' }, doc)).pass).toBe(true);
    const broken = await gradeOne({ type: 'is-xml' }, '<a><b>text</a>');
    expect(broken.pass).toBe(false);
    expect(broken.reason).toMatch(/XML parsing failed/);
    expect((await gradeOne({ type: 'is-xml' }, 'just words')).pass).toBe(false);
  });

  it('checks required element paths given as a comma list or an array', async () => {
    expect((await gradeOne({ type: 'is-xml', value: 'analysis.summary, analysis.sentiment' }, doc)).pass).toBe(true);
    const missing = await gradeOne({ type: 'is-xml', value: ['analysis.summary', 'analysis.score'] }, doc);
    expect(missing.pass).toBe(false);
    expect(missing.reason).toBe('XML is missing required elements: analysis.score');
    expect((await gradeOne({ type: 'is-xml', value: { requiredElements: ['analysis.score'] } }, doc)).pass).toBe(false);
    expect((await gradeOne({ type: 'is-xml', value: { requiredElements: ['analysis.summary'] } }, doc)).pass).toBe(
      true,
    );
  });

  it('contains-xml finds XML inside prose; not-contains-xml passes on plain text', async () => {
    expect(
      (await gradeOne({ type: 'contains-xml', value: 'analysis.sentiment' }, `Here you go:\n${doc}\nThanks!`)).pass,
    ).toBe(true);
    expect((await gradeOne({ type: 'contains-xml' }, 'no markup at all')).pass).toBe(false);
    expect((await gradeOne({ type: 'not-contains-xml' }, 'no markup at all')).pass).toBe(true);
  });
});

describe('is-html / contains-html', () => {
  it('passes an HTML fragment and fails text, XML and mismatched tags', async () => {
    expect((await gradeOne({ type: 'is-html' }, '<!DOCTYPE html><html><body><p>Hi<br></p></body></html>')).pass).toBe(
      true,
    );
    expect((await gradeOne({ type: 'is-html' }, '<div class="card"><h2>Title</h2><p>text</p></div>')).pass).toBe(true);
    expect((await gradeOne({ type: 'is-html' }, 'Hello <b>world</b>')).pass).toBe(false);
    expect((await gradeOne({ type: 'is-html' }, '<?xml version="1.0"?><note><to>Tove</to></note>')).pass).toBe(false);
    const bad = await gradeOne({ type: 'is-html' }, '<div><p>text</span></div>');
    expect(bad.pass).toBe(false);
    expect(bad.reason).toMatch(/<\/span> has no opening tag/);
  });

  it('contains-html finds markup inside prose', async () => {
    expect((await gradeOne({ type: 'contains-html' }, 'Use this: <a href="/x">link</a> and done')).pass).toBe(true);
    expect((await gradeOne({ type: 'contains-html' }, 'Compare a < b and c > d')).pass).toBe(false);
    expect((await gradeOne({ type: 'not-contains-html' }, 'plain answer')).pass).toBe(true);
  });
});

describe('is-sql / contains-sql', () => {
  it('parses SQL (MySQL by default) and fails invalid SQL with the parser message', async () => {
    expect((await gradeOne({ type: 'is-sql' }, 'SELECT id, name FROM users WHERE id = 1')).pass).toBe(true);
    const bad = await gradeOne({ type: 'is-sql' }, 'SELEC * FROM users');
    expect(bad.pass).toBe(false);
    expect(bad.reason).toMatch(/does not conform to the provided MySQL database syntax/);
  });

  it('honours databaseType: a PostgreSQL-only statement passes as PostgreSQL and fails as MySQL', async () => {
    const sql = "SELECT id FROM users WHERE name ILIKE 'a%' LIMIT 1 OFFSET 2";
    expect((await gradeOne({ type: 'is-sql', value: { databaseType: 'PostgreSQL' } }, sql)).pass).toBe(true);
    expect((await gradeOne({ type: 'is-sql', value: { databaseType: 'MySQL' } }, sql)).pass).toBe(false);
  });

  it('allowedTables and allowedColumns (plain names or authority patterns) restrict what the SQL touches', async () => {
    const sql = 'SELECT id, name FROM users';
    expect((await gradeOne({ type: 'is-sql', value: { allowedTables: ['users'] } }, sql)).pass).toBe(true);
    expect(
      (
        await gradeOne(
          { type: 'is-sql', value: { allowedTables: ['select::null::users'], allowedColumns: ['id', 'name'] } },
          sql,
        )
      ).pass,
    ).toBe(true);
    const table = await gradeOne({ type: 'is-sql', value: { allowedTables: ['orders'] } }, sql);
    expect(table.pass).toBe(false);
    expect(table.reason).toMatch(/table that is not allowed.*select::null::users/);
    expect((await gradeOne({ type: 'is-sql', value: { allowedColumns: ['id'] } }, sql)).pass).toBe(false);
  });

  it('contains-sql reads a fenced block out of prose', async () => {
    expect((await gradeOne({ type: 'contains-sql' }, 'Sure:\n```sql\nSELECT id FROM users\n```\nDone.')).pass).toBe(
      true,
    );
    expect((await gradeOne({ type: 'contains-sql' }, 'Sure:\n```\nthis is not sql at all\n```')).pass).toBe(false);
  });

  it('an unknown databaseType is an assertion error naming the dialects', async () => {
    await expect(gradeOne({ type: 'is-sql', value: { databaseType: 'Oracle9' } }, 'SELECT 1')).rejects.toThrow(
      /unknown databaseType "Oracle9"; use one of mysql, mariadb, postgresql/,
    );
  });
});

describe('gleu / meteor', () => {
  it('gleu is 1 for an exact match, low for unrelated text (threshold 0.5)', async () => {
    expect(gleuScore('the cat sat on the mat', ['the cat sat on the mat'])).toBe(1);
    expect((await gradeOne({ type: 'gleu', value: 'The cat sat on the mat' }, 'the cat sat on the mat')).pass).toBe(
      true,
    );
    const low = await gradeOne(
      { type: 'gleu', value: ['the cat sat on the mat', 'a cat was on the mat'] },
      'dogs bark at night',
    );
    expect(low.pass).toBe(false);
    expect(low.reason).toMatch(/GLEU score 0\.0000 is less than threshold 0.5/);
  });

  it('meteor credits stem matches and penalises word order', async () => {
    const exact = meteorScore('the cat sat on the mat', ['the cat sat on the mat']);
    expect(exact).toBeGreaterThan(0.99 - 0.5 * (1 / 6) ** 3);
    expect(meteorScore('the cats sitting', ['the cat sitting'])).toBeGreaterThan(
      meteorScore('the dogs sitting', ['the cat sitting']),
    );
    expect(meteorScore('mat the on sat cat the', ['the cat sat on the mat'])).toBeLessThan(exact);
    expect(
      (await gradeOne({ type: 'meteor', value: 'The weather is sunny today' }, 'the weather is sunny today')).pass,
    ).toBe(true);
    expect((await gradeOne({ type: 'meteor', value: 'The weather is sunny today' }, 'I like turtles')).pass).toBe(
      false,
    );
    expect((await gradeOne({ type: 'not-meteor', value: 'The weather is sunny today' }, 'I like turtles')).pass).toBe(
      true,
    );
  });
});

describe('promptfoo assertion types Assay does not run', () => {
  it('are named "not supported by Assay" with the reason by validate, never as typos', async () => {
    const { validateConfig } = await import('../../src/suite/validate-suite.js');
    const { isKnownAssertionType } = await import('../../src/assertions/registry.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'assay-unsupported-'));
    writeFileSync(
      join(dir, 'promptfooconfig.yaml'),
      'prompts: [hi]\nproviders: [echo]\ntests:\n  - assert:\n      - type: pi\n        value: positive\n      - type: not-trace-span-count\n      - type: is-xml\n      - type: classifier\n',
    );
    const problems = await validateConfig({ cwd: dir, isKnownAssertionType });
    const text = problems.map((p) => p.message).join('\n');
    expect(text).toMatch(/Assertion type "pi" is not supported by Assay: it scores with the remote Pi Labs/);
    expect(text).toMatch(
      /"not-trace-span-count" is not supported by Assay: Assay does not collect OpenTelemetry traces/,
    );
    expect(text).not.toMatch(/is-xml/);
    expect(text).not.toMatch(/classifier/);
    expect(text).not.toMatch(/Unknown assertion type/);
  });
});
