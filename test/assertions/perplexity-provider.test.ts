// perplexity end to end: an OpenAI-compatible server on loopback that returns token log-probs
// only when the request asks for them, and the advice the assertion gives when none came back.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw) as { logprobs?: boolean };
      const logprobs = body.logprobs
        ? {
            content: [
              { token: 'Paris', logprob: Math.log(0.5) },
              { token: '.', logprob: Math.log(0.5) },
            ],
          }
        : null;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'c1',
          object: 'chat.completion',
          created: 0,
          model: 'local',
          choices: [{ index: 0, message: { role: 'assistant', content: 'Paris.' }, finish_reason: 'stop', logprobs }],
          usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function perplexityWith(config: Record<string, unknown>) {
  const result = await evaluate(
    {
      prompts: ['Capital of France?'],
      providers: [{ id: 'openai:chat:local', config: { apiBaseUrl: baseUrl, apiKey: 'k', ...config } }],
      tests: [{ assert: [{ type: 'perplexity', threshold: 3 }] }],
    },
    { cache: false },
  );
  return result.results[0]!.gradingResult!.componentResults![0]!;
}

describe('perplexity with an OpenAI-compatible provider', () => {
  it('passes when the provider config asks for log-probs the way the failure message says', async () => {
    const without = await perplexityWith({});
    expect(without.pass).toBe(false);
    const advice = /`logprobs: true`/.exec(without.reason)?.[0];
    expect(advice, without.reason).toBeDefined();
    const withLogProbs = await perplexityWith({ logprobs: true });
    expect(withLogProbs.pass, withLogProbs.reason).toBe(true);
    expect(withLogProbs.metadata?.perplexity).toBeCloseTo(2);
  });
});
