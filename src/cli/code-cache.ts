// Where the `assay` command keeps the V8 code cache it starts from (see start.ts), which file fits
// this build, Node and flags, and reading and writing it so that a missing, corrupt, foreign or
// unwritable cache never costs more than a normal compile.

import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Cache files kept per directory: enough for a few builds side by side (e.g. main and a branch). */
const KEEP_FILES = 24;

/**
 * The cache directory, or undefined when caching is off (ASSAY_COMPILE_CACHE=off|0|false|no).
 * Default: a per-user folder under the OS temp dir, like Node's own NODE_COMPILE_CACHE default,
 * so that throwaway ASSAY_HOMEs (tests, CI) still share one cache.
 */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.ASSAY_COMPILE_CACHE?.trim();
  if (setting && /^(0|off|false|no)$/i.test(setting)) return undefined;
  if (setting) return resolve(setting);
  const uid = process.getuid?.();
  return join(tmpdir(), uid === undefined ? 'assay-compile-cache' : `assay-compile-cache-${uid}`);
}

/**
 * Which functions a run compiles depends mostly on the command, so each command (and `--version` /
 * `--help`, which run almost nothing) gets its own cache file: an `eval` then starts from a cache
 * holding the eval path, not just what `--version` needed.
 */
export function cacheProfile(args: readonly string[]): string {
  if (args.some((a) => a === '-V' || a === '--version' || a === '-h' || a === '--help') || args[0] === 'help')
    return 'info';
  const first = args[0];
  // `assay` and `assay -c dir` run the default command.
  if (first === undefined || first.startsWith('-')) return 'eval';
  return /^[a-z][a-z-]{0,19}$/.test(first) ? first : 'other';
}

/** FNV-1a, 32 bits: a short, dependency-free tag for the flags the cache was made under. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/**
 * The cache file for this bundle (its name carries a content hash: V8 itself only checks the
 * source's length), this Node and CPU, these Node/V8 options (they change what V8 accepts) and
 * this command.
 */
export function cacheFileName(bundle: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const flags = shortHash(`${process.execArgv.join(' ')}\0${env.NODE_OPTIONS ?? ''}`);
  return `${bundle}-${process.version}-${process.arch}-${flags}-${cacheProfile(args)}.v8`;
}

/**
 * A directory safe to load code from: a directory (not a link), owned by this user and writable by
 * no one else. A cache another user could plant would be run as our code.
 */
function trusted(dir: string): boolean {
  try {
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return false;
    const uid = process.getuid?.();
    return uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0);
  } catch {
    return false;
  }
}

/**
 * The cached data, or undefined when there is none or it cannot be trusted. A file read is marked
 * as just used (its mtime), so that pruning keeps the caches in use rather than the newest written:
 * one that is only ever read would otherwise go first once other builds or commands had written
 * KEEP_FILES newer ones, and every run after that would compile from source once more.
 */
export function readCodeCache(dir: string, file: string): Buffer | undefined {
  if (!trusted(dir)) return undefined;
  const path = join(dir, file);
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return undefined;
  }
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // A read-only folder: the cache is still used, only pruned by age of writing.
  }
  return data;
}

/**
 * Writes the cache (`produce()`'s bytes) atomically (a reader sees the old file or the new one, never half of one) and
 * prunes the oldest files. Never throws: it runs as the process exits, and a cache is optional.
 */
export function writeCodeCache(dir: string, file: string, produce: () => Buffer): void {
  try {
    const data = produce();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!trusted(dir)) return;
    const temporary = join(dir, `${file}.${process.pid}.tmp`);
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, join(dir, file));
    prune(dir);
  } catch {
    // A read-only or full disk: the next run compiles from source, as without a cache.
  }
}

function prune(dir: string): void {
  const hourAgo = Date.now() - 3_600_000;
  const entries = readdirSync(dir).map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs }));
  // A .tmp file is another process's write in progress, unless it is old (that process died).
  const stale = entries.filter(({ name, mtime }) => name.endsWith('.tmp') && mtime < hourAgo);
  const caches = entries.filter(({ name }) => name.endsWith('.v8')).sort((a, b) => b.mtime - a.mtime);
  for (const { name } of [...stale, ...caches.slice(KEEP_FILES)]) rmSync(join(dir, name), { force: true });
}
