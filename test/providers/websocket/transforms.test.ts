import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebSocketEmulator, type WebSocketEmulator } from '../../../src/emulator/websocket.js';
import { build, contextWith, expectAllClosed } from './helpers.js';

let emulator: WebSocketEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startWebSocketEmulator();
  dir = mkdtempSync(join(tmpdir(), 'assay-ws-'));
  writeFileSync(
    join(dir, 'transforms.js'),
    'export default (data) => data.output.toUpperCase();\nexport function shout(data) { return { output: data.output + "!" }; }\n',
  );
  writeFileSync(
    join(dir, 'stream.cjs'),
    [
      'function collect(acc, event) {',
      '  const msg = JSON.parse(event.data);',
      '  const prev = acc && typeof acc.output === "string" ? acc.output : "";',
      '  return msg.type === "done" ? [{ output: prev }, true] : [{ output: prev + msg.text }, false];',
      '}',
      'module.exports = collect;',
      'module.exports.upper = (acc, event) => { const [r, done] = collect(acc, event); return [{ output: r.output.toUpperCase() }, done]; };',
    ].join('\n'),
  );
});
afterAll(async () => {
  await emulator.close();
});

const template = '{"prompt": {{ prompt | dump }} }';

describe('transformResponse forms', () => {
  const cases: Array<[string, unknown, string, unknown]> = [
    ['an expression', 'data.output', '/json', 'You said: hi'],
    ['a nested expression', 'data.choices[0].message.content', '/choices', 'You said: hi'],
    ['a function body', 'const text = data.output;\nreturn text.length;', '/json', 12],
    [
      'a function-expression string',
      '(data) => ({ output: data.output, metadata: { kind: "ws" } })',
      '/json',
      'You said: hi',
    ],
    ['a function value', (data: { foobar: string }) => data.foobar, '/foobar', 'You said: hi'],
    ['a file:// default export', 'file://transforms.js', '/json', 'YOU SAID: HI'],
    ['a file:// named export', 'file://transforms.js:shout', '/json', 'You said: hi!'],
  ];
  it.each(cases)('accepts %s', async (_name, transformResponse, path, expected) => {
    const provider = await build(`${emulator.url}${path}`, { messageTemplate: template, transformResponse }, dir);
    const response = await provider.call('hi', contextWith());
    expect(response.error).toBeUndefined();
    expect(response.output).toEqual(expected);
  });

  it('keeps the whole parsed reply without a transform, and plain text as text', async () => {
    const json = await build(`${emulator.url}/json`, { messageTemplate: template });
    expect((await json.call('hi', contextWith())).output).toEqual({ output: 'You said: hi' });
    const text = await build(`${emulator.url}/text`, { messageTemplate: '{{ prompt }}' });
    expect((await text.call('plain words', contextWith())).output).toBe('You said: plain words');
  });

  it('takes an object with output as the response, extra fields included', async () => {
    const provider = await build(`${emulator.url}/json`, {
      messageTemplate: template,
      transformResponse: '({ output: data.output, tokenUsage: { total: 3 } })',
    });
    const response = await provider.call('hi', contextWith());
    expect(response.output).toBe('You said: hi');
    expect(response.tokenUsage).toEqual({ total: 3 });
    expect(response.latencyMs).toBeGreaterThanOrEqual(0);
    expect(response.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it('passes the call context to the transform and renders vars and custom filters in the message', async () => {
    const provider = await build(`${emulator.url}/text`, {
      messageTemplate: '{{ prompt | shout }} in {{ city }}',
      transformResponse: '(data, context) => data + " / " + context.vars.city',
    });
    const context = { ...contextWith({ city: 'Oslo' }), filters: { shout: (v: unknown) => String(v).toUpperCase() } };
    expect((await provider.call('hello', context)).output).toBe('You said: HELLO in Oslo / Oslo');
  });
});

describe('streamResponse forms', () => {
  const concatBody = [
    'const msg = JSON.parse(data.data);',
    'const prev = typeof accumulator?.output === "string" ? accumulator.output : "";',
    'if (msg.type === "done") return [{ output: prev }, true];',
    'return [{ output: prev + msg.text }, false];',
  ].join('\n');
  const cases: Array<[string, unknown, string]> = [
    ['a function-expression string', `(accumulator, data, context) => {\n${concatBody}\n}`, 'You said: tell me more'],
    ['a function body string', concatBody, 'You said: tell me more'],
    [
      'a one-line expression',
      'JSON.parse(data.data).type === "done" ? [accumulator, true] : [{ output: (accumulator.output ?? "") + JSON.parse(data.data).text }, false]',
      'You said: tell me more',
    ],
    [
      'a function value',
      (acc: { output?: string }, event: { data: string }) => {
        const msg = JSON.parse(event.data) as { type: string; text?: string };
        return msg.type === 'done' ? [acc, true] : [{ output: (acc.output ?? '') + msg.text }, false];
      },
      'You said: tell me more',
    ],
    [
      'an async function value',
      async (acc: { output?: string }, event: { data: string }) => {
        await new Promise((r) => setTimeout(r, 1));
        const msg = JSON.parse(event.data) as { type: string; text?: string };
        return msg.type === 'done' ? [acc, true] : [{ output: (acc.output ?? '') + msg.text }, false];
      },
      'You said: tell me more',
    ],
    ['a file:// default export (CommonJS)', 'file://stream.cjs', 'You said: tell me more'],
    ['a file:// named export', 'file://stream.cjs:upper', 'YOU SAID: TELL ME MORE'],
  ];
  it.each(cases)('accepts %s', async (_name, streamResponse, expected) => {
    const provider = await build(
      `${emulator.url}/chunks`,
      { messageTemplate: template, streamResponse, transformResponse: 'data.ignored' },
      dir,
    );
    const response = await provider.call('tell me more', contextWith());
    expect(response.error).toBeUndefined();
    expect(response.output).toBe(expected);
    expect(response.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it('hands the handler a MessageEvent-shaped value and the call context', async () => {
    const seen: unknown[] = [];
    const provider = await build(`${emulator.url}/text`, {
      messageTemplate: '{{ prompt }}',
      streamResponse: (_acc: unknown, event: { type: string; data: unknown }, context: { vars: unknown }) => {
        seen.push(event.type, typeof event.data, context.vars);
        return [{ output: event.data }, true];
      },
    });
    const response = await provider.call('x', contextWith({ a: 1 }));
    expect(response.output).toBe('You said: x');
    expect(seen).toEqual(['message', 'string', { a: 1 }]);
    await expectAllClosed(emulator);
  });
});
