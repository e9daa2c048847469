// The parts of promptfoo's config surface Assay does not implement, each with what to do instead,
// and the "did you mean" for assertion types. A promptfoo key or assertion type is never silently
// accepted nor called a typo: `validate` reports it and `eval` warns "not supported by Assay".

import { editDistance } from '../text/edit-distance.js';
import type { KeyPath } from './source.js';

/** Every assertion type promptfoo 0.121 accepts (without the `not-` prefix). */
export const PROMPTFOO_ASSERTION_TYPES = [
  'equals',
  'contains',
  'icontains',
  'contains-any',
  'icontains-any',
  'contains-all',
  'icontains-all',
  'regex',
  'starts-with',
  'is-json',
  'contains-json',
  'is-html',
  'contains-html',
  'is-sql',
  'contains-sql',
  'is-xml',
  'contains-xml',
  'is-refusal',
  'finish-reason',
  'javascript',
  'python',
  'ruby',
  'webhook',
  'rouge-n',
  'bleu',
  'gleu',
  'meteor',
  'levenshtein',
  'latency',
  'cost',
  'perplexity',
  'perplexity-score',
  'word-count',
  'is-valid-function-call',
  'is-valid-openai-function-call',
  'is-valid-openai-tools-call',
  'tool-call-f1',
  'skill-used',
  'trajectory:tool-used',
  'trajectory:tool-args-match',
  'trajectory:tool-sequence',
  'trajectory:step-count',
  'trajectory:goal-success',
  'trace-span-count',
  'trace-span-duration',
  'trace-error-spans',
  'guardrails',
  'similar',
  'classifier',
  'moderation',
  'llm-rubric',
  'g-eval',
  'factuality',
  'model-graded-factuality',
  'model-graded-closedqa',
  'answer-relevance',
  'context-faithfulness',
  'context-recall',
  'context-relevance',
  'conversation-relevance',
  'search-rubric',
  'pi',
  'select-best',
  'max-score',
  'human',
  'assert-set',
] as const;

/** What to do instead, for the promptfoo assertion types whose reason is specific. */
const ASSERTION_ADVICE: Record<string, string> = {
  pi: 'it scores with the remote Pi Labs (withpi.ai) scorer, which Assay does not call; use llm-rubric or g-eval',
  'search-rubric':
    "it needs a grader with live web search, which Assay's graders do not have; use llm-rubric (graded without search)",
  ruby: 'Assay runs no Ruby; write the check as a javascript or python assertion',
  human: "manual rating belongs to promptfoo's web viewer; Assay has none. Use llm-rubric for an automated judgement",
  'skill-used':
    'it reads agent traces, which Assay does not record; check tool calls with function-call or tool-call-f1',
  'trajectory:tool-used': 'Assay records no agent trajectories; check tool calls with function-call or tool-call-f1',
  'trajectory:tool-args-match': 'Assay records no agent trajectories; check tool calls with function-call',
  'trajectory:tool-sequence': 'Assay records no agent trajectories; check the calls in a javascript assertion',
  'trajectory:step-count': 'Assay records no agent trajectories; check the output in a javascript assertion',
  'trajectory:goal-success': 'Assay records no agent trajectories; judge the final output with llm-rubric',
  'trace-span-count':
    'Assay does not collect OpenTelemetry traces; use latency or a javascript assertion on the response',
  'trace-span-duration': 'Assay does not collect OpenTelemetry traces; use the latency assertion',
  'trace-error-spans': 'Assay does not collect OpenTelemetry traces; check response errors in a javascript assertion',
};

/** The "not supported by Assay" message for a promptfoo assertion type Assay lacks, else undefined. */
export function unsupportedAssertionMessage(type: string): string | undefined {
  const base = type.startsWith('not-') ? type.slice(4) : type;
  if (base.startsWith('promptfoo:redteam:'))
    return `Assertion type "${type}" is not supported by Assay: red-team graders belong to promptfoo's redteam command; run that suite with promptfoo.`;
  if (!(PROMPTFOO_ASSERTION_TYPES as readonly string[]).includes(base)) return undefined;
  const advice = ASSERTION_ADVICE[base] ?? 'write the check as a javascript or llm-rubric assertion instead';
  return `Assertion type "${type}" is not supported by Assay: ${advice}. Rows using it fail that check.`;
}

/** The closest known assertion type (`contain` → contains, `llm_rubric` → llm-rubric), or undefined. */
export function suggestAssertionType(type: string, known: readonly string[]): string | undefined {
  const negated = type.toLowerCase().startsWith('not-') || type.toLowerCase().startsWith('not_');
  const base = (negated ? type.slice(4) : type).toLowerCase().replace(/_/g, '-').replace(/\s+/g, '-');
  const prefix = negated ? 'not-' : '';
  if (known.includes(base)) return prefix + base;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(base, name);
    if (distance <= (base.length >= 7 ? 3 : 2) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best ? prefix + best.name : undefined;
}

export interface UnsupportedKey {
  path: KeyPath;
  message: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

const TOP_LEVEL: Record<string, string> = {
  redteam: "red teaming is promptfoo's separate redteam command; run it with promptfoo. Assay ignores this block",
  tracing:
    'Assay does not collect OpenTelemetry traces; remove the block (latency and token usage are in every result)',
  sharing: 'Assay does not upload results; write a file with -o results.html and share that',
  writeLatestResults:
    'Assay records every eval in its store unless --no-write (or evaluateOptions.write: false); remove the key',
  commandLineOptions:
    'pass these as command-line flags, or put cache, delay, maxConcurrency and repeat under evaluateOptions',
};
const EVALUATE_OPTIONS: Record<string, string> = {
  generateSuggestions: 'Assay does not generate prompt variants; add the variants to prompts yourself',
  interactiveProviders: 'Assay runs non-interactively; remove the option',
};
const TEST_OPTIONS: Record<string, string> = {
  disableConversationVar:
    'Assay fills `_conversation` only for prompts that mention it; rename that var to keep it your own',
  postprocess: 'it is the deprecated name of `transform`; rename it to transform',
};
const PROVIDER: Record<string, string> = {
  inputs: 'multi-input red-team targets are not supported; put the inputs in vars',
};

/** Every promptfoo key in the config that Assay does not implement, with what to do instead. */
export function findUnsupportedKeys(config: Obj): UnsupportedKey[] {
  const found: UnsupportedKey[] = [];
  const report = (object: unknown, path: KeyPath, table: Record<string, string>) => {
    if (!isObj(object)) return;
    for (const [key, advice] of Object.entries(table)) {
      if (object[key] !== undefined && object[key] !== false)
        found.push({ path: [...path, key], message: `"${key}" is not supported by Assay: ${advice}.` });
    }
  };
  report(config, [], TOP_LEVEL);
  report(config.evaluateOptions, ['evaluateOptions'], EVALUATE_OPTIONS);
  if (isObj(config.defaultTest)) report(config.defaultTest.options, ['defaultTest', 'options'], TEST_OPTIONS);
  if (Array.isArray(config.tests))
    config.tests.forEach((test, i) => isObj(test) && report(test.options, ['tests', i, 'options'], TEST_OPTIONS));
  for (const key of ['providers', 'targets']) {
    const list = config[key];
    if (Array.isArray(list)) list.forEach((p, i) => report(p, [key, i], PROVIDER));
  }
  return found;
}
