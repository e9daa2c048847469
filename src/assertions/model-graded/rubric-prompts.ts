// Default grader prompts for the model-graded assertions, as chat messages with Nunjucks slots.
// Each can be replaced with `rubricPrompt` (on the assertion or in test options).

import type { ChatMessage } from '../../suite/types.js';

const system = (content: string): ChatMessage => ({ role: 'system', content });
const user = (content: string): ChatMessage => ({ role: 'user', content });

/** llm-rubric: vars `output`, `rubric`. */
export const LLM_RUBRIC_PROMPT: ChatMessage[] = [
  system(
    [
      'You are a strict, impartial grader. You receive an <Output> produced by an AI system and a <Rubric>.',
      'Decide whether the output satisfies the rubric. Judge only what the rubric asks; do not reward length or style it does not mention.',
      'Reply with one JSON object and nothing else, of the form {"reason": string, "pass": boolean, "score": number},',
      'where "reason" explains the verdict in one or two sentences, "pass" is true only when the rubric is met,',
      'and "score" runs from 0.0 (not met at all) to 1.0 (fully met).',
      '',
      'Example:',
      '<Output>Bonjour, comment puis-je vous aider ?</Output>',
      '<Rubric>Is written in French</Rubric>',
      '{"reason": "The reply is a French sentence.", "pass": true, "score": 1.0}',
      '',
      'Example:',
      '<Output>The meeting is at 3pm.</Output>',
      '<Rubric>Mentions the meeting room</Rubric>',
      '{"reason": "The reply gives a time but never names a room.", "pass": false, "score": 0.0}',
    ].join('\n'),
  ),
  user('<Output>\n{{ output }}\n</Output>\n<Rubric>\n{{ rubric }}\n</Rubric>'),
];

/**
 * model-graded-closedqa: vars `input`, `criteria`, `completion`. The data block uses the
 * `[Label]: value` layout of OpenAI's evals (and promptfoo), which graders are tuned to.
 */
export const CLOSED_QA_PROMPT: ChatMessage[] = [
  system(
    [
      'You check whether a submitted answer meets a criterion.',
      'Think through the question step by step in a few lines, then write your verdict on the last line:',
      'a single letter, Y if the submission meets the criterion, N if it does not. Write nothing after that letter.',
    ].join('\n'),
  ),
  user(
    '[BEGIN DATA]\n***\n[Task]: {{ input }}\n***\n[Submission]: {{ completion }}\n***\n[Criterion]: {{ criteria }}\n***\n[END DATA]',
  ),
];

/** factuality: vars `input`, `ideal`, `completion`; same `[Label]: value` data block. */
export const FACTUALITY_PROMPT: ChatMessage[] = [
  system(
    [
      'You compare the factual content of a submitted answer with an expert answer to the same question.',
      'Ignore differences of style, grammar and punctuation. Pick exactly one category:',
      '(A) the submission is a subset of the expert answer and fully consistent with it;',
      '(B) the submission is a superset of the expert answer and fully consistent with it;',
      '(C) the submission contains the same details as the expert answer;',
      '(D) the submission disagrees with the expert answer;',
      '(E) the answers differ, but the differences do not matter for factuality.',
      'Reply with one JSON object and nothing else: {"category": "A" | "B" | "C" | "D" | "E", "reason": string}.',
    ].join('\n'),
  ),
  user(
    '[BEGIN DATA]\n***\n[Question]: {{ input }}\n***\n[Expert]: {{ ideal }}\n***\n[Submission]: {{ completion }}\n***\n[END DATA]',
  ),
];

/** g-eval, first call: vars `criteria`. */
export const G_EVAL_STEPS_PROMPT: ChatMessage[] = [
  system(
    [
      'You design evaluation procedures. Given the criteria below, write 3 to 5 concise, concrete evaluation steps',
      'an evaluator should follow to judge a reply against them.',
      'Reply with one JSON object and nothing else: {"steps": [string, ...]}.',
    ].join('\n'),
  ),
  user('Criteria:\n{{ criteria }}'),
];

/**
 * g-eval, second call: vars `criteria`, `steps`, `maxScore`, `input`, `output`. Criteria and
 * reply sit in <Rubric>/<Output> tags like llm-rubric's, so graders read them the same way.
 */
export const G_EVAL_SCORE_PROMPT: ChatMessage[] = [
  system(
    [
      'You evaluate a reply against criteria by following the steps given.',
      'Score the reply from 0 to {{ maxScore }}: 0 when it does not meet the criteria at all, {{ maxScore }} when it meets them completely; use whole numbers.',
      'Reply with one JSON object and nothing else: {"score": number, "reason": string}.',
    ].join('\n'),
  ),
  user(
    '<Rubric>\n{{ criteria }}\n</Rubric>\n\nSteps to follow:\n- {{ steps }}\n\nSource text:\n{{ input }}\n\n<Output>\n{{ output }}\n</Output>',
  ),
];

/** answer-relevance: vars `answer`, `count`. */
export const ANSWER_RELEVANCE_PROMPT: ChatMessage[] = [
  system(
    [
      'Given an answer, write {{ count }} different questions that this answer would be a direct response to.',
      'Each question must be answerable from the answer alone and stand on its own.',
      'Reply with one JSON object and nothing else: {"questions": [string, ...]}.',
    ].join('\n'),
  ),
  user('Answer:\n{{ answer }}'),
];

/** select-best: vars `criteria`, `outputs` (a list). */
export const SELECT_BEST_PROMPT: ChatMessage[] = [
  system(
    [
      'You compare several outputs against the criteria and choose the one that meets them best.',
      'Outputs are numbered from 0. Reply with the number of the best output only, for example: 1',
    ].join('\n'),
  ),
  user(
    'Criteria:\n{{ criteria }}\n\n{% for output in outputs %}Output {{ loop.index0 }}:\n{{ output }}\n\n{% endfor %}',
  ),
];
