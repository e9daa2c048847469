// The "why did cells error" digest printed at the end of a run: distinct error messages grouped
// with counts, most frequent first, so 200 cells failing the same 401 read as one line, not 200.
// Printed whether or not the table is shown; the output files keep every message in full.

import pc from 'picocolors';
import { cellStatus, errorText, providerLabel } from './export-result.js';
import { cutErrorText } from './cut-error-text.js';
import { escapeControlChars } from './terminal-text.js';
import { formatCount, plural } from './format-numbers.js';
import type { EvalResult, Sink } from './types.js';

/** Lines an error's text may wrap over. */
const LINES_PER_ERROR = 3;

/** Distinct (provider, message) pairs kept; past this, errors are only counted. */
const MAX_GROUPS = 500;

export interface ErrorDigestOptions {
  /** Groups printed. Default 5. */
  top?: number;
  /** Line width. Default 100. */
  width?: number;
  color?: boolean;
  /** Output files the run wrote: where every error is, in full. */
  outputs?: string[];
}

interface ErrorGroup {
  provider: string;
  message: string;
  count: number;
}

export class ErrorDigest implements Sink {
  private readonly groups = new Map<string, ErrorGroup>();
  private ungrouped = 0;
  private total = 0;

  onResult(result: EvalResult): void {
    if (cellStatus(result) !== 'ERROR') return;
    this.total++;
    // Printed on the terminal: control characters from a server's reply are made visible here, on
    // the errored cells only, rather than by walking every result of the run.
    const provider = escapeControlChars(providerLabel(result));
    // Request ids differ on every call; they would make each 429 its own group.
    const message = escapeControlChars(errorText(result).replace(/\s*\[request id: [^\]]*\]/g, ''));
    const key = `${provider}\u0000${message}`;
    const group = this.groups.get(key);
    if (group) group.count++;
    else if (this.groups.size < MAX_GROUPS) this.groups.set(key, { provider, message, count: 1 });
    else this.ungrouped++;
  }

  get errorCount(): number {
    return this.total;
  }

  /** The digest text, or '' when no cell errored. */
  format(opts: ErrorDigestOptions = {}): string {
    if (this.total === 0) return '';
    const c = pc.createColors(opts.color ?? false);
    const top = opts.top ?? 5;
    const width = Math.max(60, opts.width ?? 100);
    const sorted = [...this.groups.values()].sort((a, b) => b.count - a.count);
    const distinct = sorted.length + (this.ungrouped > 0 ? 1 : 0);
    const lines = [
      c.bold(
        c.red(
          `Errors: ${plural(this.total, 'cell')} errored${distinct > 1 ? `, ${formatCount(sorted.length)}${this.ungrouped ? '+' : ''} distinct errors` : ''}`,
        ),
      ),
    ];
    const countWidth = formatCount(sorted[0]?.count ?? 1).length;
    let cut = false;
    for (const group of sorted.slice(0, top)) {
      const prefix = `  ${formatCount(group.count).padStart(countWidth)}× [${group.provider}] `;
      // Up to three lines per error, wrapped under its start: room for the status, the
      // provider's message, the code and the hint in an 80-column terminal.
      const room = Math.max(30, width - prefix.length);
      const text = cutErrorText(group.message, room * LINES_PER_ERROR - LINES_PER_ERROR * 2);
      if (text !== group.message.replace(/\s+/g, ' ').trim()) cut = true;
      const wrapped = wrapWords(text, room);
      lines.push(
        `${prefix}${wrapped[0] ?? ''}`,
        ...wrapped.slice(1).map((line) => `${' '.repeat(prefix.length)}${line}`),
      );
    }
    const hiddenGroups = sorted.length - Math.min(top, sorted.length);
    const hiddenCells = sorted.slice(top).reduce((sum, g) => sum + g.count, 0) + this.ungrouped;
    if (hiddenGroups > 0 || this.ungrouped > 0) {
      const what =
        hiddenGroups > 0
          ? `${plural(hiddenGroups, 'more distinct error')} (${plural(hiddenCells, 'cell')})`
          : `${plural(hiddenCells, 'more cell')}`;
      lines.push(`  … ${what} ${whereToFind(opts.outputs)}`);
    } else if (cut) {
      lines.push(`  Full messages ${whereToFind(opts.outputs)}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

function whereToFind(outputs: string[] | undefined): string {
  return outputs?.length ? `are in ${outputs.join(', ')}` : '– run with -o results.json to keep every error in full';
}

/** Greedy word wrap; a word longer than the width is split. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
