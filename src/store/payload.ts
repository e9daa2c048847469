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
