// What earlier cells hand to later ones, as promptfoo does: `options.storeOutputAs` saves a
// test's output as a var for the tests after it, and prompts that mention `_conversation` see
// the earlier turns of their (provider, prompt) column. Both need cells to run one at a time.

import type { Column } from './steps.js';
import type { Prompt, Suite, TestCase, Vars } from '../suite/types.js';

interface Turn {
  prompt: unknown;
  input: string;
  output: unknown;
}

export function usesConversation(prompt: Prompt): boolean {
  return prompt.raw.includes('_conversation');
}

/** True when some cell depends on an earlier one, so the run must be serial. */
export function needsSerialRun(suite: Suite): boolean {
  return suite.prompts.some(usesConversation) || suite.tests.some((t) => typeof t.options?.storeOutputAs === 'string');
}

export class StepMemory {
  private readonly registers: Vars = {};
  private readonly conversations = new Map<string, Turn[]>();
  private readonly outputNames = new Set<string>(['_conversation']);

  /** `active` is needsSerialRun(suite): when no cell depends on another, this costs nothing per cell. */
  constructor(private readonly active: boolean) {}

  /** The vars a cell renders with: its own, overridden by stored outputs, plus its conversation. */
  varsFor(column: Column, test: TestCase, vars: Vars): Vars {
    if (!this.active) return vars;
    const merged = { ...vars, ...this.registers };
    if (usesConversation(column.prompt))
      merged._conversation = this.conversations.get(conversationKey(column, test)) ?? [];
    return merged;
  }

  /** Names of the vars that hold earlier outputs; they are data and never rendered as templates. */
  outputVarNames(): ReadonlySet<string> {
    return this.outputNames;
  }

  remember(column: Column, test: TestCase, renderedPrompt: string, output: unknown): void {
    if (!this.active) return;
    const name = test.options?.storeOutputAs;
    if (typeof name === 'string' && output) {
      this.registers[name] = output;
      this.outputNames.add(name);
    }
    if (!usesConversation(column.prompt)) return;
    const key = conversationKey(column, test);
    const turns = this.conversations.get(key) ?? [];
    turns.push({ prompt: parseIfJson(renderedPrompt), input: lastMessageContent(renderedPrompt), output });
    this.conversations.set(key, turns);
  }
}

function conversationKey(column: Column, test: TestCase): string {
  const id = test.metadata?.conversationId;
  return `${column.providerKey}:${column.prompt.id}${id === undefined ? '' : `:${String(id)}`}`;
}

function parseIfJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A chat prompt's last message content, else the whole prompt (promptfoo's `input`). */
function lastMessageContent(renderedPrompt: string): string {
  const parsed = parseIfJson(renderedPrompt);
  if (Array.isArray(parsed) && parsed.length > 0) {
    const content = (parsed[parsed.length - 1] as { content?: unknown }).content;
    return typeof content === 'string' ? content : JSON.stringify(content);
  }
  return renderedPrompt;
}
