// The store's schema, as forward-only migrations. Each entry moves the database from version
// n-1 to n inside one transaction; `migrate` runs them before anything else reads or writes.
// Never edit a shipped migration: add the next one (and a test that builds the previous version).

export interface Migration {
  version: number;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE evals (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        description TEXT,
        suite_hash TEXT,
        status TEXT NOT NULL,          -- running | complete | interrupted
        pid INTEGER,                   -- writer process, to tell a crashed 'running' eval from a live one
        host TEXT,
        total_cells INTEGER NOT NULL DEFAULT 0,
        successes INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        duration_ms INTEGER NOT NULL DEFAULT 0,
        runs INTEGER NOT NULL DEFAULT 1,  -- 1 + resumes + retries
        start_info TEXT NOT NULL,      -- RunStartInfo (JSON, config redacted, large strings as blob refs)
        summary TEXT                   -- RunSummary of the last run (JSON)
      );
      CREATE INDEX evals_created ON evals(created_at DESC);
      CREATE INDEX evals_suite ON evals(suite_hash, created_at DESC);

      -- One row per attempt at a cell. attempt 0 = planned but skipped; the final state of a cell
      -- is its highest attempt. Rows are never deleted except with their eval.
      CREATE TABLE cells (
        seq INTEGER PRIMARY KEY,       -- insertion order (rowid; no AUTOINCREMENT bookkeeping per insert)
        eval_id TEXT NOT NULL REFERENCES evals(id) ON DELETE CASCADE,
        cell_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        test_idx INTEGER NOT NULL,
        prompt_idx INTEGER NOT NULL,
        repeat_index INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL,          -- pass | fail | error | skipped
        score REAL,
        latency_ms INTEGER,
        cost REAL,
        tokens_total INTEGER,
        error_kind TEXT,               -- provider | grading | runner | skipped
        error_message TEXT,
        provider TEXT,
        description TEXT,
        created_at TEXT NOT NULL,
        body TEXT NOT NULL,            -- the EvalResult / SkippedCell (JSON, large strings as blob refs)
        UNIQUE (eval_id, cell_id, attempt)
      );
      CREATE INDEX cells_grid ON cells(eval_id, test_idx, prompt_idx);
      CREATE INDEX cells_status ON cells(eval_id, status);

      -- Large payloads (long outputs, images, prompts) stored once, referenced by hash.
      CREATE TABLE blobs (
        hash TEXT PRIMARY KEY,
        body TEXT NOT NULL
      );

      -- The final state of each cell: the viewer pages and filters on this.
      CREATE VIEW latest_cells AS
        SELECT c.* FROM cells c
        WHERE c.attempt = (SELECT max(attempt) FROM cells m WHERE m.eval_id = c.eval_id AND m.cell_id = c.cell_id);
    `,
  },
  {
    // The cell key index in arrival order. Version 1's UNIQUE (eval_id, cell_id, attempt) put each
    // new cell at a random place (cell ids are hashes), so a 250-row commit dirtied ~200 index
    // pages, each written whole to the WAL and again at the checkpoint: ~40% of a large run's store
    // cost. A run stores cells in grid order, so keyed by (test_idx, prompt_idx) first its inserts
    // land on the index's last pages. Within an eval a cell id fixes its grid position (the suite
    // hash is the ordered cell ids), so the key is as unique as before; lookups by cell id pass
    // the position too (cell-lookup.ts). The key also serves grid-order reads, so cells_grid goes.
    version: 2,
    sql: `
      CREATE TABLE cells_v2 (
        seq INTEGER PRIMARY KEY,
        eval_id TEXT NOT NULL REFERENCES evals(id) ON DELETE CASCADE,
        cell_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        test_idx INTEGER NOT NULL,
        prompt_idx INTEGER NOT NULL,
        repeat_index INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        score REAL,
        latency_ms INTEGER,
        cost REAL,
        tokens_total INTEGER,
        error_kind TEXT,
        error_message TEXT,
        provider TEXT,
        description TEXT,
        created_at TEXT NOT NULL,
        body TEXT NOT NULL
      );
      INSERT INTO cells_v2 SELECT seq, eval_id, cell_id, attempt, test_idx, prompt_idx, repeat_index, status, score,
        latency_ms, cost, tokens_total, error_kind, error_message, provider, description, created_at, body
        FROM cells;
      DROP VIEW latest_cells;
      DROP TABLE cells;
      ALTER TABLE cells_v2 RENAME TO cells;
      CREATE UNIQUE INDEX cells_key ON cells(eval_id, test_idx, prompt_idx, cell_id, attempt);
      CREATE INDEX cells_status ON cells(eval_id, status);

      CREATE VIEW latest_cells AS
        SELECT c.* FROM cells c
        WHERE c.attempt = (SELECT max(attempt) FROM cells m
                           WHERE m.eval_id = c.eval_id AND m.test_idx = c.test_idx AND m.prompt_idx = c.prompt_idx
                             AND m.cell_id = c.cell_id);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
