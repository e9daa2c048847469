// moderation: the output is sent to a moderation provider (default OpenAI
// `omni-moderation-latest`; `provider:` or `provider: {moderation: …}` picks another) and passes
// when nothing is flagged, or nothing among the categories listed in `value`, as in promptfoo.

import { AssayError } from '../../errors.js';
import type { GraderSpec } from '../../suite/types.js';
import type { CheckResult } from '../engine/check-result.js';
import { GraderFailure, GraderTokens, gradeSafely, textGrader } from './grader-call.js';
import type { AssertionContext } from '../types.js';

const DEFAULT_MODERATION_PROVIDER = 'openai:moderation:omni-moderation-latest';

function categoriesToCheck(value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list) || list.some((v) => typeof v !== 'string'))
    throw new AssayError(
      'ASSERTION_INVALID',
      '"moderation" value must list the categories to check, e.g. [harassment, violence]',
    );
  return (list as string[]).map((c) => c.trim()).filter(Boolean);
}

/** `provider: {moderation: …}` picks the moderation entry; a plain provider is used as is. */
function moderationSpec(spec: GraderSpec | undefined): GraderSpec {
  if (spec && typeof spec === 'object' && !('id' in spec) && 'moderation' in spec)
    return (spec as { moderation: GraderSpec }).moderation;
  if (spec && typeof spec === 'object' && !('id' in spec) && !('call' in spec)) return DEFAULT_MODERATION_PROVIDER;
  return spec ?? DEFAULT_MODERATION_PROVIDER;
}

export function moderation(ctx: AssertionContext): Promise<CheckResult> {
  const wanted = categoriesToCheck(ctx.value);
  const tokens = new GraderTokens();
  return gradeSafely(tokens, async () => {
    // The resolver looks at the assertion's provider first; the test's text grader is not a moderator.
    const assertion = { ...ctx.assertion, provider: moderationSpec(ctx.assertion.provider) };
    const moderator = await textGrader(ctx.graders, assertion, ctx.test);
    const response = await ctx.graders.call(moderator, ctx.outputString, ctx.signal);
    tokens.add(response.tokenUsage, response.cached);
    if (response.error) throw new GraderFailure(`Moderation with ${moderator.id()} failed: ${response.error}`);
    const result = response.output as { categories?: Record<string, boolean> } | undefined;
    if (!result || typeof result !== 'object' || !result.categories)
      throw new GraderFailure(
        `Moderation with ${moderator.id()} returned no categories; use a moderation provider such as ${DEFAULT_MODERATION_PROVIDER}`,
      );
    const flagged = Object.entries(result.categories)
      .filter(([category, on]) => on && (!wanted || wanted.includes(category)))
      .map(([category]) => category);
    return flagged.length > 0
      ? { pass: false, score: 0, reason: `Moderation flags detected: ${flagged.join(', ')}`, metadata: { flagged } }
      : {
          pass: true,
          score: 1,
          reason: 'No moderation flags detected',
          negatedReason: 'Expected moderation flags, but none were detected',
        };
  });
}
