// `echo`: returns the rendered prompt as the output. Offline, instant; used by the demo, the
// benchmarks and standalone grading of given outputs.

import type { Provider, ProviderFactory } from './types.js';

export const create: ProviderFactory = (_rest, options) => {
  const provider: Provider = {
    id: () => options.id,
    label: options.label,
    config: options.config,
    cacheable: false,
    async call(prompt) {
      return { output: prompt, tokenUsage: { prompt: 0, completion: 0, total: 0, numRequests: 1 }, cost: 0 };
    },
  };
  return provider;
};
