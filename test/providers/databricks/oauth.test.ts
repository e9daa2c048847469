import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_CREDENTIALS, startEmulators, type RunningEmulators } from '../../../src/emulator/index.js';
import { OAuthTokenSource } from '../../../src/providers/databricks/index.js';
import { closeDispatchers } from '../../../src/providers/transport/index.js';

// One clock for the emulator (token expiry) and the client (refresh decisions): no waiting.
let now = 1_700_000_000_000;
const clock = () => now;
let emu: RunningEmulators;
beforeAll(async () => {
  emu = await startEmulators({ now: clock, databricks: { tokenTtlSeconds: 600 } });
});
afterAll(async () => {
  await emu.close();
  await closeDispatchers();
});

const c = EMULATOR_CREDENTIALS;
const tokenRequests = () => emu.databricks.requests.filter((r) => r.path === '/oidc/v1/token').length;

async function accepted(token: string): Promise<number> {
  const res = await fetch(`${emu.databricks.url}/serving-endpoints/databricks-dbrx-instruct/invocations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
  });
  await res.text();
  return res.status;
}

describe('OAuthTokenSource', () => {
  it('refreshes in the background before expiry and never hands out a token about to expire', async () => {
    const source = new OAuthTokenSource(
      { workspaceUrl: emu.databricks.url, clientId: c.databricksClientId, clientSecret: c.databricksClientSecret },
      { now: clock },
    );
    const first = await source.token();
    expect(tokenRequests()).toBe(1);

    // 10 minutes to live: fresh until 5 minutes remain (min(TTL/2, 20 min)).
    now += 200_000;
    expect(await source.token()).toBe(first);
    expect(tokenRequests()).toBe(1);

    // Stale: the old token is still served while a new one is fetched, once.
    now += 150_000;
    expect(await source.token()).toBe(first);
    expect(await source.token()).toBe(first);
    let second = first;
    for (let i = 0; i < 200 && second === first; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      second = await source.token();
    }
    expect(second).not.toBe(first);
    expect(tokenRequests()).toBe(2);
    expect(await accepted(second)).toBe(200);

    // Within 40 s of expiry a token is not used at all; callers wait for a new one.
    now += 600_000 - 30_000;
    expect(await accepted(second)).toBe(200);
    const third = await source.token();
    expect(third).not.toBe(second);
    expect(tokenRequests()).toBe(3);
  });

  it('fetches a single token for many concurrent callers, and again after invalidate()', async () => {
    const source = new OAuthTokenSource(
      { workspaceUrl: emu.databricks.url, clientId: c.databricksClientId, clientSecret: c.databricksClientSecret },
      { now: clock },
    );
    const before = tokenRequests();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => source.token()));
    expect(new Set(tokens).size).toBe(1);
    expect(tokenRequests() - before).toBe(1);
    source.invalidate('some-older-token');
    expect(await source.token()).toBe(tokens[0]);
    source.invalidate(tokens[0]);
    const fresh = await Promise.all(Array.from({ length: 10 }, () => source.token()));
    expect(new Set(fresh).size).toBe(1);
    expect(fresh[0]).not.toBe(tokens[0]);
    expect(tokenRequests() - before).toBe(2);
  });
});
