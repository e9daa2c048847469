// webhook: POSTs `{output, context: {prompt, vars}}` to the URL in the value and takes the reply
// `{pass, score?, reason?}` as the verdict, as promptfoo does (timeout WEBHOOK_TIMEOUT, 5 s).
// Sent through the shared transport; a failed call fails the assertion with the reason.

import { AssayError, errorMessage, isAbortError } from '../../errors.js';
import { httpJson } from '../../providers/transport/index.js';
import type { CheckResult } from '../engine/check-result.js';
import type { AssertionContext } from '../types.js';

const DEFAULT_TIMEOUT_MS = 5_000;

function timeoutMs(): number {
  const fromEnv = Number(process.env.ASSAY_WEBHOOK_TIMEOUT ?? process.env.WEBHOOK_TIMEOUT);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_TIMEOUT_MS;
}

export async function webhook(ctx: AssertionContext): Promise<CheckResult> {
  const url = ctx.value;
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
    throw new AssayError('ASSERTION_INVALID', '"webhook" value must be the http(s) URL to POST the output to');
  }
  let body: unknown;
  try {
    const reply = await httpJson(
      { url, method: 'POST', body: { output: ctx.output, context: { prompt: ctx.prompt, vars: ctx.vars } } },
      { signal: ctx.signal, timeoutMs: timeoutMs() },
    );
    body = reply.body;
  } catch (err) {
    if (ctx.signal?.aborted && isAbortError(err)) throw err;
    return { pass: false, score: 0, reason: `Webhook error: ${errorMessage(err)}`, inversion: 'none' };
  }
  if (body === null || typeof body !== 'object' || typeof (body as { pass?: unknown }).pass !== 'boolean') {
    return {
      pass: false,
      score: 0,
      reason: 'Webhook error: the reply must be JSON with a boolean "pass" (and optional "score", "reason")',
      inversion: 'none',
    };
  }
  const verdict = body as { pass: boolean; score?: unknown; reason?: unknown };
  const score = typeof verdict.score === 'number' ? verdict.score : verdict.pass ? 1 : 0;
  const reason =
    typeof verdict.reason === 'string' && verdict.reason
      ? verdict.reason
      : verdict.pass
        ? 'Assertion passed'
        : 'Webhook returned false';
  // promptfoo: not-webhook flips pass and gives 1 - score when the webhook scored.
  return {
    pass: verdict.pass,
    score,
    reason,
    inversion: typeof verdict.score === 'number' ? 'complement' : 'binary',
    negatedReason: `Webhook passed the output: ${reason}`,
  };
}
