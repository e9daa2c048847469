// `assay view [id] [--port n] [--host h] [--no-open] [--compare A B]`: serves the viewer over the
// eval store on loopback, opens the browser at the eval (or comparison) asked for, and runs until
// Ctrl-C. Loaded only when `view` runs, so `assay eval` never loads any of the viewer.

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssayError } from '../errors.js';
import { openStore } from '../store/open-store.js';
import { resolveEvalId } from '../store/queries.js';
import { startViewerServer, type ViewerServer } from '../viewer/server/server.js';
import { warningLine } from './console-lines.js';

export interface ViewOptions {
  port?: number;
  host?: string;
  open: boolean;
  compare?: string[];
}

export const DEFAULT_VIEW_PORT = 15500;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function viewCommand(ref: string | undefined, options: ViewOptions): Promise<void> {
  const host = options.host ?? '127.0.0.1';
  if (options.compare && options.compare.length !== 2)
    throw new AssayError('USAGE', '--compare takes two evals: --compare <baseline> <candidate>.');
  if (ref && options.compare) throw new AssayError('USAGE', 'Give either an eval id or --compare A B, not both.');
  const route = resolveRoute(ref, options.compare);
  if (!LOOPBACK.has(host) && !host.startsWith('127.'))
    process.stderr.write(
      warningLine(
        `--host ${host} serves your stored evals (prompts, outputs, vars) to every machine that can reach this address, with no password. Use it only on a network you trust.`,
      ),
    );
  const server = await listenWithFallback(host, options.port ?? DEFAULT_VIEW_PORT);
  const url = `${server.url}${route}`;
  process.stdout.write(`Assay viewer at ${url}\nPress Ctrl-C to stop.\n`);
  if (options.open) openBrowser(url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(() => {
        process.stdout.write('Viewer stopped.\n');
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The app's hash route for an eval or a comparison; ids are checked against the store first. */
function resolveRoute(ref: string | undefined, compare: string[] | undefined): string {
  if (!ref && !compare) return '';
  const store = openStore(undefined, { mustExist: true });
  try {
    if (compare) {
      const [a, b] = compare.map((id) => encodeURIComponent(resolveEvalId(store.db, id)));
      return `#/compare?baseline=${a}&candidate=${b}`;
    }
    return `#/eval/${encodeURIComponent(resolveEvalId(store.db, ref!))}`;
  } finally {
    store.close();
  }
}

async function listenWithFallback(host: string, port: number): Promise<ViewerServer> {
  const staticDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'viewer');
  try {
    return await startViewerServer({ host, port, staticDir, onError: reportServerError });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && port !== 0) {
      const server = await startViewerServer({ host, port: 0, staticDir, onError: reportServerError });
      process.stderr.write(warningLine(`Port ${port} is in use; serving on port ${server.port} instead.`));
      return server;
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      throw new AssayError('USAGE', `--host ${host} is not an address of this machine.`);
    if (code === 'EACCES') throw new AssayError('USAGE', `Port ${port} needs privileges here; pick one above 1024.`);
    throw err;
  }
}

function reportServerError(err: unknown): void {
  process.stderr.write(
    warningLine(`The viewer failed to answer a request: ${err instanceof Error ? err.message : String(err)}`),
  );
}

/** Opens the default browser; without a display (SSH, CI) or a helper, the printed URL is enough. */
function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['rundll32', 'url.dll,FileProtocolHandler', url]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ['xdg-open', url]
          : undefined;
  if (!command) return;
  try {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No browser helper: the URL above is printed for the user to open.
  }
}
