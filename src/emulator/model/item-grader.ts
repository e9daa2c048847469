// Deterministic answers to Assay's item-check grading prompt (the RAG checks: context-recall,
// context-relevance, context-faithfulness, conversation-relevance), so they can pass AND fail
// against the emulator. An item is "supported" when at least 60% of its content words (stemmed)
// occur in the reference, and "relevant" when it shares a content word with the question (or,
// for conversations, with the last user message).

import { contentWords, stem } from './text.js';

const SUPPORTED_SHARE = 0.6;

/** The grader's reply, or undefined when the text is not an item-check prompt. */
export function gradeItemsIfAsked(text: string): string | undefined {
  // Chat prompts arrive as one text; the system message's example tags come first, so take the last.
  const reference = lastBetween(text, 'reference');
  const itemsText = lastBetween(text, 'items');
  const task = /Task:\s*([^\n]*)/i.exec(text.slice(text.lastIndexOf('</items>')))?.[1];
  if (reference === undefined || itemsText === undefined || !task || !/"verdicts"/.test(text)) return undefined;
  const items = [...itemsText.matchAll(/^\s*(\d+)\.\s+(.*)$/gm)].map((m) => ({ n: Number(m[1]), text: m[2]! }));
  const mode = /conversation/i.test(task) ? 'conversation' : /relevant/i.test(task) ? 'relevant' : 'supported';
  const basis = mode === 'conversation' ? lastUserMessage(reference) : reference;
  const basisStems = new Set(contentWords(basis).map(stem));
  const verdicts = items.map(({ n, text: item }) => {
    const stems = contentWords(item).map(stem);
    const shared = stems.filter((s) => basisStems.has(s));
    const yes =
      mode === 'supported' ? stems.length > 0 && shared.length / stems.length >= SUPPORTED_SHARE : shared.length > 0;
    const reason = yes
      ? `Shares ${shared.length} of ${stems.length} key words with the reference`
      : `Only ${shared.length} of ${stems.length} key words appear in the reference`;
    return { item: n, verdict: yes ? 'yes' : 'no', reason };
  });
  return JSON.stringify({ verdicts });
}

function lastBetween(text: string, tag: string): string | undefined {
  const all = [...text.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'gi'))];
  return all.at(-1)?.[1]?.trim();
}

function lastUserMessage(conversation: string): string {
  const turns = conversation.split(/^User:\s*/m);
  const last = turns.at(-1) ?? conversation;
  return last.split(/^Assistant:/m)[0] ?? last;
}
