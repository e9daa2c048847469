import { describe, expect, it } from 'vitest';
import { fixtureDir, gradeOne } from './grade.js';

const schema = {
  type: 'object',
  required: ['name', 'email'],
  properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } },
};

describe('is-json', () => {
  it('passes only when the whole output parses', async () => {
    expect((await gradeOne({ type: 'is-json' }, '{"a": 1}')).pass).toBe(true);
    expect(await gradeOne({ type: 'is-json' }, 'Here: {"a": 1}')).toMatchObject({
      pass: false,
      reason: 'Expected output to be valid JSON',
    });
    expect((await gradeOne({ type: 'not-is-json' }, 'plain text')).pass).toBe(true);
    expect((await gradeOne({ type: 'is-json' }, { a: 1 })).pass).toBe(true);
  });

  it('validates an inline schema, with formats', async () => {
    expect((await gradeOne({ type: 'is-json', value: schema }, '{"name":"Ann","email":"ann@example.com"}')).pass).toBe(
      true,
    );
    const bad = await gradeOne({ type: 'is-json', value: schema }, '{"name":"Ann","email":"nope"}');
    expect(bad.pass).toBe(false);
    expect(bad.reason).toMatch(/^JSON does not conform to the provided schema\. Errors: .*email/);
    expect(
      await gradeOne({ type: 'not-is-json', value: schema }, '{"name":"Ann","email":"ann@example.com"}'),
    ).toMatchObject({
      pass: false,
      reason: 'Output is JSON that conforms to the provided schema',
    });
  });

  it('accepts the schema as a YAML string', async () => {
    const yamlSchema =
      'type: object\nrequired: [rating]\nproperties:\n  rating: {type: integer, minimum: 1, maximum: 5}\n';
    expect((await gradeOne({ type: 'is-json', value: yamlSchema }, '{"rating": 4}')).pass).toBe(true);
    expect((await gradeOne({ type: 'is-json', value: yamlSchema }, '{"rating": 9}')).pass).toBe(false);
  });

  it('loads the schema from file:// JSON or YAML relative to the config folder', async () => {
    const dir = fixtureDir({
      'schema.json': JSON.stringify(schema),
      'schema.yaml': 'type: array\nitems: {type: number}\n',
    });
    expect(
      (
        await gradeOne({ type: 'is-json', value: 'file://schema.json' }, '{"name":"A","email":"a@b.co"}', {
          basePath: dir,
        })
      ).pass,
    ).toBe(true);
    expect(
      (await gradeOne({ type: 'is-json', value: 'file://schema.json' }, '{"name":"A"}', { basePath: dir })).pass,
    ).toBe(false);
    expect((await gradeOne({ type: 'is-json', value: 'file://schema.yaml' }, '[1, 2]', { basePath: dir })).pass).toBe(
      true,
    );
    expect((await gradeOne({ type: 'is-json', value: 'file://schema.yaml' }, '["x"]', { basePath: dir })).pass).toBe(
      false,
    );
  });

  it('reports an unusable schema instead of grading', async () => {
    const result = await gradeOne({ type: 'not-is-json', value: { type: 'object', notAKeyword: true } }, '{}');
    expect(result.pass).toBe(false);
    expect(result.reason).toMatch(/^Invalid JSON schema: /);
  });
});

describe('contains-json', () => {
  it('finds JSON in prose and code fences', async () => {
    const prose = 'Sure! Here is the data:\n```json\n{"city": "Paris", "tags": ["a", "b"]}\n```\nAnything else?';
    expect((await gradeOne({ type: 'contains-json' }, prose)).pass).toBe(true);
    expect((await gradeOne({ type: 'contains-json' }, 'The list [1] is {not json} at all')).pass).toBe(false);
    expect((await gradeOne({ type: 'contains-json' }, 'Result: [{"id": 1}, {"id": 2}] done')).pass).toBe(true);
    expect((await gradeOne({ type: 'not-contains-json' }, 'no json here')).pass).toBe(true);
  });

  it('tolerates comments, trailing commas and a reply cut off before the closing brace', async () => {
    expect((await gradeOne({ type: 'contains-json' }, '{\n  "a": 1, // the answer\n  "b": 2,\n}')).pass).toBe(true);
    expect((await gradeOne({ type: 'contains-json', value: { required: ['a'] } }, 'Output: {"a": {"b": 1}')).pass).toBe(
      true,
    );
  });

  it('passes with a schema when any embedded object validates', async () => {
    const text = 'First {"name": 1} then {"name": "Bo", "email": "bo@example.com"}.';
    expect((await gradeOne({ type: 'contains-json', value: schema }, text)).pass).toBe(true);
    const none = await gradeOne({ type: 'contains-json', value: schema }, 'Only {"name": 1}');
    expect(none.pass).toBe(false);
    expect(none.reason).toMatch(/^JSON does not conform to the provided schema/);
    expect((await gradeOne({ type: 'not-contains-json', value: schema }, text)).reason).toBe(
      'Output contains JSON conforming to the provided schema',
    );
  });
});
