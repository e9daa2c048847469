// `assay view --export <dir> [id]`: a static site of a stored eval for CI artifacts, viewable from
// file:// — index.html (the viewer's page with the eval embedded, gzip + base64) and the viewer's
// script and stylesheet as files, where the build has them (assets/) — written by replaying the
// stored cells through the same report writer `-o report.html` uses.

import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AssayError } from '../../errors.js';
import { sinkListener } from '../../runner/events.js';
import { CELL_KEY, cellPositions } from '../../store/cell-lookup.js';
import { type Db, openStore } from '../../store/open-store.js';
import type { CellDetail, CellStatus } from '../contract.js';
import { getListing, resolveEvalId } from '../../store/queries.js';
import { replayEval } from '../../store/replay.js';
import { ReportWriter } from './report-writer.js';
import { readViewerBuild, requireViewerBuild } from './viewer-build.js';

export interface ExportSiteOptions {
  /** The store file (default: the user's store, $ASSAY_HOME/store.db). */
  storePath?: string;
  viewerDir?: string;
  degradeAboveCells?: number;
}

export interface ExportedSite {
  evalId: string;
  dir: string;
  /** Paths of the written files, relative to `dir`. */
  files: string[];
}

/** Writes the site of eval `evalRef` (`latest`, an id or a unique prefix) into `dir` (created; must be empty if it exists). */
export async function exportSite(evalRef: string, dir: string, options: ExportSiteOptions = {}): Promise<ExportedSite> {
  const viewerDir = requireViewerBuild('`assay view --export`', options.viewerDir);
  await checkTargetFolder(dir);
  const store = openStore(options.storePath, { mustExist: true });
  try {
    const evalId = resolveEvalId(store.db, evalRef);
    const build = readViewerBuild(viewerDir);
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    // The build's own layout (e.g. assets/app.js), so index.html names them as the build does.
    const assets = [...build.scripts, ...build.styles].flatMap((file) => (file.asset ? [file.asset] : []));
    for (const asset of assets) {
      const target = join(dir, asset);
      await mkdir(dirname(target), { recursive: true });
      await copyFile(join(viewerDir, asset), target);
      files.push(asset.split(/[\\/]/).join('/'));
    }
    const writer = new ReportWriter(join(dir, 'index.html'), {
      viewerDir,
      listing: getListing(store.db, evalId),
      degradeAboveCells: options.degradeAboveCells,
      layout: { kind: 'linked' },
      earlierAttempts: earlierAttemptsReader(store.db, evalId),
    });
    await replayEval(store.db, evalId, [sinkListener(writer)]);
    files.unshift('index.html');
    return { evalId, dir, files };
  } finally {
    store.close();
  }
}

/** Reads a retried cell's earlier attempts (1 … attempts-1; attempt 0 is a planned-but-skipped row). */
function earlierAttemptsReader(db: Db, evalId: string): (cellId: string, attempts: number) => CellDetail['earlier'] {
  const query = db.prepare(
    `SELECT attempt, status, error_message, latency_ms FROM cells WHERE ${CELL_KEY} AND attempt > 0 AND attempt < ? ORDER BY attempt`,
  );
  const positionOf = cellPositions(db, evalId);
  return (cellId, attempts) =>
    (
      query.all(evalId, ...(positionOf(cellId) ?? [-1, -1]), cellId, attempts) as Array<{
        attempt: number;
        status: CellStatus;
        error_message: string | null;
        latency_ms: number | null;
      }>
    ).map((row) => {
      const earlier: CellDetail['earlier'][number] = { attempt: row.attempt, status: row.status };
      if (row.error_message) earlier.errorMessage = row.error_message;
      if (row.latency_ms !== null) earlier.latencyMs = row.latency_ms;
      return earlier;
    });
}

/** An existing file, or a folder with something in it, is never overwritten: one clear error. */
async function checkTargetFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new AssayError('USAGE', `Cannot export to "${dir}": it is a file, not a folder.`);
  const entries = await readdir(dir);
  if (entries.length > 0)
    throw new AssayError('USAGE', `Cannot export to "${dir}": the folder is not empty. Name a new or empty folder.`);
}
