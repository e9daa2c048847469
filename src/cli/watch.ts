// `assay eval -w`: run, then re-run whenever a file in the config's folder changes (the config,
// prompt, test and var files it references usually live there). A failing run is reported and
// the watch goes on; Ctrl-C ends it.

import { watch, type FSWatcher } from 'node:fs';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { reportFatal } from './report-error.js';

export interface WatchOptions {
  cwd: string;
  configPaths?: string[];
  /** Result files this run writes: changes to them must not trigger a re-run. */
  outputs: string[];
  verbose: boolean;
}

const DEBOUNCE_MS = 300;
const IGNORED_PARTS = /(^|[\\/])(node_modules|\.git|\.assay)([\\/]|$)|\.tmp-\d+/;

/** The folders to watch: each config's folder (or the folder given), else the current one. */
function foldersToWatch(options: WatchOptions): string[] {
  const paths = options.configPaths?.length ? options.configPaths : ['.'];
  const folders = paths.map((path) => {
    const absolute = resolve(options.cwd, path);
    return existsSync(absolute) && statSync(absolute).isDirectory() ? absolute : dirname(absolute);
  });
  return [...new Set(folders)];
}

export async function watchAndRerun(run: () => Promise<void>, options: WatchOptions): Promise<void> {
  const runReporting = async () => {
    try {
      await run();
    } catch (err) {
      process.exitCode = reportFatal(err, options.verbose);
    }
  };
  await runReporting();

  const outputs = new Set(options.outputs.map((path) => resolve(options.cwd, path)));
  const folders = foldersToWatch(options);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending: string | undefined;

  const rerun = async (changed: string) => {
    if (running) {
      pending = changed; // one more run after this one, for the latest change
      return;
    }
    process.stderr.write(
      `\nChange detected in ${relative(options.cwd, changed) || basename(changed)}; running the eval again...\n`,
    );
    running = runReporting();
    await running;
    running = undefined;
    if (pending) {
      const next = pending;
      pending = undefined;
      await rerun(next);
    } else {
      process.stderr.write('Watching for changes (Ctrl-C to stop)...\n');
    }
  };

  const watchers: FSWatcher[] = folders.map((folder) =>
    watch(folder, { recursive: true }, (_event, name) => {
      if (!name) return;
      const changed = resolve(folder, name.toString());
      if (outputs.has(changed) || IGNORED_PARTS.test(changed)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void rerun(changed), DEBOUNCE_MS);
    }),
  );
  process.stderr.write(
    `Watching ${folders.map((f) => relative(options.cwd, f) || '.').join(', ')} for changes (Ctrl-C to stop)...\n`,
  );

  await new Promise<void>((resolveWatch) => {
    const stop = () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveWatch();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
