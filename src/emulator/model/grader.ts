// Deterministic answers to grading prompts (llm-rubric, factuality, closed-QA, select-best,
// G-Eval), so model-graded assertions can pass AND fail against the emulator. Rules are in README.md.

import { contentWords, stem, unique } from './text.js';
import { gradeItemsIfAsked } from './item-grader.js';

export interface Verdict {
  pass: boolean;
  score: number;
  reason: string;
}

/** The grader's reply text, or undefined when the prompt is not a grading prompt. */
export function gradeIfGraderPrompt(text: string): string | undefined {
  const items = gradeItemsIfAsked(text);
  if (items !== undefined) return items;
  if (/\[expert\]/i.test(text) && /\[submission\]/i.test(text)) return factuality(text);
  if (/\[criterion\]/i.test(text) && /\[submission\]/i.test(text)) return closedQa(text);
  const outputs = listedOutputs(text);
  if (outputs.length >= 2 && /\b(best|select|choose)\b/i.test(text)) return String(selectBest(text, outputs));
  const asksJson = /json/i.test(text);
  if (asksJson && /"questions"/i.test(text) && /\banswer\b/i.test(text)) return questionsFor(text);
  if (asksJson && /"?steps"?/i.test(text) && /evaluation steps|generate.*steps/i.test(text)) return gEvalSteps(text);
  if (isRubricPrompt(text)) {
    const { rubric, output } = rubricParts(text);
    const v = verdict(rubric, output);
    if (asksJson && !/"?pass"?\s*[:"]|\bpass\b/i.test(text) && /\bscore\b/i.test(text)) return gEvalScore(text, v);
    return JSON.stringify({ reason: v.reason, pass: v.pass, score: v.score });
  }
  return undefined;
}

function isRubricPrompt(text: string): boolean {
  if (/<rubric>/i.test(text)) return true;
  if (/\brubric\b/i.test(text) && /\bpass\b/i.test(text)) return true;
  return (
    /\b(grade|grading|evaluat\w*|judge)\b/i.test(text) &&
    /\bpass\b/i.test(text) &&
    /\b(score|reason)\b/i.test(text) &&
    /json/i.test(text)
  );
}

/** The LAST tagged section: grader system prompts often carry worked examples in the same tags. */
function between(text: string, tag: string): string | undefined {
  const all = [...text.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'gi'))];
  return all.at(-1)?.[1]?.trim();
}

function labelled(text: string, label: string, stopLabels: string): string | undefined {
  const m = new RegExp(
    `(?:^|\\n)\\s*\\[?${label}\\]?\\s*[:：]\\s*([\\s\\S]*?)(?=\\n\\s*\\[?(?:${stopLabels})\\]?\\s*[:：]|\\n\\s*\\*{3}|\\n\\s*\\[END|$)`,
    'i',
  ).exec(text);
  return m?.[1]?.trim();
}

export function rubricParts(text: string): { rubric: string; output: string } {
  const rubric = between(text, 'rubric') ?? labelled(text, 'rubric', 'output|submission') ?? text;
  const output = between(text, 'output') ?? labelled(text, 'output', 'rubric') ?? text;
  return { rubric, output };
}

const CHECK_VERB =
  /\b(mentions?|contains?|includes?|says?|references?|refers? to|names?|lists?|discuss(?:es)?|talks? about|about|uses? the (?:word|term|phrase))\s+(.+)$/i;
const NEGATION = /\b(not|never|doesn't|don't|isn't|shouldn't|mustn't|cannot|can't|without|avoids?|no)\b/i;

interface Check {
  phrase: string;
  literal: boolean;
  mustAppear: boolean;
}

/**
 * The rubric rule:
 * 1. Empty output fails; a refusal ("I'm sorry", "I can't"...) fails unless the rubric mentions refusing.
 * 2. Checkable terms: quoted phrases must appear verbatim (case-insensitive); a clause
 *    "mentions/contains/includes/says/lists/references/names/about X" requires X's words (stems) in
 *    the output; the same clause negated (not, never, no, without, avoid...) forbids them.
 * 3. With checkable terms: pass iff every check holds; score = share of checks that hold.
 *    Without any: the rubric is purely qualitative and a non-empty, non-refusing output passes (score 1).
 */
export function verdict(rubric: string, output: string): Verdict {
  const out = output.trim();
  if (out.length === 0) return { pass: false, score: 0, reason: 'The output is empty.' };
  if (/^(i'?m sorry|i am sorry|i can(?:no|')t|i cannot|as an ai)\b/i.test(out) && !/refus|declin/i.test(rubric)) {
    return { pass: false, score: 0, reason: 'The output is a refusal.' };
  }
  const checks = checksIn(rubric);
  if (checks.length === 0)
    return {
      pass: true,
      score: 1,
      reason: 'The rubric names no checkable terms and the output is a non-empty answer.',
    };
  const outStems = new Set(contentWords(out).map(stem));
  const lower = out.toLowerCase();
  const failed: string[] = [];
  for (const c of checks) {
    const present = c.literal
      ? lower.includes(c.phrase.toLowerCase())
      : contentWords(c.phrase)
          .map(stem)
          .every((s) => outStems.has(s));
    if (present !== c.mustAppear) failed.push(`${c.mustAppear ? 'missing' : 'contains forbidden'} "${c.phrase}"`);
  }
  const score = Math.round(((checks.length - failed.length) / checks.length) * 100) / 100;
  if (failed.length === 0)
    return {
      pass: true,
      score,
      reason: `The output satisfies the rubric: ${checks.map((c) => `"${c.phrase}"`).join(', ')}.`,
    };
  return { pass: false, score, reason: `The output does not satisfy the rubric: ${failed.join('; ')}.` };
}

