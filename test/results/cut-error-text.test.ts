import { describe, expect, it } from 'vitest';
import { cutErrorText } from '../../src/results/cut-error-text.js';

const rateLimited =
  'Databricks API error: HTTP 429 Too Many Requests from host.cloud.databricks.com/serving-endpoints/x/invocations: ' +
  'Too many requests, slow down please, you are sending requests too quickly for the current tier ' +
  '(code: REQUEST_LIMIT_EXCEEDED) [request id: abc-123]; gave up after 4 attempts. Lower -j or raise the endpoint rate limit.';

describe('cutErrorText', () => {
  it('leaves short errors alone, on one line', () => {
    expect(cutErrorText('HTTP 500: boom', 80)).toBe('HTTP 500: boom');
    expect(cutErrorText('line one\n  line two', 80)).toBe('line one line two');
  });

  it('keeps the status, the code and the hint, and shortens the message', () => {
    for (const max of [200, 140]) {
      const cut = cutErrorText(rateLimited, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).toContain('HTTP 429 Too Many Requests');
      expect(cut).toContain('(code: REQUEST_LIMIT_EXCEEDED)');
      expect(cut).toContain('Lower -j or raise the endpoint rate limit.');
      expect(cut).toContain(': Too many');
      expect(cut).toContain('…');
    }
  });

  it('keeps the status and the code in 80 characters', () => {
    const cut = cutErrorText(rateLimited, 80);
    expect(cut.length).toBeLessThanOrEqual(80);
    expect(cut).toMatch(/^Databricks API error: HTTP 429 Too Many Requests/);
    expect(cut).toContain('REQUEST_LIMIT_EXCEEDED');
  });

  it('keeps the start and the end of other errors', () => {
    const text =
      'Python assertion failed in asserts.py: ZeroDivisionError: division by zero at line 12 of a long file name. Fix the function and run again.';
    const cut = cutErrorText(text, 80);
    expect(cut.length).toBeLessThanOrEqual(80);
    expect(cut).toMatch(/^Python assertion failed/);
    expect(cut).toMatch(/run again\.$/);
    expect(cut).toContain('…');
  });
});

describe('cutErrorText in a narrow space', () => {
  it('drops the provider name and the type before the code', () => {
    const unauthorized =
      'Flaky API error: HTTP 401 Unauthorized from api.example.com/v1/chat: Invalid API key provided: sk-...abcd. You can find your API key at the dashboard ' +
      '(type: invalid_request_error, code: invalid_api_key) [request id: req_1]. Check the API key or token for this provider.';
    const cut = cutErrorText(unauthorized, 66);
    expect(cut.length).toBeLessThanOrEqual(66);
    expect(cut).toMatch(/^HTTP 401 Unauthorized: Invalid API/);
    expect(cut).toContain('(code: invalid_api_key)');
  });

  it('keeps the network code of a connection error, which sits mid-message', () => {
    const text =
      'Not sent: the endpoint could not be reached 3 times in a row with no success (last error: HTTP provider error: ' +
      'Could not reach 127.0.0.1:1/nothing: connect ECONNREFUSED 127.0.0.1:1 / ECONNREFUSED). The remaining calls to it ' +
      'fail at once; Assay tries it again every 10 s. Check that the server is running and the base URL is right.';
    for (const max of [80, 140]) {
      const cut = cutErrorText(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).toMatch(/^Not sent: the endpoint/);
      expect(cut).toContain('ECONNREFUSED');
      expect(cut).toMatch(/base URL is right\.$/);
    }
  });
});
