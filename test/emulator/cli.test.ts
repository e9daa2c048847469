// `assay emulate`: prints URLs and export lines, serves until SIGINT, then closes cleanly.

import { expect, it } from 'vitest';
import { runEmulateCommand } from '../../src/emulator/cli.js';

it('prints working export lines and stops on SIGINT', async () => {
  const lines: string[] = [];
  const running = runEmulateCommand({ rpm: 100, faults: '503:1', write: (l) => lines.push(l) });
  while (!lines.some((l) => l.startsWith('Press Ctrl+C'))) await new Promise((r) => setTimeout(r, 10));
  const env = Object.fromEntries(
    lines
      .filter((l) => l.startsWith('export '))
      .map((l) =>
        /^export (\w+)=(.*)$/
          .exec(l)!
          .slice(1, 3)
          .map((v) => v.replace(/^'|'$/g, '')),
      ),
  );
  expect(Object.keys(env)).toEqual(
    expect.arrayContaining(['DATABRICKS_HOST', 'LLAMA_API_BASE_URL', 'CLOUDFLARE_API_BASE_URL', 'OPENAI_BASE_URL']),
  );
  const call = () =>
    fetch(`${env.OPENAI_BASE_URL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.OPENAI_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
  expect((await call()).status).toBe(503);
  expect((await call()).status).toBe(200);
  process.emit('SIGINT');
  await running;
  await expect(call()).rejects.toThrow();
});
