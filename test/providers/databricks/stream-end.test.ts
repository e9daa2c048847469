// Databricks is not documented to end streams with `data: [DONE]`: a stream that ends cleanly
// after its finish_reason is a whole reply; one that ends cleanly before it is cut short.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDispatchers } from '../../../src/providers/transport/index.js';
import { BLANK_ENV, build, contextWith } from './helpers.js';

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

let server: Server;
let events: string[] = [];
let env: Record<string, string>;
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(events.join(''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  env = {
    ...BLANK_ENV,
    DATABRICKS_WORKSPACE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    DATABRICKS_TOKEN: 'dapi-stream-end-test',
  };
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeDispatchers();
});

describe('databricks stream end', () => {
  it('a stream that ends after its finish_reason without [DONE] is a complete reply', async () => {
    events = [chunk({ role: 'assistant', content: 'Hello' }), chunk({ content: ' there' }), chunk({}, 'stop')];
    const result = await (await build('databricks:my-endpoint', { stream: true, maxRetries: 0 }, env)).call(
      'hi',
      contextWith(),
    );
    expect(result.error).toBeUndefined();
    expect(result.output).toBe('Hello there');
    expect(result.finishReason).toBe('stop');
  });

  it('a stream that ends before any finish_reason is reported as incomplete', async () => {
    events = [chunk({ role: 'assistant', content: 'Hel' })];
    const result = await (await build('databricks:my-endpoint', { stream: true, maxRetries: 0 }, env)).call(
      'hi',
      contextWith(),
    );
    expect(result.output).toBeUndefined();
    expect(result.error).toMatch(
      /^Databricks API error: The stream from 127\.0\.0\.1:\d+\/serving-endpoints\/my-endpoint\/invocations ended before it finished.*incomplete/,
    );
  });
});
