// The WebSocket provider's transformResponse and streamResponse written in Python, against the
// WebSocket emulator over loopback: the reply frames reach Python as data and its result is used.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebSocketEmulator, type WebSocketEmulator } from '../../src/emulator/websocket.js';
import { build, contextWith } from '../providers/websocket/helpers.js';
import { writeFiles } from '../support/cli.js';
import { hasPython, skipReason } from './has-python.js';

let emulator: WebSocketEmulator;
const dir = writeFiles({
  'transforms.py': [
    'import json',
    '',
    'def get_transform(data, context):',
    '    return {"output": data["output"].upper(), "metadata": {"vars": context["vars"]}}',
    '',
    'def collect(accumulator, event, context):',
    '    message = json.loads(event["data"])',
    '    previous = (accumulator or {}).get("output", "")',
    '    if message["type"] == "done":',
    '        return [{"output": previous}, True]',
    '    return [{"output": previous + message.get("text", "")}, False]',
  ].join('\n'),
});

beforeAll(async () => {
  emulator = await startWebSocketEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

const template = '{"prompt": {{ prompt | dump }} }';

describe.skipIf(!hasPython)(`WebSocket transforms in Python${skipReason}`, () => {
  it('transformResponse: file://x.py calls get_transform(data, context)', async () => {
    const provider = await build(
      `${emulator.url}/json`,
      { messageTemplate: template, transformResponse: 'file://transforms.py' },
      dir,
    );
    const response = await provider.call('hi', contextWith({ city: 'Kyoto' }));
    expect(response.error).toBeUndefined();
    expect(response.output).toBe('YOU SAID: HI');
    expect(response.metadata).toMatchObject({ vars: { city: 'Kyoto' } });
  });

  it('streamResponse: file://x.py:fn accumulates the streamed frames', async () => {
    const provider = await build(
      `${emulator.url}/chunks`,
      { messageTemplate: template, streamResponse: 'file://transforms.py:collect' },
      dir,
    );
    const response = await provider.call('Suggest a trip', contextWith());
    expect(response.error).toBeUndefined();
    expect(response.output).toBe('You said: Suggest a trip');
  });

  it('a missing function is a config error naming it', async () => {
    await expect(
      build(`${emulator.url}/json`, { messageTemplate: template, transformResponse: 'file://transforms.py:nope' }, dir),
    ).rejects.toThrow(/has no function named "nope"/);
  });
});
