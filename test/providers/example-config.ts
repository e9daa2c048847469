// Loads a seed example's promptfooconfig.yaml the way the examples tests need it: providers built
// through the registry, prompts rendered per test's vars (inline chat messages as a JSON list).

import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { createProvider } from '../../src/providers/registry.js';
import type { Provider } from '../../src/providers/types.js';
import { renderTemplate } from '../../src/template/environment.js';

type Raw = Record<string, unknown>;

export interface LoadedExample {
  providers: Provider[];
  /** Prompt templates; inline chat messages already serialised as one JSON message list. */
  prompts: string[];
  tests: Array<{ vars: Record<string, unknown> }>;
}

/** Parses the YAML and builds its providers with `env` (the emulator's) as the provider env. */
export async function loadExample(file: string, env: Record<string, string>): Promise<LoadedExample> {
  const doc = parse(readFileSync(file, 'utf8')) as Raw;
  const providers: Provider[] = [];
  for (const entry of (doc.providers as unknown[]) ?? []) {
    const spec = typeof entry === 'string' ? { id: entry } : (entry as { id: string; label?: string; config?: Raw });
    providers.push(
      await createProvider({ id: spec.id, label: spec.label, config: spec.config ?? {}, env, basePath: dirname(file) }),
    );
  }
  return {
    providers,
    prompts: promptTemplates((doc.prompts as unknown[]) ?? []),
    tests: ((doc.tests as Raw[]) ?? []).map((t) => ({ vars: (t.vars as Raw) ?? {} })),
  };
}

/** Consecutive `{role, content}` entries form one chat prompt, sent as a JSON message list. */
function promptTemplates(entries: unknown[]): string[] {
  const out: string[] = [];
  let messages: Raw[] = [];
  const flush = () => {
    if (messages.length) out.push(JSON.stringify(messages));
    messages = [];
  };
  for (const entry of entries) {
    if (entry && typeof entry === 'object' && 'role' in entry) {
      messages.push(entry as Raw);
      continue;
    }
    flush();
    out.push(String(entry));
  }
  flush();
  return out;
}

/** A prompt rendered with the test's vars. */
export function renderPrompt(template: string, vars: Record<string, unknown>): string {
  return renderTemplate(template, vars);
}
