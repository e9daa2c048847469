// The store's schema: created from nothing, migrated from every earlier version, a newer store
// refused without being changed, permissions tightened. Real SQLite files in a temp folder.

import { createRequire } from 'node:module';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/migrations.js';
import { openStore, schemaVersion, type Db } from '../../src/store/open-store.js';
import { priorResults } from '../../src/store/queries.js';
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

  it('upgrades a version-1 store with cells to version 2: every row intact, final states and prior results as before', () => {
    const path = join(tempDir(), 'store.db');
    storeAtVersion(path, 1);
    const v1 = new Database(path);
    v1.prepare(
      "INSERT INTO evals (id, created_at, updated_at, status, start_info) VALUES ('eval-1', 't', 't', 'interrupted', '{}')",
    ).run();
    const insert = v1.prepare(
      `INSERT INTO cells (eval_id, cell_id, attempt, test_idx, prompt_idx, status, error_message, created_at, body)
       VALUES ('eval-1', ?, ?, ?, ?, ?, ?, 't', ?)`,
    );
    const body = (cellId: string, output: string) =>
      JSON.stringify({ cellId, testIdx: 0, promptIdx: 0, success: true, response: { output } });
    // Stored out of grid order, as a concurrent run stores them: a retried cell, a skipped then
    // resumed cell, a plain one, and one still skipped.
    insert.run('bbbb', 1, 1, 0, 'error', 'boom', body('bbbb', 'first'));
    insert.run('aaaa', 1, 0, 1, 'pass', null, body('aaaa', 'a'));
    insert.run('cccc', 0, 2, 0, 'skipped', 'not run', JSON.stringify({ cellId: 'cccc', reason: 'not run' }));
    insert.run('bbbb', 2, 1, 0, 'pass', null, body('bbbb', 'second'));
    insert.run('dddd', 0, 0, 0, 'skipped', 'not run', JSON.stringify({ cellId: 'dddd', reason: 'not run' }));
    insert.run('dddd', 1, 0, 0, 'fail', null, body('dddd', 'd'));
    const before = v1.prepare('SELECT * FROM cells ORDER BY seq').raw(true).all();
    v1.close();

    const store = openStore(path);
    expect(schemaVersion(store.db)).toBe(2);
    expect(store.db.prepare('SELECT * FROM cells ORDER BY seq').raw(true).all()).toEqual(before);
    const latest = store.db
      .prepare(
        "SELECT cell_id, attempt, status FROM latest_cells WHERE eval_id = 'eval-1' ORDER BY test_idx, prompt_idx",
      )
      .raw(true)
      .all();
    expect(latest).toEqual([
      ['dddd', 1, 'fail'],
      ['aaaa', 1, 'pass'],
      ['bbbb', 2, 'pass'],
      ['cccc', 0, 'skipped'],
    ]);
    // Resume reads each cell's last attempt by id: the retried cell's second, not the skipped placeholder.
    const prior = priorResults(store.db, 'eval-1', 'finished');
    expect(prior.get('bbbb')?.response?.output).toBe('second');
    expect(prior.get('bbbb')?.attempts).toBe(2);
    expect(prior.has('dddd')).toBe(true);
    expect(prior.has('cccc')).toBe(false);
    expect(prior.has('zzzz')).toBe(false);
    // A cell's attempt stays unique: a second skipped placeholder for the same cell is ignored.
    const again = store.db
      .prepare(
        "INSERT OR IGNORE INTO cells (eval_id, cell_id, attempt, test_idx, prompt_idx, status, created_at, body) VALUES ('eval-1', 'cccc', 0, 2, 0, 'skipped', 't', '{}')",
      )
      .run();
    expect(again.changes).toBe(0);
    store.close();
  });

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
      new RegExp(
        `written by a newer Assay \\(schema version ${LATEST_SCHEMA_VERSION + 1}; this Assay knows up to ${LATEST_SCHEMA_VERSION}\\).*not changed`,
      ),
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
