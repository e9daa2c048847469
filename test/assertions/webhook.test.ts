// webhook: the output and context are POSTed to the HTTP app emulator's /grade route, whose
// {pass, score, reason} is the verdict; unreachable or malformed webhooks fail with the reason.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpAppEmulator, type HttpAppEmulator } from '../../src/emulator/http-app.js';
import { gradeOne } from './grade.js';

let app: HttpAppEmulator;
beforeAll(async () => {
  app = await startHttpAppEmulator();
});
afterAll(async () => {
  await app.close();
});

describe('webhook', () => {
  it('passes and fails on the webhook verdict, and sends output, prompt and vars', async () => {
    const ok = await gradeOne({ type: 'webhook', value: `${app.url}/grade?contains=Paris` }, 'Paris is lovely', {
      vars: { city: 'Paris' },
      prompt: 'Tell me about Paris',
    });
    expect(ok).toMatchObject({ pass: true, score: 1, reason: 'contains "Paris"' });
    const sent = JSON.parse(app.received.at(-1)!.body);
    expect(sent).toEqual({
      output: 'Paris is lovely',
      context: { prompt: 'Tell me about Paris', vars: { city: 'Paris' } },
    });
    const bad = await gradeOne({ type: 'webhook', value: `${app.url}/grade?contains=Paris` }, 'Berlin');
    expect(bad).toMatchObject({ pass: false, score: 0.25, reason: 'does not contain "Paris"' });
  });

  it('not-webhook flips pass and scores 1 - score', async () => {
    expect(await gradeOne({ type: 'not-webhook', value: `${app.url}/grade?contains=Paris` }, 'Berlin')).toMatchObject({
      pass: true,
      score: 0.75,
    });
  });

  it('a failing or malformed webhook fails the assertion with the reason', async () => {
    const down = await gradeOne({ type: 'webhook', value: `${app.url}/status/500` }, 'x');
    expect(down.pass).toBe(false);
    expect(down.reason).toMatch(/^Webhook error: .*HTTP 500/);
    const shape = await gradeOne({ type: 'webhook', value: `${app.url}/echo` }, 'x');
    expect(shape.reason).toMatch(/boolean "pass"/);
    expect((await gradeOne({ type: 'not-webhook', value: `${app.url}/status/500` }, 'x')).pass).toBe(false);
  });
});
