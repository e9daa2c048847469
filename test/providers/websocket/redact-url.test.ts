import { describe, expect, it } from 'vitest';
import { redactUrl, scrubSecrets, secretValuesIn } from '../../../src/providers/websocket/redact-url.js';
import { build } from './helpers.js';

describe('redactUrl', () => {
  it('hides secret query values and passwords, keeping templates and ordinary parameters', () => {
    expect(redactUrl('ws://test.com/sessions/{{ sessionId }}?token=runtime-secret')).toBe(
      'ws://test.com/sessions/{{ sessionId }}?token=%5BREDACTED%5D',
    );
    expect(
      redactUrl(
        'wss://h/ws?model=gpt&api_key=k1&X-Api-Key=k2&sig=s&Signature=t&access_token=a&apikey=b&auth=c&password=d&secret=e#frag',
      ),
    ).toBe(
      'wss://h/ws?model=gpt&api_key=%5BREDACTED%5D&X-Api-Key=%5BREDACTED%5D&sig=%5BREDACTED%5D&Signature=%5BREDACTED%5D&access_token=%5BREDACTED%5D&apikey=%5BREDACTED%5D&auth=%5BREDACTED%5D&password=%5BREDACTED%5D&secret=%5BREDACTED%5D#frag',
    );
    expect(redactUrl('wss://user:pa55word@h/ws')).toBe('wss://user:%5BREDACTED%5D@h/ws');
    expect(redactUrl('ws://plain.example/ws?lang=en')).toBe('ws://plain.example/ws?lang=en');
  });

  it('finds the secret values so lower-level messages can be scrubbed', () => {
    const url = 'wss://u:pw123@h/ws?token=abc%2Fdef&lang=en';
    expect(secretValuesIn(url)).toEqual(['abc%2Fdef', 'pw123']);
    expect(scrubSecrets('failed for abc/def and pw123', secretValuesIn(url))).toBe(
      'failed for [REDACTED] and [REDACTED]',
    );
  });

  it('is what id() and toString() show', async () => {
    const provider = await build('websocket', { url: 'wss://h/ws/{{ id }}?key=k-123&lang=en', messageTemplate: 'x' });
    expect(provider.id()).toBe('wss://h/ws/{{ id }}?key=%5BREDACTED%5D&lang=en');
    expect(String(provider)).toBe('[WebSocket Provider wss://h/ws/{{ id }}?key=%5BREDACTED%5D&lang=en]');
  });
});
