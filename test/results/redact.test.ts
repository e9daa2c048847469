import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/results/redact.js';

describe('redactSecrets', () => {
  it('replaces credentials by key name wherever they are and keeps settings', () => {
    const config = {
      providers: [
        {
          id: 'databricks:endpoint',
          config: {
            apiKey: 'sk-1',
            api_key: 'sk-2',
            token: 'dapi123',
            accessToken: 'at',
            clientSecret: 'cs',
            client_secret: 'cs2',
            password: 'pw',
            secret: 's',
            headers: { Authorization: 'Bearer abcdefghijk', 'X-Api-Key': 'k', 'Content-Type': 'application/json' },
            isPayPerToken: true,
            max_tokens: 500,
            apiKeyEnvar: 'CUSTOM_CLOUDFLARE_KEY',
            templated: '{{ env.X }}',
          },
        },
      ],
      env: { OPENAI_API_KEY: 'sk-env', DATABRICKS_TOKEN: 'dapi-env', REGION: 'eu' },
    };
    const out = redactSecrets(config) as typeof config;
    const c = out.providers[0]!.config;
    for (const key of [
      'apiKey',
      'api_key',
      'token',
      'accessToken',
      'clientSecret',
      'client_secret',
      'password',
      'secret',
    ] as const) {
      expect(c[key]).toBe('[REDACTED]');
    }
    expect(c.headers).toEqual({
      Authorization: '[REDACTED]',
      'X-Api-Key': '[REDACTED]',
      'Content-Type': 'application/json',
    });
    expect(c.isPayPerToken).toBe(true);
    expect(c.max_tokens).toBe(500);
    expect(c.apiKeyEnvar).toBe('CUSTOM_CLOUDFLARE_KEY');
    expect(out.env).toEqual({ OPENAI_API_KEY: '[REDACTED]', DATABRICKS_TOKEN: '[REDACTED]', REGION: 'eu' });
    expect(config.providers[0]!.config.apiKey).toBe('sk-1');
  });

  it('redacts secret query parameters and URL passwords, keeping the rest of the URL', () => {
    const out = redactSecrets({
      url: 'wss://api.example.com/ws?model=x&api_key=abc123&token=t0k#frag',
      other: 'https://user:hunter2@example.com/path?key=K&page=2',
    });
    expect(out).toEqual({
      url: 'wss://api.example.com/ws?model=x&api_key=[REDACTED]&token=[REDACTED]#frag',
      other: 'https://user:[REDACTED]@example.com/path?key=[REDACTED]&page=2',
    });
  });

  it('reduces provider objects to their id and survives cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    const provider = { id: () => 'custom:x', label: 'X', call: async () => ({}), config: { apiKey: 'sk' } };
    expect(redactSecrets({ cyclic, provider, fn: () => 1 })).toEqual({
      cyclic: { name: 'a', self: '[Circular]' },
      provider: { id: 'custom:x', label: 'X' },
    });
  });
});

describe('redactSecrets on URL templates', () => {
  it('hides secret query values in a WebSocket url whose scheme and host come from a var', () => {
    const out = redactSecrets({
      url: '{{ base }}/chat?api_key=WSKEY-3&room={{ room }}',
      other: 'What is {{ x }}? a=b',
    }) as Record<string, string>;
    expect(out.url).toBe('{{ base }}/chat?api_key=[REDACTED]&room={{ room }}');
    expect(out.other).toBe('What is {{ x }}? a=b');
  });

  it('copies only the objects on the way to a secret and leaves the input as it was', () => {
    const tests = [{ vars: { q: 'one' }, assert: [{ type: 'contains', value: 'one' }] }];
    const provider = { id: 'openai:gpt-4o', config: { apiKey: 'sk-secret-value', temperature: 0 } };
    const config = { tests, providers: [provider], when: new Date(0), hook: () => 1 };
    const out = redactSecrets(config) as Record<string, unknown>;
    expect(out.tests).toBe(tests);
    expect(out).not.toBe(config);
    expect(out).not.toHaveProperty('hook');
    expect(out.when).toBe('1970-01-01T00:00:00.000Z');
    expect(out.providers).toEqual([{ id: 'openai:gpt-4o', config: { apiKey: '[REDACTED]', temperature: 0 } }]);
    expect(provider.config.apiKey).toBe('sk-secret-value');
    expect(redactSecrets({ plain: [1, 'two', { three: true }] })).toEqual({ plain: [1, 'two', { three: true }] });
  });
});
