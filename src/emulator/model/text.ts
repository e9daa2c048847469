// Word-level helpers shared by the emulated model: tokenising, content words, token counts and
// the deterministic answer text that reflects the prompt.

const STOPWORDS = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto about as is are was were be been being ' +
    'do does did doing have has had having i me my we our you your he she it its they them their this that these those ' +
    'what which who whom whose when where why how all any both each few more most other some such no nor not only own ' +
    'same so than too very can will just should would could may might must shall s t don now also there here up down ' +
    'out over under again further once please tell give write make let us am'
  ).split(' '),
);

/** Lower-cased word tokens (letters, digits, inner apostrophes and hyphens kept as separate words). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
}

/** Words that carry meaning: not stopwords, longer than one character. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

/** A crude stem so "analogies"/"analogy" and "describes"/"described" meet. */
export function stem(word: string): string {
  const w = word.toLowerCase();
  return w.length > 5 ? w.slice(0, 5) : w.replace(/(ies|es|s)$/, '');
}

/** Roughly 4 characters per token, at least 1 for non-empty text. */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Cut text to about `maxTokens` tokens; reports whether it was cut. */
export function limitTokens(text: string, maxTokens: number | undefined): { text: string; cut: boolean } {
  if (maxTokens === undefined || maxTokens <= 0 || countTokens(text) <= maxTokens) return { text, cut: false };
  return { text: text.slice(0, maxTokens * 4), cut: true };
}

/** Apply stop sequences the way the real APIs do: the output ends before the first match. */
export function applyStop(text: string, stop: string | string[] | undefined): { text: string; stopped: boolean } {
  const list = typeof stop === 'string' ? [stop] : (stop ?? []);
  let cut = -1;
  for (const s of list) {
    if (!s) continue;
    const at = text.indexOf(s);
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  return cut >= 0 ? { text: text.slice(0, cut), stopped: true } : { text, stopped: false };
}

/**
 * The emulator's answer to a plain prompt: it quotes the request (so `contains` checks on the
 * prompt's words pass) and lists its key words, e.g. for "Explain quantum computing":
 * `You asked: "Explain quantum computing". Here is a deterministic answer from the Assay emulator about quantum computing.`
 */
export function answerText(question: string, imageCount = 0): string {
  const q = question.replace(/\s+/g, ' ').trim();
  if (q.length === 0 && imageCount === 0) return 'Hello! How can I help you today?';
  const quoted = q.length > 400 ? `${q.slice(0, 400)}…` : q;
  const topic = unique(contentWords(q)).slice(0, 12).join(' ');
  const image =
    imageCount > 0
      ? ` The image shows the content you attached (${imageCount} image${imageCount > 1 ? 's' : ''}).`
      : '';
  const about = topic ? ` about ${topic}` : '';
  return `You asked: "${quoted}". Here is a deterministic answer from the Assay emulator${about}.${image}`;
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Split text into stream pieces of a few words each, keeping whitespace so they join back exactly. */
export function streamPieces(text: string, wordsPerPiece = 3): string[] {
  const parts = text.match(/\S+\s*/g) ?? [];
  const lead = text.match(/^\s*/)?.[0] ?? '';
  const pieces: string[] = [];
  for (let i = 0; i < parts.length; i += wordsPerPiece) pieces.push(parts.slice(i, i + wordsPerPiece).join(''));
  if (pieces.length === 0) return text ? [text] : [];
  pieces[0] = lead + pieces[0];
  return pieces;
}
