// The generic http provider runs the shared provider conformance cases, configured the way a
// promptfoo user points it at an OpenAI-style chat endpoint (here the OpenAI emulator).

import { createProvider } from '../../../src/providers/registry.js';
import { runProviderConformance } from '../conformance.case.js';

const transformResponse =
  '(json) => Array.isArray(json)' +
  ' ? { output: json.map((e) => e.choices?.[0]?.delta?.content ?? "").join("") }' +
  ' : { output: json.choices[0].message.content, tokenUsage: { total: json.usage.total_tokens, prompt: json.usage.prompt_tokens, completion: json.usage.completion_tokens } }';

runProviderConformance(
  'http',
  ({ emulators, env }) => ({
    api: emulators.openai,
    build: ({ config = {}, env: extra } = {}) => {
      const { stream, ...rest } = config;
      const merged = { ...env, ...extra };
      return createProvider({
        id: `${merged.OPENAI_BASE_URL}/chat/completions`,
        config: {
          headers: { Authorization: 'Bearer {{ env.OPENAI_API_KEY }}' },
          body: {
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: '{{ prompt }}' }],
            ...(stream ? { stream: true } : {}),
          },
          transformResponse,
          ...rest,
        },
        env: merged,
        basePath: '.',
      });
    },
    deadEndpoint: (port) => ({ env: { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` } }),
    badCredential: {
      env: { OPENAI_API_KEY: 'sk-wrong-conformance-key-0002' },
      secret: 'sk-wrong-conformance-key-0002',
    },
    authHint: /Incorrect API key/,
  }),
  {
    'tool call':
      "the generic http provider returns whatever transformResponse picks; promptfoo's tool-call output shapes belong to the OpenAI-compatible providers",
  },
);
