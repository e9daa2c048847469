import { describe, expect, it } from 'vitest';
import { scrubValue } from '../../src/redaction/scrub-value.js';
import { isSecretName } from '../../src/redaction/secret-names.js';
import {
  registerConfigSecrets,
  registerEnvSecrets,
  registerHeaderSecrets,
  registerSecret,
  scrubText,
} from '../../src/redaction/secret-registry.js';
import { redactSecrets } from '../../src/results/redact.js';
import { excerpt } from '../../src/assertions/model-graded/grader-call.js';

describe('secret names (the second net)', () => {
  it('cover the header and env names found leaking, and keep settings that merely mention tokens', () => {
    for (const name of [
      'Ocp-Apim-Subscription-Key',
      'X-Auth',
      'X-Session',
      'MY_SERVICE_KEY',
      'SUBSCRIPTION_KEY',
      'x-debug-authorization',
      'apiKey',
      'x-amz-security-token',
      'sessionId',
      'DB_PASSPHRASE',
    ]) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of [
      'max_tokens',
      'OPENAI_MAX_TOKENS',
      'apiKeyEnvar',
      'x-ratelimit-remaining-tokens',
      'content-type',
      'keyPath',
      'authType',
      'XDG_SESSION_TYPE',
      'key',
    ]) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it('redact those names and every non-plain header in the config section of output files', () => {
    const config = {
      providers: [
        {
          id: 'openai:chat:x',
          config: {
            headers: {
              'Ocp-Apim-Subscription-Key': 'a1',
              'X-Auth': 'a2',
              'X-Session': 'a3',
              'X-Tenant-Routing': 'a4',
              'Content-Type': 'application/json',
              Accept: 'text/plain',
            },
          },
        },
      ],
      env: { MY_SERVICE_KEY: 'a5', SUBSCRIPTION_KEY: 'a6', REGION: 'eu' },
    };
    expect(redactSecrets(config)).toEqual({
      providers: [
        {
          id: 'openai:chat:x',
          config: {
            headers: {
              'Ocp-Apim-Subscription-Key': '[REDACTED]',
              'X-Auth': '[REDACTED]',
              'X-Session': '[REDACTED]',
              'X-Tenant-Routing': '[REDACTED]',
              'Content-Type': 'application/json',
              Accept: 'text/plain',
            },
          },
        },
      ],
      env: { MY_SERVICE_KEY: '[REDACTED]', SUBSCRIPTION_KEY: '[REDACTED]', REGION: 'eu' },
    });
  });
});

describe('the secret registry scrubs by value', () => {
  it('wherever a registered value appears, whatever the text around it is called', () => {
    registerHeaderSecrets({
      'X-Whatever-You-Like': 'opaque-value-6611',
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
    });
    expect(scrubText('the server said opaque-value-6611!')).toBe('the server said [REDACTED]!');
    // Plain headers are not secrets: their values stay in outputs.
    expect(scrubText('application/json 2023-06-01')).toBe('application/json 2023-06-01');
  });

  it('registers credential env variables by name, and not short or boolean values', () => {
    registerEnvSecrets({
      ACME_GATEWAY_TOKEN: 'acme-env-token-0099',
      FEATURE_KEY: 'true',
      PIN_SECRET: '1234',
      REGION: 'eu-west-1-long',
      DESKTOP_SESSION: 'ubuntu',
      PWD: '/home/someone/project',
    });
    expect(scrubText('acme-env-token-0099 true 1234 eu-west-1-long ubuntu /home/someone/project')).toBe(
      '[REDACTED] true 1234 eu-west-1-long ubuntu /home/someone/project',
    );
  });

  it('registers secret fields and header values from a config, templates and test vars excepted', () => {
    registerConfigSecrets({
      providers: [
        {
          config: {
            subscriptionKey: 'cfg-sub-key-4242',
            apiKey: '{{ env.OPENAI_API_KEY }}',
            headers: { 'X-Route': 'route-value-8080' },
          },
        },
      ],
      tests: [{ vars: { password: 'the-topic-of-the-test' } }],
    });
    expect(scrubText('cfg-sub-key-4242 route-value-8080 the-topic-of-the-test {{ env.OPENAI_API_KEY }}')).toBe(
      '[REDACTED] [REDACTED] the-topic-of-the-test {{ env.OPENAI_API_KEY }}',
    );
  });

  it('registers from a config with a cycle, and from one value shared over and over', () => {
    const cyclic: Record<string, unknown> = { config: { token: 'cycle-token-5150' } };
    cyclic.self = cyclic;
    registerConfigSecrets(cyclic);
    // 2^40 paths to one object: walking every path would never end (a small budget to try it fast).
    let shared: Record<string, unknown> = { config: { api_key: 'shared-key-6060' } };
    for (let i = 0; i < 40; i++) shared = { left: shared, right: shared };
    registerConfigSecrets({ providers: [shared, { config: { api_key: 'after-the-dag-7070' } }] }, 10_000);
    expect(scrubText('cycle-token-5150 shared-key-6060 after-the-dag-7070')).toBe('[REDACTED] [REDACTED] [REDACTED]');
  });

  it('finds a token inside a JSON-escaped string in a result, once or twice escaped', () => {
    registerSecret('tok"en\\with-quote-771');
    const reply = JSON.stringify({ note: 'here: tok"en\\with-quote-771' });
    const result = { response: { output: reply, metadata: { raw: JSON.stringify(reply) } }, vars: { q: 'fine' } };
    const safe = scrubValue(result);
    expect(JSON.stringify(safe)).not.toContain('with-quote-771');
    expect(safe.response.output).toBe(JSON.stringify({ note: 'here: [REDACTED]' }));
    expect(safe.vars).toBe(result.vars); // untouched parts are not copied
  });

  it('also scrubs the credential after a Bearer/Basic scheme, and URL-encoded forms', () => {
    registerSecret('Bearer abc/def+ghi=jkl-5');
    expect(scrubText('echo abc/def+ghi=jkl-5 and abc%2Fdef%2Bghi%3Djkl-5')).toBe('echo [REDACTED] and [REDACTED]');
  });

  it('hides secret-named response headers even when their value was never registered', () => {
    const safe = scrubValue({
      metadata: {
        http: {
          headers: {
            'x-debug-authorization': 'Bearer never-seen-before',
            'x-request-id': 'req_1',
            'set-cookie': 'sid=1',
          },
        },
      },
    });
    expect(safe.metadata.http.headers).toEqual({
      'x-debug-authorization': '[REDACTED]',
      'x-request-id': 'req_1',
      'set-cookie': '[REDACTED]',
    });
  });
});

describe('reasons quoting a reply', () => {
  it('a grader reply echoing a secret across the excerpt cut leaves no prefix in the reason', () => {
    registerSecret('grader-echoed-secret-3141');
    const reason = excerpt(`${'g'.repeat(290)}grader-echoed-secret-3141${'h'.repeat(100)}`, 300);
    expect(reason).not.toContain('grader-ec');
    expect(reason).toMatch(/g\[REDACT/); // the marker may itself be cut; the secret never is
  });
});
