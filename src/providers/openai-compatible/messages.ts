// Prompt text → OpenAI chat messages. Plain text becomes one user message; a JSON or YAML list of
// messages (as promptfoo's chat prompts are written) is sent as given, content parts and all.

import { parse as parseYaml } from 'yaml';
import { AssayError, errorMessage } from '../../errors.js';
import { chatMessageSchema, type ChatMessage } from './wire.js';

export function toOpenAiMessages(prompt: string): ChatMessage[] {
  const trimmed = prompt.trim();
  if (trimmed.startsWith('- role:'))
    return asMessages(
      parseOrThrow(() => parseYaml(trimmed), 'YAML', prompt),
      prompt,
    );
  if (looksLikeMessagesJson(trimmed))
    return asMessages(
      parseOrThrow(() => JSON.parse(trimmed), 'JSON', prompt),
      prompt,
    );
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    // A single message object is accepted; any other JSON object is just text to send.
    try {
      const single = chatMessageSchema.safeParse(JSON.parse(trimmed));
      if (single.success) return [single.data as ChatMessage];
    } catch {
      /* not JSON: plain text */
    }
  }
  return [{ role: 'user', content: prompt }];
}

/** `[{...}]` or `[]`: an attempt at a message list, so a parse failure is the user's mistake to see. */
function looksLikeMessagesJson(text: string): boolean {
  return /^\[\s*(\{|\])/.test(text);
}

function parseOrThrow(parse: () => unknown, format: string, prompt: string): unknown {
  try {
    return parse();
  } catch (err) {
    throw new AssayError(
      'CONFIG_INVALID',
      `The chat prompt looks like a ${format} list of messages but is not valid ${format}: ${errorMessage(err)}. Prompt starts: ${prompt.slice(0, 120)}`,
    );
  }
}

function asMessages(value: unknown, prompt: string): ChatMessage[] {
  const list = Array.isArray(value) ? value : [value];
  const messages: ChatMessage[] = [];
  for (const [index, item] of list.entries()) {
    const parsed = chatMessageSchema.safeParse(item);
    if (!parsed.success) {
      throw new AssayError(
        'CONFIG_INVALID',
        `Message ${index} of the chat prompt has no "role" (expected {role, content}). Prompt starts: ${prompt.slice(0, 120)}`,
      );
    }
    messages.push(parsed.data as ChatMessage);
  }
  return messages;
}
