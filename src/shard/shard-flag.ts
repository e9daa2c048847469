// `--shard i/n | auto` and `--shard-total n` as given on the command line, turned into a ShardSpec.

import { AssayError } from '../errors.js';
import { autoShard } from '../runner/shard-auto.js';
import { parseShardSpec, type ShardSpec } from '../runner/shard-selection.js';

export function resolveShardFlag(
  flag: string | undefined,
  shardTotal: number | undefined,
  env: Record<string, string | undefined> = process.env,
): ShardSpec | undefined {
  if (flag === undefined) {
    if (shardTotal !== undefined) throw new AssayError('USAGE', '--shard-total only applies with --shard auto');
    return undefined;
  }
  if (flag.trim().toLowerCase() === 'auto') return autoShard(env, shardTotal);
  if (shardTotal !== undefined)
    throw new AssayError('USAGE', '--shard-total only applies with --shard auto (--shard i/n already names the total)');
  return parseShardSpec(flag);
}
