// Deterministic embeddings: a hashed bag of word stems and word pairs, L2-normalised, so texts
// that share words have a high cosine similarity and unrelated texts a low one.

import { contentWords, stem, words } from './text.js';

/** FNV-1a, 32-bit. */
function hash(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function embed(text: string, dimensions: number): number[] {
  const dim = Math.max(1, Math.floor(dimensions));
  const v = new Array<number>(dim).fill(0);
  const terms = contentWords(text).map(stem);
  const add = (feature: string, weight: number) => {
    const h = hash(feature);
    const sign = hash(feature, 0x9747b28c) & 1 ? 1 : -1;
    v[h % dim]! += sign * weight;
  };
  for (const t of terms) add(t, 1);
  for (let i = 1; i < terms.length; i++) add(`${terms[i - 1]} ${terms[i]}`, 0.5);
  // Texts made only of stopwords still get a vector that depends on their words.
  if (terms.length === 0) for (const w of words(text)) add(w, 1);
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  if (norm === 0) {
    v[0] = 1;
    return v;
  }
  return v.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
