// is-html / contains-html: whether the output is an HTML document or fragment, or contains one.
// A heuristic like promptfoo's: known HTML elements, tags that open and close in order, and not
// XML that merely uses angle brackets.

import { verdict, type CheckResult } from '../engine/check-result.js';
import type { AssertionContext } from '../types.js';

const ELEMENTS = new Set(
  (
    'html head body title meta link script style noscript base div span p a img br hr ul ol li dl dt dd table thead tbody tfoot tr td th caption ' +
    'form input button select option textarea label fieldset legend h1 h2 h3 h4 h5 h6 strong em b i u s small mark code pre blockquote q cite ' +
    'abbr sub sup header footer nav main section article aside figure figcaption details summary iframe video audio source canvas svg ' +
    'picture time address kbd samp var wbr del ins template slot dialog menu output progress meter'
  ).split(' '),
);
const VOID = new Set('area base br col embed hr img input link meta source track wbr'.split(' '));
const TAG = /<\/?([A-Za-z][\w-]*)\b[^<>]*?(\/?)>/g;

/** Why the text is not HTML, or undefined when it is. */
function htmlProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('<') || !trimmed.endsWith('>')) return 'Output does not start and end with an HTML tag';
  if (/^<\?xml/i.test(trimmed)) return 'Output is XML, not HTML';
  const body = trimmed.replace(/^<!doctype html[^>]*>/i, '').replace(/<!--[\s\S]*?-->/g, '');
  let sawKnown = false;
  const open: string[] = [];
  for (const m of body.matchAll(TAG)) {
    const name = m[1]!.toLowerCase();
    if (ELEMENTS.has(name)) sawKnown = true;
    if (VOID.has(name) || m[2] === '/') continue;
    if (m[0].startsWith('</')) {
      // HTML lets some closing tags be omitted (li, p, td…): close back to the matching opener.
      const at = open.lastIndexOf(name);
      if (at === -1) return `Closing tag </${name}> has no opening tag`;
      open.length = at;
    } else {
      open.push(name);
    }
  }
  if (!sawKnown) return 'Output contains no known HTML elements';
  return undefined;
}

export function isHtml(ctx: AssertionContext): CheckResult {
  const problem = htmlProblem(ctx.outputString);
  return verdict(problem === undefined, (not) => (not ? 'Expected the output not to be HTML, but it is' : problem!));
}

export function containsHtml(ctx: AssertionContext): CheckResult {
  const found = [...ctx.outputString.matchAll(TAG)].some((m) => {
    const name = m[1]!.toLowerCase();
    if (!ELEMENTS.has(name) || m[0].startsWith('</')) return false;
    return (
      VOID.has(name) ||
      m[2] === '/' ||
      new RegExp(`</${name}\\s*>`, 'i').test(ctx.outputString.slice((m.index ?? 0) + m[0].length))
    );
  });
  return verdict(found, (not) =>
    not ? 'Expected the output not to contain HTML, but it does' : 'Output does not contain HTML',
  );
}
