// The viewer server's safety at the HTTP edge: a request must name this server in Host (DNS
// rebinding: a hostile page's domain re-pointed at 127.0.0.1 sends its own name) and, when it
// sends an Origin, be from this server's own origin. Every response carries no-sniff and a
// Content-Security-Policy; there are no CORS headers at all.

import { isIP } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Inline script is never allowed: data rendered by the app cannot become code. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Virtualised tables size rows and columns with style attributes.
  "style-src 'self' 'unsafe-inline'",
  // Outputs may be images as data: URLs; nothing is loaded from elsewhere.
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** An error a request can cause: its status and one sentence, sent as JSON. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function securityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

function sendForbidden(res: ServerResponse, message: string): void {
  res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}

/**
 * Host names a request may use to reach this server: IP literals (a rebinding attack needs a
 * DNS name), `localhost`, and the name given with --host. The port must be the server's own.
 */
export function hostAllowed(hostHeader: string | undefined, serverHost: string, port: number): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d+))?$/.exec(hostHeader.trim());
  if (!match) return false;
  const name = match[1]!.toLowerCase();
  const givenPort = match[2] === undefined ? 80 : Number(match[2]);
  if (givenPort !== port) return false;
  const bare = name.startsWith('[') ? name.slice(1, -1) : name;
  return isIP(bare) !== 0 || bare === 'localhost' || bare === serverHost.toLowerCase();
}

/** Answers 403 and returns false for a request from elsewhere; true when it may go on. */
export function guardRequest(req: IncomingMessage, res: ServerResponse, serverHost: string, port: number): boolean {
  const host = req.headers.host;
  if (!hostAllowed(host, serverHost, port)) {
    sendForbidden(res, 'Forbidden: this viewer only answers requests addressed to its own host and port.');
    return false;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    sendForbidden(res, 'Forbidden: requests from other origins are refused.');
    return false;
  }
  return true;
}
