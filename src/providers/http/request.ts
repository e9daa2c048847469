// Builds one call's HTTP request from the settings: URL, query parameters, headers and body are
// rendered with the test's vars and the prompt (after transformRequest). The prompt and vars are
// inserted as values; they are never themselves rendered as templates.

import { renderTemplate } from '../../template/environment.js';
import type { HttpRequest } from '../transport/index.js';
import type { HttpSettings } from './config.js';

/** A body string that is only `{{ prompt }}` takes the prompt's value whole (an object stays an object). */
const WHOLE_PROMPT = /^\s*\{\{\s*prompt\s*\}\}\s*$/;

/** Renders the request; throws the template error when a template is broken. */
export function buildHttpRequest(settings: HttpSettings, prompt: unknown, vars: Record<string, unknown>): HttpRequest {
  const scope: Record<string, unknown> = { ...vars, prompt };
  let url = withQuery(renderTemplate(settings.url, scope), settings.queryParams, scope);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings.headers)) headers[name] = renderTemplate(value, scope);
  const auth = settings.auth;
  if (auth?.type === 'bearer') headers.authorization = `Bearer ${renderTemplate(auth.token, scope)}`;
  else if (auth?.type === 'basic')
    headers.authorization = `Basic ${Buffer.from(`${renderTemplate(auth.username, scope)}:${renderTemplate(auth.password, scope)}`).toString('base64')}`;
  else if (auth?.type === 'api_key' && auth.placement === 'header')
    headers[renderTemplate(auth.keyName, scope).toLowerCase()] = renderTemplate(auth.value, scope);
  else if (auth?.type === 'api_key') url = withQuery(url, { [auth.keyName]: auth.value }, scope);
  const request: HttpRequest = { url, method: settings.method, headers };
  if (settings.method === 'GET') return request;

  // Without a body template, a transformed prompt (or the prompt itself) is the body.
  const template = jsonTemplate(settings.body, headers);
  let body = template === undefined ? prompt : renderBody(template, prompt, scope);
  // promptfoo merges an object from transformRequest into an object body.
  if (isPlainObject(prompt) && isPlainObject(body) && template !== undefined) body = { ...body, ...prompt };
  if (typeof body === 'string') {
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'text/plain';
    request.body = body;
  } else {
    request.body = body;
  }
  return request;
}

/**
 * A string body sent as JSON that is itself JSON is used as an object template, as promptfoo
 * does, so a prompt with quotes is inserted as a value instead of breaking the JSON text.
 */
function jsonTemplate(body: unknown, headers: Record<string, string>): unknown {
  if (typeof body !== 'string' || !/json/i.test(headerValue(headers, 'content-type') ?? '')) return body;
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed !== null && typeof parsed === 'object' ? parsed : body;
  } catch {
    return body;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function renderBody(body: unknown, prompt: unknown, scope: Record<string, unknown>): unknown {
  if (typeof body === 'string') {
    if (WHOLE_PROMPT.test(body) && typeof prompt !== 'string') return prompt;
    return renderTemplate(body, scope);
  }
  if (Array.isArray(body)) return body.map((item) => renderBody(item, prompt, scope));
  if (body !== null && typeof body === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) out[renderTemplate(key, scope)] = renderBody(value, prompt, scope);
    return out;
  }
  return body;
}

function withQuery(url: string, params: Record<string, string> | undefined, scope: Record<string, unknown>): string {
  if (!params || Object.keys(params).length === 0) return url;
  const parsed = new URL(url);
  for (const [name, value] of Object.entries(params)) parsed.searchParams.set(name, renderTemplate(value, scope));
  return parsed.toString();
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return headerValue(headers, name) !== undefined;
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
