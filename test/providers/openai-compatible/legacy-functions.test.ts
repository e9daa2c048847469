// OpenAI's older function calling (`functions` / `function_call` in the config) against the
// emulator: the reply comes back as `message.function_call`, the provider turns it into the
// documented output shape, and is-valid-openai-function-call passes on it.

import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/index.js';
import { createProvider } from '../../../src/providers/registry.js';
import type { CallContext } from '../../../src/providers/types.js';
import { useEmulators } from '../../support/emulators.js';

const emu = useEmulators();

const getWeather = {
  name: 'get_weather',
  description: 'Get the current weather for a location',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};
const context = (config: Record<string, unknown> = {}): CallContext => ({
  vars: {},
  prompt: { raw: '', label: 'p', config },
  repeatIndex: 0,
});

describe('legacy functions', () => {
  it.each([
    'openai:chat:gpt-4o-mini',
    'llamaapi:Llama-3.3-70B-Instruct',
    'cloudflare-ai:chat:@cf/meta/llama-3.1-8b-instruct',
    'databricks:databricks-meta-llama-3-3-70b-instruct',
  ])('%s: a function_call reply becomes the documented call shape, whole or streamed', async (id) => {
    const provider = await createProvider({ id, config: { functions: [getWeather] }, env: emu.env(), basePath: '.' });
    for (const stream of [false, true]) {
      const result = await provider.call("What's the weather like in Paris?", context({ stream }));
      expect(result.error).toBeUndefined();
      expect(result.finishReason).toBe('function_call');
      // promptfoo's shape: the function_call object itself, arguments as JSON text.
      expect(result.output).toEqual({ name: 'get_weather', arguments: '{"location":"Paris"}' });
    }
  });

  it('the emulator answers in the legacy shape and honours function_call: none and a named function', async () => {
    emu.openai.reset();
    const named = await createProvider({
      id: 'openai:chat:gpt-4o-mini',
      config: { functions: [getWeather], function_call: { name: 'get_weather' } },
      env: emu.env(),
      basePath: '.',
    });
    const forced = await named.call('Tell me a joke', context());
    expect(forced.output).toMatchObject({ name: 'get_weather' });
    expect(emu.openai.requests[0]!.body).toMatchObject({
      functions: [getWeather],
      function_call: { name: 'get_weather' },
    });
    expect(emu.openai.requests[0]!.body).not.toHaveProperty('tools');

    const none = await createProvider({
      id: 'openai:chat:gpt-4o-mini',
      config: { functions: [getWeather], function_call: 'none' },
      env: emu.env(),
      basePath: '.',
    });
    const text = await none.call("What's the weather like in Paris?", context());
    expect(typeof text.output).toBe('string');
    expect(text.finishReason).toBe('stop');
  });

  it('is-valid-openai-function-call and function-call pass on the reply', async () => {
    const result = await evaluate(
      {
        env: emu.env(),
        prompts: ["What's the weather like in {{ city }}?"],
        providers: [{ id: 'openai:chat:gpt-4o-mini', config: { functions: [getWeather] } }],
        tests: [
          {
            vars: { city: 'Boston' },
            assert: [
              { type: 'is-valid-openai-function-call' },
              { type: 'function-call', value: 'get_weather' },
              // promptfoo users parse the text; seed-style readers take fields off it.
              {
                type: 'javascript',
                value:
                  "output.name === 'get_weather' && JSON.parse(output.arguments).location === 'Boston' && output.arguments.location === 'Boston'",
              },
            ],
          },
        ],
      },
      { cache: false },
    );
    const row = result.results[0]!;
    expect(row.error ?? undefined).toBeUndefined();
    for (const component of row.gradingResult!.componentResults!) expect(component.pass, component.reason).toBe(true);
  });
});
