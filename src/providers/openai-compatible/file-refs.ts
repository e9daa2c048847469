// Loads `file://` references in tools, functions and response_format (JSON, YAML, or a JS/TS
// module whose export is the value or a function returning it), resolved against basePath.
// Each file is read once per provider and shared by every call.

import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError, errorMessage } from '../../errors.js';
import { importModule, parseFileReference, pickExport } from '../../scripting/load-module.js';

export class FileRefLoader {
  private readonly cache = new Map<string, Promise<unknown>>();
  constructor(private readonly basePath: string) {}

  /** The value itself, or what the `file://` string it is points at. */
  async resolve(value: unknown, keyPath: string): Promise<unknown> {
    if (typeof value !== 'string' || !value.startsWith('file://')) return value;
    let pending = this.cache.get(value);
    if (!pending) {
      pending = this.load(value, keyPath);
      this.cache.set(value, pending);
      pending.catch(() => this.cache.delete(value));
    }
    return pending;
  }

  /** tools / functions: a file for the whole list, or a file per entry. */
  async resolveList(value: unknown, keyPath: string): Promise<unknown> {
    const resolved = await this.resolve(value, keyPath);
    if (!Array.isArray(resolved)) return resolved;
    return Promise.all(resolved.map((item, i) => this.resolve(item, `${keyPath}[${i}]`)));
  }

  /** response_format, including a schema given as a file inside it. */
  async resolveResponseFormat(value: unknown, keyPath: string): Promise<unknown> {
    const format = await this.resolve(value, keyPath);
    if (!format || typeof format !== 'object') return format;
    const copy = { ...(format as Record<string, unknown>) };
    if (copy.schema !== undefined) copy.schema = await this.resolve(copy.schema, `${keyPath}.schema`);
    const jsonSchema = copy.json_schema;
    if (jsonSchema && typeof jsonSchema === 'object') {
      const inner = { ...(jsonSchema as Record<string, unknown>) };
      inner.schema = await this.resolve(inner.schema, `${keyPath}.json_schema.schema`);
      copy.json_schema = inner;
    }
    return copy;
  }

  private async load(reference: string, keyPath: string): Promise<unknown> {
    const { path, exportName } = parseFileReference(reference);
    const absolute = resolve(this.basePath, path);
    const ext = extname(absolute).toLowerCase();
    try {
      if (ext === '.json' || ext === '.yaml' || ext === '.yml') {
        const text = await readFile(absolute, 'utf8');
        return ext === '.json' ? JSON.parse(text) : parseYaml(text);
      }
      const exported = pickExport(await importModule(path, this.basePath), exportName, reference);
      return typeof exported === 'function' ? await (exported as () => unknown)() : exported;
    } catch (err) {
      throw new ConfigError(
        `Could not load ${reference} (${absolute}): ${errorMessage(err)}`,
        { keyPath },
        'FILE_NOT_FOUND',
        { cause: err },
      );
    }
  }
}
