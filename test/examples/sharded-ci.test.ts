// The sharded-CI recipes (examples/sharded-ci) parse as YAML and every `assay` command they run
// uses a command and flags the CLI has (read from its --help). `assay compare` comes from the
// store work (issue 12); until this build has it, its documented flags are the reference.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { cliPath, repoRoot } from '../support/cli.js';

const dir = join(repoRoot, 'examples', 'sharded-ci');
const RECIPES = ['github-actions.yml', 'gitlab-ci.yml', 'kubernetes-indexed-job.yaml'];
/** issue 12: assay compare <baseline> <candidate> [-o report.md|.json|.html] [--fail-on-regression] */
const DOCUMENTED_ONLY: Record<string, string[]> = { compare: ['-o', '--output', '--fail-on-regression'] };

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Each `assay …` invocation in a script: its command and the flags it passes. */
function assayCommands(script: string): { command: string; flags: string[] }[] {
  const found: { command: string; flags: string[] }[] = [];
  for (const line of script.replace(/\\\n/g, ' ').split('\n')) {
    for (const match of line.matchAll(/(?:^|[\s;&|(])(?:npx\s+)?assay\s+([^;&|]*)/g)) {
      const words = match[1]!.trim().split(/\s+/);
      const command = words[0] && !words[0].startsWith('-') ? words[0] : 'eval';
      found.push({ command, flags: words.filter((w) => /^--?[A-Za-z]/.test(w)).map((w) => w.split('=')[0]!) });
    }
  }
  return found;
}

const helpCache = new Map<string, string[] | undefined>();
function flagsOf(command: string): string[] | undefined {
  if (!helpCache.has(command)) {
    let help: string | undefined;
    try {
      help = execFileSync(process.execPath, [cliPath, command, '--help'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch {
      help = undefined;
    }
    // An unknown command falls through to `eval` (the default command) or fails: both mean "not here".
    const known = help !== undefined && new RegExp(`Usage: assay ${command}\\b`).test(help);
    helpCache.set(
      command,
      known ? [...help!.matchAll(/(?:^|[\s,])(--?[A-Za-z][\w-]*)/gm)].map((m) => m[1]!) : undefined,
    );
  }
  return helpCache.get(command);
}

describe('examples/sharded-ci recipes', () => {
  for (const file of RECIPES) {
    it(`${file} parses and runs only real assay commands and flags`, () => {
      const docs = parseAllDocuments(readFileSync(join(dir, file), 'utf8'));
      for (const doc of docs) expect(doc.errors).toEqual([]);
      const commands = docs.flatMap((doc) => strings(doc.toJS())).flatMap(assayCommands);
      expect(commands.some((c) => c.command === 'eval' && c.flags.includes('--shard'))).toBe(true);
      expect(commands.some((c) => c.command === 'merge')).toBe(true);
      for (const { command, flags } of commands) {
        const known = flagsOf(command) ?? DOCUMENTED_ONLY[command];
        expect(known, `assay ${command} in ${file}`).toBeDefined();
        for (const flag of flags) expect(known, `assay ${command} ${flag} in ${file}`).toContain(flag);
      }
    });
  }

  it('the GitHub workflow compares against main and the Kubernetes Job is Indexed', () => {
    const gh = parseAllDocuments(readFileSync(join(dir, 'github-actions.yml'), 'utf8'))[0]!.toJS();
    expect(gh.jobs.eval.strategy.matrix.shard).toEqual([1, 2, 3, 4]);
    expect(gh.jobs.merge.needs).toBe('eval');
    expect(strings(gh.jobs.merge).join('\n')).toMatch(/assay compare .*-o compare\.md/);
    const k8s = parseAllDocuments(readFileSync(join(dir, 'kubernetes-indexed-job.yaml'), 'utf8')).map((d) => d.toJS());
    const job = k8s.find((d) => d.metadata.name === 'assay-eval-shards');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(strings(job).join('\n')).toContain(`--shard-total ${job.spec.completions}`);
    const gitlab = parseAllDocuments(readFileSync(join(dir, 'gitlab-ci.yml'), 'utf8'))[0]!.toJS();
    expect(gitlab.eval.parallel).toBe(4);
  });
});
