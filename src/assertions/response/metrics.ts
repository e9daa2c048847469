// Numeric checks on the output or the call: levenshtein (edit distance to the value),
// latency (ms) and cost against a threshold.

import { AssayError } from '../../errors.js';
import { editDistance } from '../../text/edit-distance.js';
import type { CheckResult } from '../engine/check-result.js';
import type { AssertionContext } from '../types.js';
import { PRICE_TABLE_DATE } from '../../providers/pricing/price-table.js';

export function levenshtein({ value, outputString, assertion }: AssertionContext): CheckResult {
  if (typeof value !== 'string')
    throw new AssayError('ASSERTION_INVALID', '"levenshtein" assertion must have a string value');
  const threshold = assertion.threshold || 5;
  const distance = editDistance(outputString, value);
  const pass = distance <= threshold;
  // promptfoo ignores `not-` here; kept so scores match.
  return {
    pass,
    score: pass ? 1 : 0,
    reason: pass ? 'Assertion passed' : `Levenshtein distance ${distance} is greater than threshold ${threshold}`,
    inversion: 'none',
  };
}

export function latency({ latencyMs, assertion }: AssertionContext): CheckResult {
  if (latencyMs === undefined) {
    throw new AssayError(
      'ASSERTION_INVALID',
      'latency assertion: this result has no recorded latency (a cached response stored without one); rerun with --no-cache',
    );
  }
  return underThreshold('Latency', latencyMs, `${latencyMs}ms`, 'ms', assertion.threshold, assertion.metric);
}

export function cost({ providerResponse, assertion, provider }: AssertionContext): CheckResult {
  const value = providerResponse.cost;
  if (value === undefined) {
    const who = provider ? `provider ${provider.id()}` : 'the provider';
    throw new AssayError(
      'ASSERTION_INVALID',
      `cost assertion: no cost for this call: ${who} has no per-token price in Assay's price table (dated ${PRICE_TABLE_DATE}) and its config sets none. ` +
        'Set the prices in the provider config, in USD per token: config: { inputCost: 0.0000005, outputCost: 0.0000015 } (or cost: for both).',
    );
  }
  return underThreshold('Cost', value, value.toPrecision(2), '', assertion.threshold, assertion.metric);
}

function underThreshold(
  label: string,
  measured: number,
  shown: string,
  unit: string,
  threshold: number | undefined,
  metric: string | undefined,
): CheckResult {
  if (threshold === undefined) {
    // Without a threshold the check only records the measurement as a named metric.
    if (!metric) {
      throw new AssayError(
        'ASSERTION_INVALID',
        `${label.toLowerCase()} assertion needs a threshold, or a metric name to record the ${label.toLowerCase()} under`,
      );
    }
    return { pass: true, score: measured, reason: 'Assertion passed', inversion: 'none' };
  }
  const pass = measured <= threshold;
  return pass
    ? {
        pass,
        score: 1,
        reason: 'Assertion passed',
        negatedReason: `${label} ${shown} is less than or equal to threshold ${threshold}${unit}`,
      }
    : { pass, score: 0, reason: `${label} ${shown} is greater than threshold ${threshold}${unit}` };
}
