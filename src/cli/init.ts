// `assay init`: write a starter promptfooconfig.yaml that runs offline with the echo provider,
// so `assay eval` works straight away and shows where real providers go.

import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { AssayError } from '../errors.js';

const STARTER_CONFIG = `# yaml-language-server: $schema=https://promptfoo.dev/config-schema.json
description: My first eval

prompts:
  - 'Write a tweet about {{topic}}'
  - 'Write a concise, funny tweet about {{topic}}'

# echo returns the prompt itself, so this runs offline. Swap in real providers, e.g.
#   - databricks:databricks-meta-llama-3-3-70b-instruct
#   - llamaapi:Llama-4-Maverick-17B-128E-Instruct-FP8
#   - cloudflare-ai:chat:@cf/meta/llama-3.1-8b-instruct
providers:
  - echo

tests:
  - vars:
      topic: bananas
    assert:
      - type: icontains
        value: '{{topic}}'
  - vars:
      topic: avocado toast
    assert:
      - type: contains
        value: avocado
      - type: javascript
        value: output.length < 280
`;

export async function initCommand(dir: string, options: { force?: boolean }): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'promptfooconfig.yaml');
  if (existsSync(path) && !options.force) {
    throw new AssayError('USAGE', `${path} already exists; use --force to overwrite it`);
  }
  await writeFile(path, STARTER_CONFIG);
  const shown = relative(process.cwd(), path) || path;
  process.stdout.write(`Wrote ${shown}\nRun it with: assay eval${dir === '.' ? '' : ` -c ${dir}`}\n`);
}
