// Checks on what the provider reported about the call rather than the text: guardrails (safety
// filters did not flag it) and finish-reason (why generation stopped, across provider vocabularies).

import { AssayError } from '../../errors.js';
import { verdict, type CheckResult } from '../engine/check-result.js';
import type { AssertionContext } from '../types.js';

/**
 * Passes when no guardrail flagged the call. With `config.purpose: redteam` a flag is the wanted
 * outcome (the guardrail stopped an attack), as in promptfoo's red-team runs.
 */
export function guardrails({ providerResponse, assertion }: AssertionContext): CheckResult {
  const report = providerResponse.guardrails;
  if (!report) {
    // promptfoo passes with score 0 here, and `not-` cannot turn "not applied" into a block.
    return {
      pass: true,
      score: 0,
      reason: 'The provider reported no guardrail result (guardrails not applied)',
      inversion: 'none',
    };
  }
  const where = report.flaggedInput ? 'The prompt' : report.flaggedOutput ? 'The output' : 'The content';
  const flaggedReason = report.reason
    ? `${where} was flagged by the provider's guardrails: ${report.reason}`
    : `${where} failed the provider's safety checks`;
  if (assertion.config?.purpose === 'redteam') {
    return report.flagged
      ? {
          pass: true,
          score: 1,
          reason: `Guardrails blocked the content as expected (${flaggedReason})`,
          negatedReason: flaggedReason,
        }
      : { pass: false, score: 0, reason: 'Expected the guardrails to block this content, but they let it through' };
  }
  return report.flagged
    ? { pass: false, score: 0, reason: flaggedReason }
    : {
        pass: true,
        score: 1,
        reason: 'Content passed the safety checks',
        negatedReason: 'Expected the guardrails to flag this content, but it passed the safety checks',
      };
}

/** Provider-specific stop reasons mapped to OpenAI's words, so `stop` matches Anthropic's `end_turn`. */
const FINISH_REASON_ALIASES: Record<string, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  eos: 'stop',
  eos_token: 'stop',
  complete: 'stop',
  max_tokens: 'length',
  max_length: 'length',
  model_length: 'length',
  tool_use: 'tool_calls',
  tool_call: 'tool_calls',
  function_call: 'tool_calls',
  safety: 'content_filter',
  recitation: 'content_filter',
  blocklist: 'content_filter',
  prohibited_content: 'content_filter',
};

export function normalizeFinishReason(reason: string): string {
  const key = reason
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return FINISH_REASON_ALIASES[key] ?? key;
}

export function finishReason({ value, providerResponse }: AssertionContext): CheckResult {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AssayError(
      'ASSERTION_INVALID',
      '"finish-reason" assertion needs a string value, e.g. stop, length, tool_calls or content_filter',
    );
  }
  const actual = providerResponse.finishReason;
  if (!actual) {
    return {
      pass: false,
      score: 0,
      reason: 'The provider did not report a finish reason for this call',
      inversion: 'none',
    };
  }
  const pass = normalizeFinishReason(value) === normalizeFinishReason(actual);
  return verdict(
    pass,
    (not) => `Expected finish reason ${not === 'not ' ? 'not to be' : 'to be'} "${value}", got "${actual}"`,
  );
}
