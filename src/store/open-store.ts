// Opens the eval store: loads libsql only here (so commands that never touch the store never
// load the native module), makes the folder 0700 and file 0600, sets WAL and a busy timeout so
// `eval`, `list`, `show` and the viewer can run at once, and migrates before anything else runs.

import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Libsql from 'libsql';
import { AssayError } from '../errors.js';
import { loadLibsql } from './load-libsql.js';
import { storePath } from './location.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';

export type Db = Libsql.Database;

export interface Store {
  db: Db;
  path: string;
  close(): void;
}

// How long a statement waits for another process's write lock before giving up (env: for tests and slow disks).
const BUSY_TIMEOUT_MS = Number(process.env.ASSAY_STORE_BUSY_TIMEOUT_MS) || 10_000;

/** The page size of a store created now (see openStore). */
export const NEW_STORE_PAGE_SIZE = 8192;

export function openStore(path = storePath(), options: { mustExist?: boolean } = {}): Store {
  if (options.mustExist && !existsSync(path)) {
    throw new AssayError(
      'STORE',
      `No eval store at ${path} yet: run an eval first (or set ASSAY_HOME to the folder that holds store.db).`,
    );
  }
  let db: Db | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const Database = loadLibsql();
    db = new Database(path);
    // Tightened on every open: a store copied in with loose permissions is fixed, not trusted.
    chmodSync(path, 0o600);
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Before anything that writes (even switching to WAL rewrites the header): a newer store is refused untouched.
    refuseNewer(db, path);
    // Takes effect only for a new (empty) file, before WAL writes its header. Cell rows are ~2 KB,
    // so 4 KB pages held one or two and left the rest empty: 8 KB pages store a run in ~20% less
    // space (100k echo cells: 222 -> 176 MB). 16 KB pages saved no more but cost the run ~7 MB of
    // peak RSS (8 KB: ~1.4 MB). An existing store keeps its page size (WAL cannot change it).
    db.exec(`PRAGMA page_size = ${NEW_STORE_PAGE_SIZE}`);
    switchToWal(db);
    // WAL + NORMAL: a commit survives a process crash (kill -9); a power cut may lose the last
    // commits but never corrupts the database.
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db, path);
    for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) chmodSync(path + suffix, 0o600);
    const opened = db;
    return { db: opened, path, close: () => opened.close() };
  } catch (err) {
    try {
      db?.close();
    } catch {
      // Closing a database that failed to open has nothing left to report.
    }
    throw storeError(err, path);
  }
}

/** What switchToWal's pauses wait on (nothing ever wakes it: each pause runs its full length). */
const pauseCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Puts the store in WAL mode, waiting out another process that is doing the same. SQLite does not
 * call the busy handler for this switch (it reads, then upgrades to a write lock), so when two
 * evals create a new store at once, one got "database is locked" at once and ran unstored. Retried
 * here until the busy timeout, as every other statement waits. A store already in WAL mode takes
 * the first attempt.
 */
function switchToWal(db: Db): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    try {
      db.exec('PRAGMA journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw err;
      // openStore is synchronous (libsql is): a blocking pause, as SQLite's own busy handler does.
      Atomics.wait(pauseCell, 0, 0, pause);
    }
  }
}

/** Brings the schema to the latest version, or refuses a newer one without writing anything. */
export function migrate(db: Db, path: string): void {
  refuseNewer(db, path);
  const current = schemaVersion(db);
  if (current === LATEST_SCHEMA_VERSION) return;
  // Upgrading a store with many evals rebuilds its cells table (seconds per 100,000 cells): a
  // person at a terminal is told why the command pauses. Not on a pipe, where it would be noise.
  if (current > 0 && process.stderr.isTTY)
    process.stderr.write(`Upgrading the eval store at ${path} to schema version ${LATEST_SCHEMA_VERSION} (once)...\n`);
  // IMMEDIATE: two processes opening a fresh store at once must not both migrate it.
  db.exec('BEGIN IMMEDIATE');
  try {
    const again = schemaVersion(db);
    for (const migration of MIGRATIONS) {
      if (migration.version <= again) continue;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(
        migration.version,
        new Date().toISOString(),
      );
    }
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
  if (current > 0) {
    // A migration that rebuilt a table left the old table's pages free inside the file (a store
    // upgraded to version 2 doubled in size): give them back once, as part of the upgrade.
    db.exec('VACUUM');
    // Both left a WAL as large as the store: copy it into the database now and truncate it, once,
    // instead of leaving every later reader to search it.
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }
}

/** Reads the schema version without writing anything; throws for a store newer than this Assay. */
function refuseNewer(db: Db, path: string): void {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
    .raw(true)
    .get();
  if (!hasTable) return;
  const current = Number((db.prepare('SELECT max(version) FROM schema_version').raw(true).get() as unknown[])[0] ?? 0);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new AssayError(
      'STORE',
      `The eval store at ${path} was written by a newer Assay (schema version ${current}; this Assay knows up to ${LATEST_SCHEMA_VERSION}). Upgrade Assay, or set ASSAY_HOME to another folder. The store was not changed.`,
    );
  }
}

export function schemaVersion(db: Db): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT max(version) FROM schema_version').raw(true).get() as [number | null] | undefined;
  return row?.[0] ?? 0;
}

/** One clear sentence for what went wrong with the store file; the file itself is left alone. */
export function storeError(err: unknown, path: string): AssayError {
  if (err instanceof AssayError) return err;
  const code = (err as { code?: string }).code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AssayError(
      'STORE',
      `The eval store at ${path} is damaged or not an Assay store (${message}). It was left as it is; move it aside to start a new one.`,
      { cause: err },
    );
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AssayError(
      'STORE',
      `The eval store at ${path} is locked by another process (waited ${BUSY_TIMEOUT_MS / 1000} s); try again when it finishes. Nothing stored was changed.`,
      { cause: err },
    );
  }
  if (code === 'SQLITE_FULL' || /ENOSPC/.test(code)) {
    return new AssayError(
      'STORE',
      `The disk holding the eval store (${path}) is full; nothing stored was lost. Free some space, or run \`assay store gc\`.`,
      { cause: err },
    );
  }
  if (
    code === 'SQLITE_READONLY' ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'ENOTDIR'
  ) {
    return new AssayError(
      'STORE',
      `The eval store at ${path} cannot be opened for writing (${message}). Check the folder's permissions or set ASSAY_HOME.`,
      { cause: err },
    );
  }
  return new AssayError('STORE', `The eval store at ${path} failed: ${message}`, { cause: err });
}
