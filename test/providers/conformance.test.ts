// Every network chat provider runs the same conformance cases against its emulator.
// To add one: a runProviderConformance call naming its API, how to build it and a bad credential.

import { createProvider } from '../../src/providers/registry.js';
import { runProviderConformance } from './conformance.case.js';

runProviderConformance('openai', ({ emulators, env }) => ({
  api: emulators.openai,
  build: ({ config, env: extra } = {}) =>
    createProvider({ id: 'openai:chat:gpt-4o-mini', config: { ...config }, env: { ...env, ...extra }, basePath: '.' }),
  badCredential: { env: { OPENAI_API_KEY: 'sk-wrong-conformance-key-0001' }, secret: 'sk-wrong-conformance-key-0001' },
  authHint: /API key/,
  deadEndpoint: (port) => ({ env: { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` } }),
}));

runProviderConformance('llamaapi', ({ emulators, env }) => ({
  api: emulators.llama,
  build: ({ config, env: extra } = {}) =>
    createProvider({
      id: 'llamaapi:Llama-3.3-70B-Instruct',
      config: { ...config },
      env: { ...env, ...extra },
      basePath: '.',
    }),
  badCredential: { env: { LLAMA_API_KEY: 'LLM|wrong-conformance-key-0001' }, secret: 'LLM|wrong-conformance-key-0001' },
  authHint: /check LLAMA_API_KEY/i,
  deadEndpoint: (port) => ({ env: { LLAMA_API_BASE_URL: `http://127.0.0.1:${port}/v1` } }),
}));

runProviderConformance('cloudflare-ai', ({ emulators, env }) => ({
  api: emulators.cloudflare,
  build: ({ config, env: extra } = {}) =>
    createProvider({
      id: 'cloudflare-ai:chat:@cf/meta/llama-3.1-8b-instruct',
      config: { ...config },
      env: { ...env, ...extra },
      basePath: '.',
    }),
  badCredential: {
    env: { CLOUDFLARE_API_KEY: 'cf-wrong-conformance-token-0001' },
    secret: 'cf-wrong-conformance-token-0001',
  },
  authHint: /check CLOUDFLARE_API_KEY/,
  deadEndpoint: (port) => ({ env: { CLOUDFLARE_API_BASE_URL: `http://127.0.0.1:${port}/v1` } }),
}));

runProviderConformance('databricks', ({ emulators, env }) => ({
  api: emulators.databricks,
  build: ({ config, env: extra } = {}) =>
    createProvider({
      id: 'databricks:databricks-meta-llama-3-3-70b-instruct',
      config: { ...config },
      env: { ...env, DATABRICKS_CLIENT_ID: '', DATABRICKS_CLIENT_SECRET: '', ...extra },
      basePath: '.',
    }),
  badCredential: {
    env: { DATABRICKS_TOKEN: 'dapi-wrong-conformance-token-0001' },
    secret: 'dapi-wrong-conformance-token-0001',
  },
  authHint: /DATABRICKS_TOKEN/,
  deadEndpoint: (port) => ({
    env: { DATABRICKS_HOST: `http://127.0.0.1:${port}`, DATABRICKS_WORKSPACE_URL: `http://127.0.0.1:${port}` },
  }),
}));
