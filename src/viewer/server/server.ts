// The viewer's HTTP server (node:http): a thin read-only JSON API over the eval store, the
// server-sent events of running evals, and the browser app's static files. Routes and query
// names follow src/viewer/contract.ts. Every request passes the Host/Origin guard first; every
// failure is a JSON error with one sentence, never a stack trace.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AssayError } from '../../errors.js';
import { cellDetail } from './cell-views.js';
import { comparePage } from './compare-page.js';
import { evalHeader, evalIdFrom, listEvalsPage } from './eval-pages.js';
import { guardRequest, HttpError, securityHeaders, sendError, sendJson } from './http-guard.js';
import { LiveEvents } from './live-events.js';
import { DEFAULT_OUTPUT_CUT, intParam, MAX_PAGE, rowFilterFrom, sortFrom } from './query-params.js';
import { openReadStore, type ReadStore } from './read-store.js';
import { pageRows } from './rows.js';
import { serveStatic } from './static-files.js';
import { evalSummary } from './summary.js';

export interface ViewerServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The browser app's build (index.html, assets/). */
  staticDir: string;
  /** The store file (default: $ASSAY_HOME/store.db). */
  storePath?: string;
  /** Where unexpected server errors are reported (the request itself gets a 500 with one sentence). */
  onError?: (err: unknown) => void;
}

export interface ViewerServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_OUTPUT_CUT = 100_000;

export async function startViewerServer(options: ViewerServerOptions): Promise<ViewerServer> {
  const store = openReadStore(options.storePath);
  const onError = options.onError ?? (() => {});
  const live = new LiveEvents(store, onError);
  let port = options.port;
  const server = createServer((req, res) => {
    securityHeaders(res);
    if (!guardRequest(req, res, options.host, port)) return;
    try {
      route(store, live, options.staticDir, req, res);
    } catch (err) {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (err instanceof HttpError) return sendError(res, err.status, err.message);
      if (err instanceof AssayError && err.code === 'USAGE') return sendError(res, 400, err.message);
      onError(err);
      sendError(
        res,
        500,
        err instanceof AssayError ? err.message : 'The viewer could not read the store for this request.',
      );
    }
  });
  try {
    await listen(server, options.host, options.port);
  } catch (err) {
    store.close();
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostInUrl}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        live.close();
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function route(store: ReadStore, live: LiveEvents, staticDir: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://viewer.invalid');
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendError(res, 405, 'The viewer is read-only: only GET requests.');
  }
  const path = url.pathname;
  if (!path.startsWith('/api/')) return serveStatic(staticDir, path, res, method === 'HEAD');
  const params = url.searchParams;
  const parts = path.slice('/api/'.length).split('/').map(decodePart);
  const outputCut = () => intParam(params, 'outputCut', DEFAULT_OUTPUT_CUT, MAX_OUTPUT_CUT);
  const paging = (defaultLimit: number) => ({
    offset: intParam(params, 'offset', 0, Number.MAX_SAFE_INTEGER),
    limit: intParam(params, 'limit', defaultLimit, MAX_PAGE),
  });
  if (parts[0] === 'evals') {
    if (parts.length === 1) {
      const { offset, limit } = paging(100);
      return sendJson(res, 200, listEvalsPage(store, params.get('q') ?? '', limit, offset));
    }
    const evalId = evalIdFrom(store, parts[1]!);
    if (parts.length === 2) return sendJson(res, 200, evalHeader(store, evalId));
    if (parts.length === 3 && parts[2] === 'rows')
      return sendJson(
        res,
        200,
        pageRows(store, evalId, rowFilterFrom(params), {
          ...paging(50),
          sort: sortFrom(params),
          outputCut: outputCut(),
        }),
      );
    if (parts.length === 3 && parts[2] === 'summary') return sendJson(res, 200, evalSummary(store, evalId));
    if (parts.length === 3 && parts[2] === 'events') return live.subscribe(evalId, res);
    if (parts.length === 4 && parts[2] === 'cells') return sendJson(res, 200, cellDetail(store, evalId, parts[3]!));
  }
  if (parts[0] === 'compare' && parts.length === 1) {
    const baseline = params.get('baseline');
    const candidate = params.get('candidate');
    if (!baseline || !candidate) throw new HttpError(400, 'compare needs baseline= and candidate= eval ids.');
    return sendJson(res, 200, comparePage(store, baseline, candidate, { ...paging(50), outputCut: outputCut() }));
  }
  throw new HttpError(404, `No API endpoint ${path}.`);
}

function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpError(400, 'The URL is not correctly encoded.');
  }
}
