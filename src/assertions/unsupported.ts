// promptfoo assertion types Assay does not run, each with the reason and what to use instead.
// Config loading rejects them by name ("not supported by Assay"), never as a typo.

const TRACING = 'it reads OpenTelemetry traces of the agent run, which Assay does not collect; check tool calls with tool-call-f1 or is-valid-openai-tools-call instead';

export const UNSUPPORTED_ASSERTION_TYPES: Readonly<Record<string, string>> = {
  classifier: 'it needs a Hugging Face classification provider (huggingface:text-classification:…), which Assay does not have; use llm-rubric or a javascript/python check',
  pi: 'it scores with the remote Pi Labs (withpi.ai) scorer, which Assay does not call; use llm-rubric or g-eval',
  'search-rubric': "it needs a grader with live web search, which Assay's graders do not have; use llm-rubric (graded without search)",
  'trace-span-count': TRACING,
  'trace-span-duration': TRACING,
  'trace-error-spans': TRACING,
  'trajectory:tool-used': TRACING,
  'trajectory:tool-args-match': TRACING,
  'trajectory:tool-sequence': TRACING,
  'trajectory:step-count': TRACING,
  'trajectory:goal-success': TRACING,
  'skill-used': TRACING,
  human: "it is a manual rating given in promptfoo's web viewer; Assay has no rating UI",
  ruby: 'Assay runs no Ruby; write the check as javascript or python',
};

/** Why a type (with or without `not-`) is not supported, or undefined when it is not on the list. */
export function unsupportedAssertionReason(type: string): string | undefined {
  const base = type.startsWith('not-') ? type.slice(4) : type;
  return Object.hasOwn(UNSUPPORTED_ASSERTION_TYPES, base) ? UNSUPPORTED_ASSERTION_TYPES[base] : undefined;
}
