// Two processes creating the eval store at once (two evals started together on a new machine):
// the second waits for the first instead of running unstored with "database is locked".

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { openStore, schemaVersion } from '../../src/store/open-store.js';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { tempDir } from '../support/cli.js';

const libsqlPath = createRequire(import.meta.url).resolve('libsql');

// Another connection that has just created the file and holds its write lock for a moment, as a
// second `assay eval` does while it sets the new store up.
const holder = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.libsqlPath);
const db = new Database(workerData.path);
db.exec('BEGIN IMMEDIATE');
parentPort.postMessage('held');
setTimeout(() => { db.exec('COMMIT'); db.close(); parentPort.postMessage('released'); }, 300);
`;

it('opening a new store while another process sets it up waits for it, then opens in WAL mode', async () => {
  const path = join(tempDir(), 'home', 'store.db');
  mkdirSync(join(path, '..'), { recursive: true });
  const worker = new Worker(holder, { eval: true, workerData: { libsqlPath, path } });
  const messages: string[] = [];
  const released = new Promise<void>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (m: string) => {
      messages.push(m);
      if (m === 'released') resolve();
    });
  });
  await new Promise<void>((resolve) => worker.once('message', () => resolve()));

  const store = openStore(path);
  expect(schemaVersion(store.db)).toBe(LATEST_SCHEMA_VERSION);
  expect((store.db.prepare('PRAGMA journal_mode').raw(true).get() as string[])[0]).toBe('wal');
  store.close();
  await released;
  expect(messages).toEqual(['held', 'released']);
  await worker.terminate();
});
