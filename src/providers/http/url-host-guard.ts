// Which hosts an http provider's rendered URL may go to. The config's author writes the host
// (or leaves it to a var, which is then their explicit choice); a var from a tests file, which is
// data, must not be able to send the request, with the config's headers and credentials,
// somewhere else: `https://api.example.com{{ path }}` with a path of `@evil.example/` or
// `.evil.example/`, or `https://api.example.com/{{ path }}` with a path that is a whole URL.

/** A template tag opens here: `{{ }}`, `{% %}` or `{# #}`. */
const TEMPLATE_TAG = /\{[{%#]/;
/** Scheme and a whole authority: the host ends at a `/`, `?` or `#` written in the template. */
const WHOLE_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*[/?#]/i;
/** Scheme and the start of a host, cut off by a template tag. */
const HOST_START = /^([a-z][a-z0-9+.-]*:)\/\/([^/?#]*)$/i;
/** A character of a host name: written right after a tag, the template goes on writing the host. */
const HOST_CHARACTER = /[a-z0-9.-]/i;

/** Whether a rendered URL goes where the template allows; undefined when any host is allowed. */
export type UrlHostGuard = (renderedUrl: string) => boolean;

/** The check for the provider's URL template (see the module comment). */
export function urlHostGuard(urlTemplate: string): UrlHostGuard | undefined {
  const tag = urlTemplate.search(TEMPLATE_TAG);
  // No tag: the URL is the same on every call (query parameters never change its origin).
  if (tag === -1) return undefined;
  const written = urlTemplate.slice(0, tag);
  const wholeAuthority = WHOLE_AUTHORITY.exec(written)?.[0];
  if (wholeAuthority !== undefined) return sameOrigin(wholeAuthority);
  const hostStart = HOST_START.exec(written);
  // `{{ base_url }}/chat` or `https://{{ host }}/v1`: the vars choose the host.
  if (!hostStart?.[2]) return undefined;
  const [, scheme, start] = hostStart as unknown as [string, string, string];
  // `https://api.example.com{{ path }}`: the host is written whole; the var starts the path.
  if (!hostContinuesAfterTag(urlTemplate, tag)) return sameOrigin(`${scheme}//${start}`);
  // `https://api{{ region }}.example.com`: a var fills in part of the host, but may not replace
  // it through user info (`x@evil.example`) or change the scheme.
  const host = start.slice(start.lastIndexOf('@') + 1).toLowerCase();
  const writesUserInfo = start.includes('@');
  return (renderedUrl) => {
    const url = parse(renderedUrl);
    if (!url || url.protocol !== scheme.toLowerCase()) return false;
    if (!writesUserInfo && (url.username !== '' || url.password !== '')) return false;
    return url.host.startsWith(host);
  };
}

function hostContinuesAfterTag(urlTemplate: string, tag: number): boolean {
  const closing = urlTemplate[tag + 1] === '{' ? '}}' : `${urlTemplate[tag + 1]}}`;
  const end = urlTemplate.indexOf(closing, tag + 2);
  return end !== -1 && HOST_CHARACTER.test(urlTemplate.charAt(end + 2));
}

function sameOrigin(fixed: string): UrlHostGuard | undefined {
  const origin = parse(fixed)?.origin;
  if (origin === undefined || origin === 'null') return undefined;
  return (renderedUrl) => parse(renderedUrl)?.origin === origin;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
