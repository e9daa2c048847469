// The grader prompt the RAG checks share: a reference text, numbered items and a yes/no task,
// answered as JSON. Written for Assay; a `rubricPrompt` may replace it (same variables:
// reference, items, task, count, plus query / context / output where the check has them).

import type { ChatMessage } from '../../suite/types.js';

export const SUPPORTED_TASK =
  'For each item, answer "yes" if everything the item states can be supported by (attributed to) the reference text, otherwise "no".';
export const RELEVANT_TASK =
  'For each item, answer "yes" if the item is relevant to answering the question in the reference text, otherwise "no".';
export const CONVERSATION_TASK =
  'The reference text is a conversation; the item is the assistant\'s reply to the last user message. Answer "yes" if the reply is relevant to that message in the context of the conversation, otherwise "no".';

export const ITEM_CHECK_PROMPT: ChatMessage[] = [
  {
    role: 'system',
    content:
      'You check numbered items against a reference text for an evaluation. Judge each item on its own and only from the reference text. ' +
      'Reply with only a JSON object of the form {"verdicts": [{"item": <number>, "verdict": "yes" or "no", "reason": "<one short sentence>"}]}, one entry per item, in order.',
  },
  {
    role: 'user',
    content: '<reference>\n{{ reference }}\n</reference>\n\n<items>\n{{ items }}\n</items>\n\nTask: {{ task }}',
  },
];
