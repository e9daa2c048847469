import { describe, expect, it } from 'vitest';
import { resolveProviderFamily } from '../../../src/providers/registry.js';
import { build } from './helpers.js';

describe('WebSocket ids in the registry', () => {
  it.each(['ws://localhost:8080/chat', 'wss://example.com/ws?token=x', 'ws', 'wss', 'websocket'])(
    '%s is the websocket family',
    (id) => {
      expect(resolveProviderFamily(id)).toEqual({ family: 'websocket', rest: id });
    },
  );

  it('does not claim look-alikes', () => {
    expect(() => resolveProviderFamily('wsx://host')).toThrow(/Unknown provider/);
  });

  it('builds from a bare id with config.url, accepting function values (library use)', async () => {
    const provider = await build('wss', {
      url: 'wss://example.com/ws',
      messageTemplate: '{{ prompt }}',
      transformResponse: (d: unknown) => d,
      streamResponse: undefined,
    });
    expect(provider.id()).toBe('wss://example.com/ws');
    expect(provider.cacheable).toBe(false);
  });
});
