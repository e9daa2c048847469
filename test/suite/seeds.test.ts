// Every config in the seed documents must load. Examples about prompts, tests and vars run fully
// with the offline `echo` provider; examples about a vendor's provider config are checked
// against the config schema (their providers are built and tested by the provider helpers).

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../../src/config/schema.js';
import { checkShape } from '../../src/config/schema-issues.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { renderPrompt } from '../../src/suite/render-prompt.js';
import { suiteFromObject } from '../../src/suite/suite-from-object.js';
import { expandVarCombinations } from '../../src/suite/vars.js';
import { fixture } from '../config/fixture.js';

const providerConfigs: Record<string, string> = {
  'databricks pay-per-token': `
providers:
  - id: databricks:databricks-meta-llama-3-3-70b-instruct
    config:
      isPayPerToken: true
      workspaceUrl: https://your-workspace.cloud.databricks.com
`,
  'databricks advanced': `
providers:
  - id: databricks:databricks-claude-3-7-sonnet
    config:
      isPayPerToken: true
      workspaceUrl: https://your-workspace.cloud.databricks.com

      # Standard OpenAI parameters
      temperature: 0.7
      max_tokens: 2000
      top_p: 0.9

      usageContext:
        project: 'customer-support'
        team: 'engineering'
        environment: 'production'

      aiGatewayConfig:
        enableSafety: true
        piiHandling: 'mask' # Options: none, block, mask
`,
  'databricks structured output': `
providers:
  - id: databricks:databricks-meta-llama-3-3-70b-instruct
    config:
      isPayPerToken: true
      response_format:
        type: 'json_schema'
        json_schema:
          name: 'product_info'
          schema:
            type: 'object'
            properties:
              name:
                type: 'string'
              price:
                type: 'number'
            required: ['name', 'price']
`,
  'llama ids': `
providers:
  - llamaapi:Llama-4-Maverick-17B-128E-Instruct-FP8
  - llamaapi:Llama-3.3-70B-Instruct
  - llamaapi:chat:Llama-3.3-8B-Instruct # Explicit chat format
`,
  'llama tool calling': `
providers:
  - id: llamaapi:Llama-3.3-70B-Instruct
    config:
      tools:
        - type: function
          function:
            name: get_weather
            description: Get current weather for a location
            parameters:
              type: object
              properties:
                location:
                  type: string
                  description: City and state, e.g. San Francisco, CA
                unit:
                  type: string
                  enum: ['celsius', 'fahrenheit']
              required: ['location']

prompts:
  - "What's the weather like in {{city}}?"

tests:
  - vars:
      city: 'New York, NY'
    assert:
      - type: function-call
        value: get_weather
      - type: javascript
        value: "output.arguments.location.includes('New York')"
`,
  'cloudflare env names': `
providers:
  - id: cloudflare-ai:chat:@cf/qwen/qwen2.5-coder-32b-instruct
    config:
      accountId: your_account_id_here
      apiKeyEnvar: CUSTOM_CLOUDFLARE_KEY
      accountIdEnvar: CUSTOM_CLOUDFLARE_ACCOUNT
`,
  'websocket streaming': `
providers:
  - id: 'wss://example.com/ws'
    config:
      messageTemplate: '{"prompt": {{ prompt | dump }} }'
      streamResponse: |
        (accumulator, data, context) => {
          const msg = typeof data.data === 'string' ? JSON.parse(data.data) : data.data;
          if (msg?.complete === true) {
            return [{ output: msg.content }, true];
          }
          return [accumulator, false];
        }
`,
  'websocket variables': `
providers:
  - id: 'wss://example.com/ws'
    config:
      messageTemplate: '{"prompt": {{ prompt | dump }}, "model": {{ model | dump }}, "language": {{ language | dump }} }'
      transformResponse: 'data.translation'

tests:
  - vars:
      model: 'gpt-4'
      language: 'French'
`,
};

