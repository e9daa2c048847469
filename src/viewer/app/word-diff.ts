// A small word diff for the compare page: which words of the baseline's output are gone and which
// of the candidate's are new. LCS over word tokens; long texts fall back to a cheaper diff of the
// differing middle so a 100 KB output cannot freeze the page. Pure, unit-tested.

export interface DiffPart {
  text: string;
  kind: 'same' | 'removed' | 'added';
}

/** Cells of the LCS table we allow before giving up on a fine diff of the middle. */
const MAX_TABLE = 4_000_000;

/** Splits into words and the whitespace/punctuation between them, keeping every character. */
export function tokenize(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  // Common prefix and suffix first: most outputs differ in a small part.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  push(parts, a.slice(0, start).join(''), 'same');
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_TABLE) {
    push(parts, midA.join(''), 'removed');
    push(parts, midB.join(''), 'added');
  } else {
    for (const part of lcsDiff(midA, midB)) push(parts, part.text, part.kind);
  }
  push(parts, a.slice(endA).join(''), 'same');
  return parts;
}

function lcsDiff(a: string[], b: string[]): DiffPart[] {
  const rows = a.length + 1;
  const cols = b.length + 1;
  // table[i][j] = LCS length of a[i..] and b[j..], flattened.
  const table = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * cols + j] =
        a[i] === b[j]
          ? table[(i + 1) * cols + j + 1]! + 1
          : Math.max(table[(i + 1) * cols + j]!, table[i * cols + j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push(parts, a[i++]!, 'same');
      j++;
    } else if (table[(i + 1) * cols + j]! >= table[i * cols + j + 1]!) {
      push(parts, a[i++]!, 'removed');
    } else {
      push(parts, b[j++]!, 'added');
    }
  }
  while (i < a.length) push(parts, a[i++]!, 'removed');
  while (j < b.length) push(parts, b[j++]!, 'added');
  return parts;
}

/** Appends, merging with the previous part of the same kind so the view gets few spans. */
function push(parts: DiffPart[], text: string, kind: DiffPart['kind']): void {
  if (!text) return;
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) last.text += text;
  else parts.push({ text, kind });
}
