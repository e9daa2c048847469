// is-sql / contains-sql: the output parses as SQL in the chosen dialect (node-sql-parser, as in
// promptfoo; MySQL by default), optionally touching only allowed tables and columns.

import { createRequire } from 'node:module';
import { AssayError } from '../../errors.js';
import { verdict, type CheckResult } from '../engine/check-result.js';
import type { AssertionContext } from '../types.js';

const require = createRequire(import.meta.url);

/** Dialect names people write → the parser's database name and its per-dialect build. */
const DIALECTS: Record<string, { database: string; build: string }> = {
  mysql: { database: 'MySQL', build: 'mysql' },
  mariadb: { database: 'MariaDB', build: 'mariadb' },
  postgresql: { database: 'PostgresQL', build: 'postgresql' },
  postgres: { database: 'PostgresQL', build: 'postgresql' },
  sqlite: { database: 'Sqlite', build: 'sqlite' },
  bigquery: { database: 'BigQuery', build: 'bigquery' },
  snowflake: { database: 'Snowflake', build: 'snowflake' },
  transactsql: { database: 'TransactSQL', build: 'transactsql' },
  mssql: { database: 'TransactSQL', build: 'transactsql' },
  sqlserver: { database: 'TransactSQL', build: 'transactsql' },
  hive: { database: 'Hive', build: 'hive' },
  redshift: { database: 'Redshift', build: 'redshift' },
  trino: { database: 'Trino', build: 'trino' },
  db2: { database: 'DB2', build: 'db2' },
  flinksql: { database: 'FlinkSQL', build: 'flinksql' },
  athena: { database: 'Athena', build: 'athena' },
  noql: { database: 'Noql', build: 'noql' },
};

interface SqlParser {
  astify(sql: string, options: { database: string }): unknown;
  whiteListCheck(sql: string, list: string[], options: { database: string; type: 'table' | 'column' }): unknown;
}

const parsers = new Map<string, SqlParser>();
function parserFor(build: string): SqlParser {
  let parser = parsers.get(build);
  if (!parser) {
    // Each dialect build is a fraction of the all-dialects bundle; load only the one asked for.
    const mod = require(`node-sql-parser/build/${build}.js`) as { Parser: new () => SqlParser };
    parser = new mod.Parser();
    parsers.set(build, parser);
  }
  return parser;
}

interface SqlOptions {
  dialect: { database: string; build: string };
  allowedTables?: string[];
  allowedColumns?: string[];
}

function options(ctx: AssertionContext): SqlOptions {
  const value = ctx.value;
  if (value === undefined || value === null || value === '') return { dialect: DIALECTS.mysql! };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new AssayError(
      'ASSERTION_INVALID',
      `"${ctx.assertion.type}" value must be an object such as {databaseType: PostgreSQL, allowedTables: [users]}`,
    );
  }
  const v = value as Record<string, unknown>;
  const name = String(v.databaseType ?? 'MySQL');
  const dialect = DIALECTS[name.toLowerCase().replace(/[\s_-]/g, '')];
  if (!dialect)
    throw new AssayError(
      'ASSERTION_INVALID',
      `"${ctx.assertion.type}": unknown databaseType "${name}"; use one of ${Object.keys(DIALECTS).join(', ')} (any case)`,
    );
  return {
    dialect,
    allowedTables: list(v.allowedTables, 'allowedTables', ctx),
    allowedColumns: list(v.allowedColumns, 'allowedColumns', ctx),
  };
}

function list(value: unknown, key: string, ctx: AssertionContext): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new AssayError('ASSERTION_INVALID', `"${ctx.assertion.type}" ${key} must be a list of names`);
  return value as string[];
}

/**
 * promptfoo passes the parser's authority patterns (`select::null::users`) through; a plain
 * name is also accepted and means that table or column under any statement type.
 */
function authorities(names: string[]): string[] {
  return names.map((name) =>
    name.includes('::')
      ? name
      : `(select|update|delete|insert|replace)::[^:]*::${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
  );
}

/** Why the SQL fails the check, or undefined when it passes. */
function sqlProblem(sql: string, opts: SqlOptions): string | undefined {
  const parser = parserFor(opts.dialect.build);
  const database = opts.dialect.database;
  try {
    parser.astify(sql, { database });
  } catch (err) {
    return `SQL statement does not conform to the provided ${database} database syntax: ${firstLine(err)}`;
  }
  const checks: Array<['table' | 'column', string[] | undefined]> = [
    ['table', opts.allowedTables],
    ['column', opts.allowedColumns],
  ];
  for (const [type, names] of checks) {
    if (!names) continue;
    try {
      parser.whiteListCheck(sql, authorities(names), { database, type });
    } catch (err) {
      return `SQL uses a ${type} that is not allowed: ${firstLine(err)}`;
    }
  }
  return undefined;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}

export function isSql(ctx: AssertionContext): CheckResult {
  const problem = sqlProblem(ctx.outputString.trim(), options(ctx));
  return verdict(problem === undefined, (not) =>
    not ? 'Expected the output not to be valid SQL, but it is' : problem!,
  );
}

/** The SQL in a ```sql fence (or any fence) when there is one, else the whole output. */
export function containsSql(ctx: AssertionContext): CheckResult {
  const fenced = /```(?:sql)?\s*\n?([\s\S]*?)```/i.exec(ctx.outputString)?.[1];
  const problem = sqlProblem((fenced ?? ctx.outputString).trim(), options(ctx));
  return verdict(problem === undefined, (not) =>
    not ? 'Expected the output not to contain valid SQL, but it does' : problem!,
  );
}
