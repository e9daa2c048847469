// `--shard auto`: the shard index and total from the environment of the CI engine running us
// (GitLab parallel, Buildkite parallelism, Kubernetes Indexed Jobs). Pure: the environment is an
// argument. Anything missing or inconsistent is one usage error naming the variables.

import { AssayError } from '../errors.js';
import { validateShard, type ShardSpec } from './shard-selection.js';

type Env = Record<string, string | undefined>;

export function autoShard(env: Env, flagTotal?: number): ShardSpec {
  if (env.CI_NODE_INDEX !== undefined || env.CI_NODE_TOTAL !== undefined) {
    // GitLab's parallel: CI_NODE_INDEX is already 1-based.
    return fromEnv(env, 'CI_NODE_INDEX', 'CI_NODE_TOTAL', 1);
  }
  if (env.BUILDKITE_PARALLEL_JOB !== undefined || env.BUILDKITE_PARALLEL_JOB_COUNT !== undefined) {
    return fromEnv(env, 'BUILDKITE_PARALLEL_JOB', 'BUILDKITE_PARALLEL_JOB_COUNT', 0);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    const index = whole(env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX');
    const totalText = flagTotal !== undefined ? String(flagTotal) : env.ASSAY_SHARD_TOTAL;
    if (totalText === undefined) {
      throw new AssayError(
        'USAGE',
        "--shard auto found JOB_COMPLETION_INDEX (Kubernetes Indexed Job) but no total: pass --shard-total <n> or set ASSAY_SHARD_TOTAL to the Job's completions",
      );
    }
    return check(
      { index: index + 1, total: whole(totalText, flagTotal !== undefined ? '--shard-total' : 'ASSAY_SHARD_TOTAL') },
      `JOB_COMPLETION_INDEX=${index}`,
    );
  }
  throw new AssayError(
    'USAGE',
    '--shard auto found no shard in the environment: expected CI_NODE_INDEX/CI_NODE_TOTAL (GitLab), BUILDKITE_PARALLEL_JOB/BUILDKITE_PARALLEL_JOB_COUNT (Buildkite) or JOB_COMPLETION_INDEX with --shard-total/ASSAY_SHARD_TOTAL (Kubernetes)',
  );
}

function fromEnv(env: Env, indexName: string, totalName: string, base: 0 | 1): ShardSpec {
  const indexText = env[indexName];
  const totalText = env[totalName];
  if (indexText === undefined || totalText === undefined) {
    throw new AssayError(
      'USAGE',
      `--shard auto needs both ${indexName} and ${totalName}; only ${indexText === undefined ? totalName : indexName} is set`,
    );
  }
  const index = whole(indexText, indexName);
  const total = whole(totalText, totalName);
  return check({ index: index + (1 - base), total }, `${indexName}=${index}, ${totalName}=${total}`);
}

function check(spec: ShardSpec, source: string): ShardSpec {
  try {
    return validateShard(spec);
  } catch {
    throw new AssayError(
      'USAGE',
      `--shard auto: inconsistent shard in the environment (${source}): index must fall within the total`,
    );
  }
}

function whole(text: string, name: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < 0)
    throw new AssayError('USAGE', `--shard auto: ${name} must be a whole number, got "${text}"`);
  return value;
}
