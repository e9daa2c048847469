// The store's schema: created from nothing, migrated from every earlier version, a newer store
// refused without being changed, permissions tightened. Real SQLite files in a temp folder.

import { createRequire } from 'node:module';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/migrations.js';
import { openStore, schemaVersion, type Db } from '../../src/store/open-store.js';
import { tempDir } from '../support/cli.js';

const Database = createRequire(import.meta.url)('libsql') as new (path: string) => Db;

/** A database at schema `version`, built by the real migrations up to it. */
function storeAtVersion(path: string, version: number): void {
  const db = new Database(path);
  schemaVersion(db);
  for (const migration of MIGRATIONS.filter((m) => m.version <= version)) {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(migration.version, 'then');
  }
  db.close();
}

describe('eval store schema', () => {
  it('creates a new store at the latest version, folder 0700 and file 0600', () => {
    const home = join(tempDir(), 'home');
    const store = openStore(join(home, 'store.db'));
    expect(schemaVersion(store.db)).toBe(LATEST_SCHEMA_VERSION);
    expect((store.db.prepare('PRAGMA journal_mode').raw(true).get() as string[])[0]).toBe('wal');
    store.close();
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, 'store.db')).mode & 0o777).toBe(0o600);
  });

  for (let from = 0; from < LATEST_SCHEMA_VERSION; from++) {
    it(`migrates a store from version ${from} to ${LATEST_SCHEMA_VERSION}`, () => {
      const path = join(tempDir(), 'store.db');
      storeAtVersion(path, from);
      const store = openStore(path);
      expect(schemaVersion(store.db)).toBe(LATEST_SCHEMA_VERSION);
      // The migrated schema is usable: the tables the writer and readers need exist.
      expect(store.db.prepare('SELECT count(*) FROM evals').raw(true).get()).toEqual([0]);
      expect(store.db.prepare('SELECT count(*) FROM latest_cells').raw(true).get()).toEqual([0]);
      store.close();
    });
  }

  it('refuses a store from a newer Assay with a clear message and leaves it byte-for-byte unchanged', () => {
    const path = join(tempDir(), 'store.db');
    storeAtVersion(path, LATEST_SCHEMA_VERSION);
    const db = new Database(path);
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(
      LATEST_SCHEMA_VERSION + 1,
      'future',
    );
    db.exec('PRAGMA journal_mode = DELETE');
    db.close();
    const before = readFileSync(path);
    expect(() => openStore(path)).toThrow(
      /written by a newer Assay \(schema version 2; this Assay knows up to 1\).*not changed/,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('reports a file that is not a database as damaged and leaves it alone', () => {
    const path = join(tempDir(), 'store.db');
    const junk = 'not a database '.repeat(500);
    writeFileSync(path, junk);
    expect(() => openStore(path)).toThrow(/damaged or not an Assay store.*left as it is/);
    expect(readFileSync(path, 'utf8')).toBe(junk);
  });
});
