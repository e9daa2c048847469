// From the documentation, "Using as a Library": the provider object form with a function-valued transformResponse.
// Pass this object to evaluate() (see README.md); ASSAY_WS_URL points at the emulator.

const baseUrl = process.env.ASSAY_WS_URL ?? 'ws://127.0.0.1:8765';

export default {
  description: 'WebSocket provider used as a library',
  prompts: ['Hello {{ name }}'],
  providers: [
    {
      id: `${baseUrl}/foobar`,
      config: {
        messageTemplate: '{"prompt": "{{prompt}}"}',
        transformResponse: (data) => data.foobar,
        timeoutMs: 15000,
      },
    },
  ],
  tests: [{ vars: { name: 'library' }, assert: [{ type: 'equals', value: 'You said: Hello library' }] }],
};
