// Loads libsql (for open-store.ts) without its slowest start-up step. To pick its native package
// libsql asks @neon-rs/load for this machine's target, and on Linux that calls
// process.report.getReport() (a full diagnostic report, ~5 ms) only to learn whether the C library
// is glibc. detect-libc, which libsql loads anyway, answers that from the file system; its answer is
// used when it has one, and @neon-rs/load's own probe otherwise. (The `assay` command's bundle
// replaces this module: it bundles libsql's JavaScript and patches the probe at build time, see
// scripts/bundle-cli.mjs.)

import { createRequire } from 'node:module';
import type Libsql from 'libsql';

interface NeonLoad {
  currentTarget(): string;
}
interface DetectLibc {
  familySync(): string | null;
  GLIBC: string;
  MUSL: string;
}

let loaded: typeof Libsql | undefined;

export function loadLibsql(): typeof Libsql {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  if (process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64')) {
    try {
      useFileSystemLibcProbe(createRequire(require.resolve('libsql')));
    } catch {
      // A different libsql layout: it probes as it always has.
    }
  }
  loaded = require('libsql') as typeof Libsql;
  return loaded;
}

/** A connection whose exec runs on libsql's own threads (background-checkpoints.ts). */
export interface AsyncConnection {
  exec(sql: string): Promise<unknown>;
  close(): void;
}

/** Opens `path` with libsql's promise API (the same native module: load libsql first). */
export function openAsyncConnection(path: string): AsyncConnection {
  loadLibsql();
  const Database = createRequire(import.meta.url)('libsql/promise') as new (path: string) => AsyncConnection;
  return new Database(path);
}

/** The same target @neon-rs/load would return (linux-<arch>-gnu|musl), without the report. */
function useFileSystemLibcProbe(fromLibsql: NodeJS.Require): void {
  const neon = fromLibsql('@neon-rs/load') as NeonLoad;
  const { familySync, GLIBC, MUSL } = fromLibsql('detect-libc') as DetectLibc;
  const probe = neon.currentTarget;
  neon.currentTarget = () => {
    const family = familySync();
    if (family === GLIBC) return `linux-${process.arch}-gnu`;
    if (family === MUSL) return `linux-${process.arch}-musl`;
    return probe();
  };
}
