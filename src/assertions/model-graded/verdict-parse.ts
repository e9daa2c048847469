// Reads grader replies tolerantly: JSON verdicts anywhere in prose or code fences, factuality
// categories, Y/N closed-QA answers, G-Eval steps and scores, generated questions, select-best indexes.

import { extractJsonValues } from '../json/json-extract.js';

export interface RubricVerdict {
  pass?: boolean;
  score?: number;
  reason?: string;
}

function jsonObjects(text: string): Array<Record<string, unknown>> {
  return extractJsonValues(text).filter(
    (v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v),
  );
}

/** `true`, `"true"`, `"yes"`, `"pass"`, `1` → true; their opposites → false; anything else undefined. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  if (/^(true|yes|y|pass|passed)$/.test(word)) return true;
  if (/^(false|no|n|fail|failed)$/.test(word)) return false;
  return undefined;
}

export function parseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** The first JSON object in the reply with a usable `pass` or `score`; undefined when there is none. */
export function parseRubricVerdict(text: string): RubricVerdict | undefined {
  for (const object of jsonObjects(text)) {
    const pass = parseBoolean(object.pass);
    const score = parseNumber(object.score);
    if (pass === undefined && score === undefined) continue;
    const reason = typeof object.reason === 'string' ? object.reason : undefined;
    return { pass, score, reason };
  }
  return undefined;
}

export type FactualityCategory = 'A' | 'B' | 'C' | 'D' | 'E';

/** A JSON `{"category": "B"}` first, then the older "(B) ..." reply style. */
export function parseFactuality(text: string): { category: FactualityCategory; reason?: string } | undefined {
  for (const object of jsonObjects(text)) {
    if (typeof object.category !== 'string') continue;
    const category = object.category
      .trim()
      .replace(/^\(?([A-Ea-e])\)?$/, '$1')
      .toUpperCase();
    if (!/^[A-E]$/.test(category)) return undefined;
    return {
      category: category as FactualityCategory,
      reason: typeof object.reason === 'string' ? object.reason : undefined,
    };
  }
  const legacy = /\(([A-Ea-e])\)\s*([\s\S]*)/.exec(text);
  if (legacy)
    return { category: legacy[1]!.toUpperCase() as FactualityCategory, reason: legacy[2]!.trim() || undefined };
  return undefined;
}

/** Closed-QA answers end with a lone Y or N (markdown emphasis and a final period tolerated). */
export function parseClosedQa(text: string): boolean | undefined {
  const tail = text.trimEnd().replace(/[*_`.]+$/, '');
  if (/(^|[^A-Za-z])Y$/.test(tail)) return true;
  if (/(^|[^A-Za-z])N$/.test(tail)) return false;
  return undefined;
}

export function parseGEvalSteps(text: string): string[] | undefined {
  for (const object of jsonObjects(text)) {
    const steps = object.steps;
    if (!Array.isArray(steps)) continue;
    const clean = steps.filter((s): s is string => typeof s === 'string' && s.trim() !== '');
    return clean.length > 0 ? clean : undefined;
  }
  return undefined;
}

export function parseGEvalScore(text: string): { score: number; reason?: string } | undefined {
  for (const object of jsonObjects(text)) {
    const score = parseNumber(object.score);
    if (score === undefined) continue;
    return { score, reason: typeof object.reason === 'string' ? object.reason : undefined };
  }
  return undefined;
}

/** Questions as `{"questions": [...]}`, a JSON list, or one per line (numbering and bullets removed). */
export function parseQuestions(text: string): string[] {
  for (const value of extractJsonValues(text)) {
    const list = Array.isArray(value) ? value : (value as Record<string, unknown>).questions;
    if (Array.isArray(list)) {
      const questions = list.filter((q): q is string => typeof q === 'string' && q.trim() !== '').map((q) => q.trim());
      if (questions.length > 0) return questions;
    }
  }
  const lines = text
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)]|Q\d*[:.])\s*/i, '').trim())
    .filter((line) => line !== '' && !line.startsWith('```'));
  const asked = lines.filter((line) => line.endsWith('?'));
  return asked.length > 0 ? asked : lines;
}

/** The first integer in the reply, or undefined. */
export function parseIndex(text: string): number | undefined {
  const match = /\d+/.exec(text);
  return match ? Number.parseInt(match[0], 10) : undefined;
}
