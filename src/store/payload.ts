// How a result becomes a row body: JSON, with every long string (an output, a rendered prompt,
// an image as a data URL) moved to the blobs table under its hash and referenced, so a payload
// repeated across cells and runs is stored once.

import { createHash } from 'node:crypto';
import type { Db } from './open-store.js';
import { scalar } from './sql.js';

/** Strings at least this long are stored once, as blobs. */
const BLOB_MIN_CHARS = 1024;
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
    // Most results hold no long string: then plain JSON.stringify (several times faster than one
    // with a replacer, which calls back into JS for every value) gives the same text.
    if (!holdsLongString(value, 0)) return JSON.stringify(value);
    return JSON.stringify(value, (_key, item: unknown) => {
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

/** Nesting past this is left to the replacer path (which also reports a cycle as JSON.stringify does). */
const MAX_SCAN_DEPTH = 64;

/**
 * True if `value` may hold a string of BLOB_MIN_CHARS or more (or is too deep to tell). Objects
 * with toJSON (a Date, a Buffer) may serialise to anything, and binary data is long, so they count as "may".
 */
function holdsLongString(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.length >= BLOB_MIN_CHARS;
  if (value === null || typeof value !== 'object') return false;
  if (
    depth > MAX_SCAN_DEPTH ||
    ArrayBuffer.isView(value) ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    return true;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsLongString(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (holdsLongString((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}
