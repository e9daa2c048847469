// Databricks AI Gateway guardrails, emulated deterministically: invalid keywords, PII (email,
// US SSN, phone, card numbers) blocked or masked, and a small safety word list.

import type { DatabricksGuardrail } from '../types.js';

const PII: { label: string; re: RegExp }[] = [
  { label: 'email address', re: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
  { label: 'US social security number', re: /\b\d{3}-\d{2}-\d{4}\b/g },
  { label: 'credit card number', re: /\b(?:\d{4}[- ]){3}\d{4}\b/g },
  { label: 'phone number', re: /(?:\+1[ .-]?)?\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b/g },
];

/** Stand-ins for the safety classifier: requests for clear harm. */
const UNSAFE =
  /\b(build|make|assemble)\s+(?:a\s+)?(bomb|explosive|weapon)s?\b|\brob\s+a\s+bank\b|\bkill\s+(?:someone|a person|people)\b/i;

export type GuardrailOutcome = { blocked: false; texts: string[] } | { blocked: true; reason: string };

/** Applies one direction's guardrail to the texts; MASK replaces PII with `[REDACTED]`. */
export function applyGuardrail(
  guard: DatabricksGuardrail | undefined,
  texts: string[],
  direction: 'Input' | 'Output',
): GuardrailOutcome {
  if (!guard) return { blocked: false, texts };
  const joined = texts.join('\n');
  const keyword = guard.invalidKeywords?.find((k) => k && joined.toLowerCase().includes(k.toLowerCase()));
  if (keyword)
    return {
      blocked: true,
      reason: `${direction} guardrail triggered: the ${direction.toLowerCase()} contains an invalid keyword.`,
    };
  if (guard.safety && UNSAFE.test(joined))
    return {
      blocked: true,
      reason: `${direction} guardrail triggered: the ${direction.toLowerCase()} was flagged as unsafe by the safety filter.`,
    };
  if (guard.pii === 'BLOCK') {
    const found = PII.find((p) => new RegExp(p.re.source).test(joined));
    if (found) return { blocked: true, reason: `${direction} guardrail triggered: PII detected (${found.label}).` };
  }
  if (guard.pii === 'MASK') return { blocked: false, texts: texts.map(maskPii) };
  return { blocked: false, texts };
}

export function maskPii(text: string): string {
  return PII.reduce((t, p) => t.replace(p.re, '[REDACTED]'), text);
}
