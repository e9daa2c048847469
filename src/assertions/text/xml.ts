// is-xml / contains-xml: the output is (or contains) well-formed XML, optionally with required
// element paths (`root.child`, a comma list or an array), as promptfoo checks them.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AssayError } from '../../errors.js';
import { verdict, type CheckResult } from '../engine/check-result.js';
import type { AssertionContext } from '../types.js';

/** Required element paths from the assertion value: `a.b, c`, `[a.b, c]` or `{requiredElements: […]}`; none when absent. */
function requiredElements(ctx: AssertionContext): string[] {
  let value = ctx.value;
  // promptfoo also accepts `{requiredElements: [...]}`.
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'requiredElements' in value)
    value = (value as { requiredElements: unknown }).requiredElements;
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!list || list.some((item) => typeof item !== 'string')) {
    throw new AssayError(
      'ASSERTION_INVALID',
      `"${ctx.assertion.type}" value must list required element paths, e.g. "analysis.summary, analysis.sentiment"`,
    );
  }
  return (list as string[]).map((item) => item.trim()).filter(Boolean);
}

/** Checks one XML text; returns undefined when valid and complete, else why not. */
function xmlProblem(text: string, required: string[]): string | undefined {
  const valid = XMLValidator.validate(text);
  if (valid !== true) return `XML parsing failed: ${valid.err.msg} (line ${valid.err.line})`;
  if (required.length === 0) return undefined;
  const parsed = new XMLParser({ ignoreAttributes: false, processEntities: false }).parse(text) as unknown;
  const missing = required.filter((path) => !hasPath(parsed, path.split('.')));
  return missing.length ? `XML is missing required elements: ${missing.join(', ')}` : undefined;
}

function hasPath(node: unknown, parts: string[]): boolean {
  if (parts.length === 0) return true;
  if (Array.isArray(node)) return node.some((item) => hasPath(item, parts));
  if (node === null || typeof node !== 'object') return false;
  const [head, ...rest] = parts as [string, ...string[]];
  if (!Object.hasOwn(node, head)) return false;
  return hasPath((node as Record<string, unknown>)[head], rest);
}

export function isXml(ctx: AssertionContext): CheckResult {
  const required = requiredElements(ctx);
  const text = ctx.outputString.trim();
  // An XML document must have an element; the validator accepts bare text.
  const problem = text.startsWith('<')
    ? xmlProblem(text, required)
    : 'XML parsing failed: the output does not start with an XML element';
  return verdict(problem === undefined, (not) =>
    not ? 'Expected the output not to be valid XML, but it is' : problem!,
  );
}

/** Candidate XML fragments: from each opening tag to the last matching closing tag after it. */
function fragments(text: string): string[] {
  const found: string[] = [];
  const opening = /<([A-Za-z_][\w.:-]*)[^<>]*>/g;
  for (let m = opening.exec(text); m; m = opening.exec(text)) {
    const close = text.lastIndexOf(`</${m[1]}>`);
    if (close > m.index) found.push(text.slice(m.index, close + m[1]!.length + 3));
    if (found.length >= 50) break;
  }
  return found;
}

export function containsXml(ctx: AssertionContext): CheckResult {
  const required = requiredElements(ctx);
  let lastProblem = 'No XML content found in the output';
  for (const fragment of fragments(ctx.outputString)) {
    const problem = xmlProblem(fragment, required);
    if (problem === undefined) return verdict(true, () => 'Expected the output not to contain valid XML, but it does');
    lastProblem = problem;
  }
  return verdict(false, () => lastProblem);
}