function checksIn(rubric: string): Check[] {
  const checks: Check[] = [];
  for (const clause of rubric.split(/[.;!?\n]+|,\s*(?:and|but)\s+|\s+but\s+/i)) {
    const quoted = [...clause.matchAll(/"([^"]+)"|(?:^|[\s(:])'([^']{2,})'|`([^`]+)`|“([^”]+)”/g)].map(
      (m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '',
    );
    const negated = NEGATION.test(clause);
    if (quoted.length > 0) {
      for (const q of quoted) if (q.trim()) checks.push({ phrase: q.trim(), literal: true, mustAppear: !negated });
      continue;
    }
    const m = CHECK_VERB.exec(clause) ?? /\b(?:without|avoids?|no)\s+(.+)$/i.exec(clause);
    if (!m) continue;
    const phrase = (m[2] ?? m[1] ?? '')
      .replace(/^(the\s+(word|term|phrase|name)\s+|that\s+|the\s+|a\s+|an\s+)/i, '')
      .trim();
    if (contentWords(phrase).length === 0) continue;
    // The second pattern (without/avoid/no X) has no verb group: it always forbids.
    const isNegated = m[2] === undefined || NEGATION.test(clause.slice(0, m.index));
    checks.push({ phrase, literal: false, mustAppear: !isNegated });
  }
  return checks;
}

/** Factuality (A-E): compares the content-word stems of the expert answer and the submission. */
function factuality(text: string): string {
  const stops = 'question|expert|submission|end data';
  const expert = new Set(contentWords(labelled(text, 'expert', stops) ?? '').map(stem));
  const sub = new Set(contentWords(labelled(text, 'submission', stops) ?? '').map(stem));
  const inSub = [...expert].filter((s) => sub.has(s)).length;
  const inExpert = [...sub].filter((s) => expert.has(s)).length;
  let category: string;
  let reason: string;
  if (sub.size === 0) [category, reason] = ['D', 'The submission is empty.'];
  else if (inSub === expert.size && inExpert === sub.size)
    [category, reason] = ['C', 'The submission contains the same details as the expert answer.'];
  else if (inSub === expert.size)
    [category, reason] = ['B', 'The submission is a superset of the expert answer and consistent with it.'];
  else if (inExpert === sub.size)
    [category, reason] = ['A', 'The submission is a subset of the expert answer and consistent with it.'];
  else if (expert.size > 0 && inSub / expert.size >= 0.5)
    [category, reason] = ['E', 'The answers differ, but not in ways that matter for factuality.'];
  else [category, reason] = ['D', 'The submission disagrees with the expert answer.'];
  return /json/i.test(text) ? JSON.stringify({ category, reason }) : `${reason}\n(${category})\n${category}`;
}

function closedQa(text: string): string {
  const stops = 'task|submission|criterion|end data';
  const v = verdict(labelled(text, 'criterion', stops) ?? '', labelled(text, 'submission', stops) ?? '');
  return `${v.reason}\n${v.pass ? 'Y' : 'N'}`;
}

/** Outputs listed as `Output 0: ...`, `<Output index="0">...`, or `[0] ...` lines. */
function listedOutputs(text: string): string[] {
  const tagged = [...text.matchAll(/<output[^>]*?(?:index|id)\s*=\s*"?(\d+)"?[^>]*>([\s\S]*?)<\/output>/gi)].map(
    (m) => m[2] ?? '',
  );
  if (tagged.length >= 2) return tagged;
  const parts = text.split(/(?:^|\n)\s*(?:output\s*#?\s*\d+\s*[:：]|\[\d+\]\s*[:：]?)/i);
  return parts.length >= 3 ? parts.slice(1) : [];
}

/** Index of the output sharing most word stems with the criteria (ties: the lowest index). */
function selectBest(text: string, outputs: string[]): number {
  const criteria =
    between(text, 'criteria') ??
    labelled(text, 'criteria', 'output') ??
    text.split(/\n\s*(?:output\s*#?\s*0|\[0\]|<output)/i)[0] ??
    '';
  const want = new Set(contentWords(criteria).map(stem));
  let best = 0;
  let bestScore = -1;
  outputs.forEach((o, i) => {
    const score = unique(contentWords(o).map(stem)).filter((s) => want.has(s)).length;
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best;
}

/** answer-relevance: questions built from the answer's own words, so they match the query it answers. */
function questionsFor(text: string): string {
  const answer = labelled(text, 'answer', 'questions?') ?? '';
  const topic = unique(contentWords(answer)).slice(0, 8).join(' ');
  const count = Number(/\b(\d+)\s+(?:different\s+)?questions\b/i.exec(text)?.[1] ?? 3);
  const forms = [
    (t: string) => `What is ${t}?`,
    (t: string) => `Can you explain ${t}?`,
    (t: string) => `What do you know about ${t}?`,
  ];
  return JSON.stringify({
    questions: topic ? Array.from({ length: Math.min(count, 10) }, (_, i) => forms[i % forms.length]!(topic)) : [],
  });
}

function gEvalSteps(text: string): string {
  const criteria = between(text, 'criteria') ?? labelled(text, 'criteria', 'output') ?? 'the criteria';
  return JSON.stringify({
    steps: ['Read the output carefully.', `Check the output against: ${criteria.slice(0, 200)}`, 'Assign a score.'],
  });
}

function gEvalScore(text: string, v: Verdict): string {
  const range = /\b(\d+)\s*(?:-|to)\s*(\d+)\b/.exec(text);
  const max = range ? Number(range[2]) : 10;
  const min = range ? Number(range[1]) : 0;
  return JSON.stringify({ score: Math.round(min + v.score * (max - min)), reason: v.reason });
}
