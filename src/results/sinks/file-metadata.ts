// The `metadata` block embedded in JSON/YAML outputs: which Assay and Node wrote the file, when.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FileMetadata {
  assayVersion: string;
  nodeVersion: string;
  platform: string;
  arch: string;
  exportedAt: string;
  evaluationCreatedAt?: string;
}

let cachedVersion: string | undefined;

/** Assay's version from its package.json (found by walking up from this module; works from src and dist). */
export function assayVersion(): string {
  if (cachedVersion) return cachedVersion;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'assay' && typeof pkg.version === 'string') return (cachedVersion = pkg.version);
    } catch {
      // no package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return (cachedVersion = 'unknown');
}

export function fileMetadata(evaluationCreatedAt?: string): FileMetadata {
  return {
    assayVersion: assayVersion(),
    nodeVersion: process.version,
    platform: process.platform,
    arch: process.arch,
    exportedAt: new Date().toISOString(),
    ...(evaluationCreatedAt ? { evaluationCreatedAt } : {}),
  };
}