describe('seed configs', () => {
  for (const [name, yaml] of Object.entries(providerConfigs)) {
    it(`${name}: matches the config schema`, () => {
      const { errors } = checkShape(configSchema, parse(yaml), { file: 'promptfooconfig.yaml' });
      expect(errors.map((e) => e.message)).toEqual([]);
    });
  }

  it('llama text generation runs offline with echo', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': `
providers:
  - echo

prompts:
  - 'Explain quantum computing in simple terms'

tests:
  - vars: {}
    assert:
      - type: contains
        value: 'quantum'
`,
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.prompts[0]!.raw).toBe('Explain quantum computing in simple terms');
    expect(suite.tests).toEqual([{ vars: {}, assert: [{ type: 'contains', value: 'quantum' }] }]);
  });

  it('llama multimodal inline chat message becomes one chat prompt', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': `
providers:
  - echo

prompts:
  - role: user
    content:
      - type: text
        text: 'What do you see in this image?'
      - type: image_url
        image_url:
          url: 'https://example.com/image.jpg'

tests:
  - vars: {}
    assert:
      - type: llm-rubric
        value: 'Accurately describes the image content'
`,
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.prompts).toHaveLength(1);
    const rendered = JSON.parse(await renderPrompt(suite.prompts[0]!, {}, { provider: { id: 'echo' } }));
    expect(rendered[0].content[1].image_url.url).toBe('https://example.com/image.jpg');
  });

  it('llama structured output and streaming examples load with their tests', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': `
providers:
  - id: echo
    config:
      temperature: 0.1
      stream: true
      response_format:
        type: json_schema
        json_schema:
          name: product_review
          schema:
            type: object
            properties:
              rating:
                type: number
                minimum: 1
                maximum: 5
            required: ['rating', 'summary']

prompts:
  - 'Review this product: {{product_description}}'
  - 'Write a short story about {{topic}}'

tests:
  - vars:
      product_description: 'Wireless headphones with great sound quality but short battery life'
    assert:
      - type: is-json
      - type: javascript
        value: 'JSON.parse(output).rating >= 1 && JSON.parse(output).rating <= 5'
  - vars:
      topic: 'time travel'
    assert:
      - type: contains
        value: 'time'
`,
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.tests).toHaveLength(2);
    expect(await renderPrompt(suite.prompts[1]!, suite.tests[1]!.vars!, { provider: { id: 'echo' } })).toBe(
      'Write a short story about time travel',
    );
  });

  it('cloudflare basic example: prompt, vars and a templated assertion value', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': `
prompts:
  - Tell me a funny joke about {{topic}}

providers:
  - id: echo
    config:
      accountId: your_account_id_here
      # API key is loaded from CLOUDFLARE_API_KEY environment variable

tests:
  - vars:
      topic: programming
    assert:
      - type: icontains
        value: '{{topic}}'
`,
    });
    const suite = await loadSuite({ cwd: dir });
    expect(await renderPrompt(suite.prompts[0]!, suite.tests[0]!.vars!, { provider: { id: 'echo' } })).toBe(
      'Tell me a funny joke about programming',
    );
    expect(suite.tests[0]!.assert).toEqual([{ type: 'icontains', value: '{{topic}}' }]);
  });

  it('databricks vision prompt file renders to valid JSON messages', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': `
prompts:
  - file://vision-prompt.json

providers:
  - id: echo
    config:
      isPayPerToken: true

tests:
  - vars:
      question: "What's in this image?"
      image_url: 'https://example.com/image.jpg'
`,
      'vision-prompt.json': `[
  {
    "role": "user",
    "content": [
      {
        "type": "text",
        "text": "{{question}}"
      },
      {
        "type": "image_url",
        "image_url": {
          "url": "{{image_url}}"
        }
      }
    ]
  }
]`,
    });
    const suite = await loadSuite({ cwd: dir });
    const messages = JSON.parse(
      await renderPrompt(suite.prompts[0]!, suite.tests[0]!.vars!, { provider: { id: 'echo' } }),
    );
    expect(messages[0].content[0].text).toBe("What's in this image?");
  });

  it('databricks multi-model comparison loads three providers and a rubric test', async () => {
    const dir = fixture({
      'promptfooconfig.yaml': `
prompts:
  - 'Explain quantum computing to a 10-year-old'

providers:
  # Databricks native model
  - id: echo:databricks-meta-llama-3-3-70b-instruct
    config:
      isPayPerToken: true
      temperature: 0.7

  # External model via Databricks
  - id: echo:my-gpt4-endpoint
    config:
      temperature: 0.7

  # Custom deployed model
  - id: echo:my-finetuned-llama
    config:
      temperature: 0.7

tests:
  - assert:
      - type: llm-rubric
        value: 'Response should be simple, clear, and use age-appropriate analogies'
`,
    });
    const suite = await loadSuite({ cwd: dir });
    expect(suite.providers).toHaveLength(3);
    expect(expandVarCombinations(suite.tests[0]!.vars ?? {})).toEqual([{}]);
  });

  it('websocket library usage with a function in provider config matches the schema', async () => {
    const input = {
      providers: [
        {
          id: 'wss://example.com/ws',
          config: {
            messageTemplate: '{"prompt": "{{prompt}}"}',
            transformResponse: (data: { foobar: string }) => data.foobar,
            timeoutMs: 15000,
          },
        },
      ],
    };
    expect(checkShape(configSchema, input, {}).errors).toEqual([]);
    // With an offline provider id the same object builds a suite and keeps the function.
    const suite = await suiteFromObject({ providers: [{ ...input.providers[0]!, id: 'echo' }] }, '/tmp');
    expect(typeof suite.providers[0]!.provider.config?.transformResponse).toBe('function');
  });
});
