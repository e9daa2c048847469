// Serves the browser app's build (dist/viewer: index.html and assets/) and nothing else: a path
// is decoded, normalised and must stay inside the folder; the server's own modules, dot-files and
// unknown file types are refused. Without a build, `/` explains how to get one.

import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { sendError } from './http-guard.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** The file under `root` a URL path names, or undefined when it is not one the app may serve. */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const segments = relative.split('/');
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return undefined;
  // Scripts only from the app's assets folder: dist/viewer also holds this server's compiled modules.
  const ext = extname(relative).toLowerCase();
  if (!TYPES[ext]) return undefined;
  if ((ext === '.js' || ext === '.mjs' || ext === '.map') && segments[0] !== 'assets') return undefined;
  const rootDir = resolve(root);
  const full = resolve(join(rootDir, relative));
  if (!full.startsWith(rootDir + sep)) return undefined;
  return full;
}

export function serveStatic(root: string, urlPath: string, res: ServerResponse, head: boolean): void {
  const file = resolveStaticPath(root, urlPath);
  const stat = file ? statSync(file, { throwIfNoEntry: false }) : undefined;
  if (!file || !stat?.isFile()) {
    if (urlPath === '/' || urlPath === '/index.html') return sendNoBuild(res);
    return sendError(res, 404, 'Not found.');
  }
  const type = TYPES[extname(file).toLowerCase()]!;
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': stat.size,
    // Vite names assets by content hash; the page itself must always be fresh.
    'Cache-Control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (head) {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function sendNoBuild(res: ServerResponse): void {
  const body =
    '<!doctype html><meta charset="utf-8"><title>Assay viewer</title>' +
    '<p>The viewer app is not built (no dist/viewer/index.html). Run <code>npm run build</code>; the JSON API under /api/ works meanwhile.</p>';
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
  res.end(body);
}
