// How a result becomes a row body: JSON, with every long string (an output, a rendered prompt,
// an image as a data URL) moved to the blobs table under its hash and referenced, so a payload
// repeated across cells and runs is stored once.

import { createHash } from 'node:crypto';
import type { Db } from './open-store.js';
import { scalar } from './sql.js';

/** Strings at least this long are stored once, as blobs. */
export const BLOB_MIN_CHARS = 1024;
/** The key of a blob reference object; a NUL-led key cannot come from a YAML or JSON config by accident. */
const BLOB_KEY = '\u0000blob';

export class PayloadCodec {
  private readonly insertBlob;
  private readonly selectBlob;

  constructor(db: Db) {
    this.insertBlob = db.prepare('INSERT OR IGNORE INTO blobs (hash, body) VALUES (?, ?)');
    this.selectBlob = db.prepare('SELECT body FROM blobs WHERE hash = ?');
  }

  /** JSON text of `value` with long strings replaced by blob references (written as it goes). */
  encode(value: unknown): string {
    // Plain JSON.stringify is several times faster than one with a replacer (which calls back
    // into JS for every value); most values hold no long string, and then it is the text.
    const plain = JSON.stringify(value);
    return plain === undefined ? plain : this.encodeJson(plain);
  }

  /** `json` (a value's JSON text) with long strings replaced by blob references (written as it goes). */
  encodeJson(json: string): string {
    if (!holdsLongLiteral(json)) return json;
    return JSON.stringify(JSON.parse(json), (_key, item: unknown) => {
      if (typeof item === 'string' && item.length >= BLOB_MIN_CHARS) {
        const hash = createHash('sha256').update(item).digest('hex');
        this.insertBlob.run(hash, item);
        return { [BLOB_KEY]: hash };
      }
      return item;
    });
  }

  decode<T>(text: string): T {
    return JSON.parse(text, (_key, item: unknown) => {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const hash = (item as Record<string, unknown>)[BLOB_KEY];
        if (typeof hash === 'string' && Object.keys(item).length === 1) {
          const body = scalar<string>(this.selectBlob, hash);
          if (typeof body === 'string') return body;
        }
      }
      return item;
    }) as T;
  }
}

/**
 * True if the JSON text has a string literal of BLOB_MIN_CHARS or more between its quotes. Escapes
 * only lengthen a literal, so no string long enough for a blob is missed; a literal long only by
 * its escapes takes the replacer path, which measures the string itself.
 */
function holdsLongLiteral(json: string): boolean {
  if (json.length < BLOB_MIN_CHARS) return false;
  let at = 0;
  for (;;) {
    const open = json.indexOf('"', at);
    // A literal opening here needs BLOB_MIN_CHARS characters and its closing quote after it: once
    // too little text is left, none can (a typical 1.4 KB body is settled a quarter of the way in).
    if (open < 0 || json.length - open - 1 < BLOB_MIN_CHARS + 1) return false;
    let close = json.indexOf('"', open + 1);
    while (close > 0 && isEscaped(json, close)) close = json.indexOf('"', close + 1);
    if (close < 0) return false;
    if (close - open - 1 >= BLOB_MIN_CHARS) return true;
    at = close + 1;
  }
}

/** True when the character at `index` follows an odd number of backslashes. */
function isEscaped(text: string, index: number): boolean {
  let slashes = 0;
  for (let i = index - 1; i >= 0 && text.charCodeAt(i) === 92; i--) slashes++;
  return slashes % 2 === 1;
}
