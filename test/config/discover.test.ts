import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { resolveConfigPaths } from '../../src/config/discover.js';
import { fixture } from './fixture.js';

describe('config discovery', () => {
  it('finds promptfooconfig.yaml before .json in the working folder', async () => {
    const dir = fixture({ 'promptfooconfig.json': '{}', 'promptfooconfig.yaml': 'prompts: [hi]' });
    expect(await resolveConfigPaths(undefined, dir)).toEqual([join(dir, 'promptfooconfig.yaml')]);
  });

  it('accepts -c files, folders and globs', async () => {
    const dir = fixture({ 'a/promptfooconfig.yml': '{}', 'configs/one.yaml': '{}', 'configs/two.yaml': '{}' });
    expect(await resolveConfigPaths(['a'], dir)).toEqual([join(dir, 'a/promptfooconfig.yml')]);
    expect(await resolveConfigPaths(['configs/*.yaml'], dir)).toEqual([
      join(dir, 'configs/one.yaml'),
      join(dir, 'configs/two.yaml'),
    ]);
  });

  it('without a config says to run assay init or pass -c', async () => {
    const dir = fixture({ 'README.md': 'nothing here' });
    const err = await loadSuite({ cwd: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('CONFIG_NOT_FOUND');
    expect((err as ConfigError).message).toMatch(/assay init/);
    expect((err as ConfigError).message).toMatch(/-c/);
  });

  it('names a -c path that does not exist', async () => {
    const dir = fixture({});
    await expect(loadSuite({ cwd: dir, configPaths: ['missing.yaml'] })).rejects.toThrow(join(dir, 'missing.yaml'));
  });

  it('merges several configs: prompts and providers de-duplicated, tests concatenated, descriptions joined', async () => {
    const dir = fixture({
      'a.yaml':
        'description: first\nprompts: ["Hi {{name}}"]\nproviders: [echo]\ntests:\n  - vars: {name: A}\noutputPath: a.json\nenv: {X: "1"}\n',
      'sub/b.yaml':
        'description: second\nprompts: ["Hi {{name}}", file://p.txt]\nproviders: [echo]\ntests:\n  - vars: {name: B}\noutputPath: b.json\nenv: {Y: "2"}\n',
      'sub/p.txt': 'From sub {{name}}',
    });
    const suite = await loadSuite({ cwd: dir, configPaths: ['a.yaml', 'sub/b.yaml'] });
    expect(suite.description).toBe('first, second');
    expect(suite.prompts.map((p) => p.raw)).toEqual(['Hi {{name}}', 'From sub {{name}}']);
    expect(suite.providers).toHaveLength(1);
    expect(suite.tests.map((t) => t.vars?.name)).toEqual(['A', 'B']);
    expect(suite.outputPath).toEqual(['a.json', 'b.json']);
    expect(suite.env).toEqual({ X: '1', Y: '2' });
    expect(suite.basePath).toBe(dir);
    expect(suite.configFiles).toEqual([join(dir, 'a.yaml'), join(dir, 'sub/b.yaml')]);
  });
});
