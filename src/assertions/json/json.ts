// JSON checks: is-json (the whole output parses) and contains-json (a JSON object or array is
// embedded in the text); both validate against an optional JSON Schema in the value.

import { invalid, type CheckResult } from '../engine/check-result.js';
import { extractJsonValues } from './json-extract.js';
import { hasSchema, schemaErrors, schemaValidator } from './json-schema.js';
import type { AssertionContext } from '../types.js';

export function isJson({ value, outputString }: AssertionContext): CheckResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(outputString);
  } catch {
    return { pass: false, score: 0, reason: 'Expected output to be valid JSON' };
  }
  if (hasSchema(value)) {
    const compiled = schemaValidator(value, 'is-json');
    if ('error' in compiled) return invalid(compiled.error);
    if (!compiled.validate(parsed)) {
      return {
        pass: false,
        score: 0,
        reason: `JSON does not conform to the provided schema. Errors: ${schemaErrors(compiled.validate)}`,
      };
    }
    return {
      pass: true,
      score: 1,
      reason: 'Assertion passed',
      negatedReason: 'Output is JSON that conforms to the provided schema',
    };
  }
  return { pass: true, score: 1, reason: 'Assertion passed', negatedReason: 'Expected output to not be valid JSON' };
}

export function containsJson({ value, outputString }: AssertionContext): CheckResult {
  const found = extractJsonValues(outputString);
  if (found.length === 0) return { pass: false, score: 0, reason: 'Expected output to contain valid JSON' };
  if (!hasSchema(value)) {
    return { pass: true, score: 1, reason: 'Assertion passed', negatedReason: 'Expected output to not contain JSON' };
  }
  const compiled = schemaValidator(value, 'contains-json');
  if ('error' in compiled) return invalid(compiled.error);
  let lastErrors = '';
  for (const candidate of found) {
    if (compiled.validate(candidate)) {
      return {
        pass: true,
        score: 1,
        reason: 'Assertion passed',
        negatedReason: 'Output contains JSON conforming to the provided schema',
      };
    }
    lastErrors = schemaErrors(compiled.validate);
  }
  return { pass: false, score: 0, reason: `JSON does not conform to the provided schema. Errors: ${lastErrors}` };
}
