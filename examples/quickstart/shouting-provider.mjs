// A custom provider written in plain JavaScript: promptfoo's `callApi` contract.
export default class ShoutingProvider {
  id() {
    return 'shouting';
  }

  async callApi(prompt) {
    return {
      output: `${prompt.toUpperCase()}!`,
      tokenUsage: { prompt: prompt.length, completion: prompt.length + 1, total: 2 * prompt.length + 1 },
    };
  }
}
