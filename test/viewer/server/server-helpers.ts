// Starts the viewer server in this process on port 0 over a fixture store, and makes raw HTTP
// requests to it (node:http, so tests can send any Host and Origin header).

import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { startViewerServer, type ViewerServer } from '../../../src/viewer/server/server.js';
import { tempDir } from '../../support/cli.js';

/** A stand-in app build: the server serves whatever dist/viewer holds. */
export function fakeAppBuild(): string {
  const dir = tempDir('assay-viewer-app-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title><script src="app.js"></script>');
  writeFileSync(join(dir, 'app.js'), 'console.log("app");');
  writeFileSync(join(dir, 'app.css'), 'body { margin: 0 }');
  mkdirSync(join(dir, 'server'));
  writeFileSync(join(dir, 'server', 'server.js'), '// the server module must never be served');
  return dir;
}

export function startServer(home: string, staticDir = fakeAppBuild()): Promise<ViewerServer> {
  return startViewerServer({ host: '127.0.0.1', port: 0, staticDir, storePath: join(home, 'store.db') });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export async function getJson<T>(server: ViewerServer, path: string): Promise<T> {
  const res = await fetch(`${server.url}${path.replace(/^\//, '')}`);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
