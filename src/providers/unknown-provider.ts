// The message for a provider id no family claims: the closest known prefix ("did you mean"),
// the full list, and the hint that any OpenAI-compatible server works through `openai:`.

import { editDistance } from '../text/edit-distance.js';

/** Words people write for a family under another name (promptfoo aliases, vendor names). */
const ALIASES: Record<string, string> = {
  llama: 'llamaapi:',
  'llama-api': 'llamaapi:',
  meta: 'llamaapi:',
  cloudflare: 'cloudflare-ai:',
  workersai: 'cloudflare-ai:',
  'workers-ai': 'cloudflare-ai:',
  exec: 'exec:',
  script: 'exec:',
  ws: 'ws://',
  wss: 'wss://',
  http: 'https://',
  https: 'https://',
  python: 'file://provider.py',
  js: 'file://provider.js',
};

/** Builds the one-paragraph error for an unknown id, given the known prefixes. */
export function unknownProviderMessage(id: string, knownPrefixes: readonly string[]): string {
  const lower = id.toLowerCase();
  const colon = lower.indexOf(':');
  const name = colon === -1 ? lower : lower.slice(0, colon);
  const suggestion = ALIASES[name] ?? closestPrefix(name, knownPrefixes);
  let message = `Unknown provider "${id}".`;
  if (suggestion) message += ` Did you mean "${suggestion}"?`;
  message += ` Known provider prefixes: ${knownPrefixes.join(', ')}.`;
  message +=
    ' Any OpenAI-compatible server (vLLM, Ollama, LM Studio, Together, …) works as openai:chat:<model> with config.apiBaseUrl set to its /v1 URL.';
  return message;
}

function closestPrefix(name: string, knownPrefixes: readonly string[]): string | undefined {
  if (!name) return undefined;
  let best: { prefix: string; distance: number } | undefined;
  for (const prefix of knownPrefixes) {
    const bare = prefix.replace(/:(\/\/)?$/, '');
    const distance =
      bare.startsWith(name) || name.startsWith(bare)
        ? Math.abs(bare.length - name.length) * 0.5
        : editDistance(name, bare);
    if (!best || distance < best.distance) best = { prefix, distance };
  }
  // Close enough to be a slip of the keyboard, not a different vendor.
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.prefix : undefined;
}
