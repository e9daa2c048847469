// Finds the browser viewer's build (dist/viewer: index.html, its script and stylesheet) and reads
// it into the parts the HTML report and the exported site are made of. Kept free of heavy imports:
// the HTML sink calls locateViewerBuild() before a run so a missing build fails before any work.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssayError } from '../../errors.js';

/** The viewer build's folder: `dist/viewer` of the Assay package this module belongs to. */
export function locateViewerBuild(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'dist', 'viewer');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The build's folder, or one clear error saying how to get it (the caller names what needed it). */
export function requireViewerBuild(what: string, viewerDir?: string): string {
  const dir = viewerDir ?? locateViewerBuild();
  if (dir && existsSync(join(dir, 'index.html'))) return dir;
  throw new AssayError(
    'USAGE',
    `${what} needs the viewer's build (dist/viewer/index.html), which is missing${dir ? ` in ${dir}` : ''}. ` +
      'Run `npm run build` in the Assay folder, or write another format (e.g. -o results.json).',
  );
}

export interface ViewerScript {
  /** The script's text, with every `</script` and `<!--` made harmless for inlining. */
  text: string;
  /** The asset's path inside the build (undefined for a script written inline in index.html). */
  asset?: string;
  module: boolean;
}

export interface ViewerBuild {
  dir: string;
  /** The markup inside <body>, without its script and stylesheet tags (e.g. `<div id="app"></div>`). */
  bodyMarkup: string;
  scripts: ViewerScript[];
  styles: Array<{ text: string; asset?: string }>;
}

const SCRIPT_TAG = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const LINK_TAG = /<link\b[^>]*>/gi;

export function readViewerBuild(dir: string): ViewerBuild {
  const index = readFileSync(join(dir, 'index.html'), 'utf8');
  const scripts: ViewerScript[] = [];
  for (const match of index.matchAll(SCRIPT_TAG)) {
    const attrs = match[1] ?? '';
    const src = attribute(attrs, 'src');
    const module = /^module$/i.test(attribute(attrs, 'type') ?? '');
    const text = src ? readAsset(dir, src) : (match[2] ?? '');
    scripts.push({ text: inlineSafeScript(text), asset: src ? assetPath(dir, src) : undefined, module });
  }
  if (scripts.length === 0) throw new AssayError('INTERNAL', `The viewer build in ${dir} has no script.`);
  const styles: ViewerBuild['styles'] = [];
  for (const match of index.matchAll(LINK_TAG)) {
    const tag = match[0];
    if (!/\brel\s*=\s*["']?stylesheet\b/i.test(tag)) continue;
    const href = attribute(tag, 'href');
    if (href) styles.push({ text: inlineSafeStyle(readAsset(dir, href)), asset: assetPath(dir, href) });
  }
  const body = /<body\b[^>]*>([\s\S]*?)<\/body\s*>/i.exec(index)?.[1] ?? '<div id="app"></div>';
  const bodyMarkup = body.replace(SCRIPT_TAG, '').replace(LINK_TAG, '').trim();
  return { dir, bodyMarkup, scripts, styles };
}

/**
 * `</script` would end the inline element and `<!--` can change how the parser reads the rest of
 * it; in JavaScript both only occur in strings, regexes and comments, where `<\/` and `\x3C!--`
 * mean the same thing.
 */
export function inlineSafeScript(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '\\x3C!--');
}

function inlineSafeStyle(text: string): string {
  return text.replace(/<\/(style)/gi, '<\\/$1');
}

function attribute(attrs: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** An asset path from index.html (`app.js`, `./assets/x.js`, `/assets/x.js`) inside the build folder. */
function assetPath(dir: string, ref: string): string {
  const clean = ref.split(/[?#]/)[0]!.replace(/^\.?\//, '');
  const full = resolve(dir, clean);
  const rel = relative(dir, full);
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || rel.startsWith('..') || isAbsolute(rel))
    throw new AssayError('INTERNAL', `The viewer build's index.html names an asset outside ${dir}: ${ref}`);
  return rel;
}

function readAsset(dir: string, ref: string): string {
  return readFileSync(join(dir, assetPath(dir, ref)), 'utf8');
}
