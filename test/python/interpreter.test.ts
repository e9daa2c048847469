// Which interpreter Assay tries, in promptfoo's order: ASSAY_PYTHON / PROMPTFOO_PYTHON, the
// provider's pythonExecutable, the active virtualenv, then python3 and python.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonCandidates } from '../../src/python/interpreter.js';
import { tempDir } from '../support/cli.js';

describe('pythonCandidates', () => {
  it('prefers ASSAY_PYTHON, then PROMPTFOO_PYTHON, over everything else', () => {
    expect(pythonCandidates('/opt/py', { ASSAY_PYTHON: '/a/python', PROMPTFOO_PYTHON: '/p/python' })).toEqual([
      '/a/python',
    ]);
    expect(pythonCandidates('/opt/py', { PROMPTFOO_PYTHON: '/p/python' })).toEqual(['/p/python']);
  });

  it("uses the provider's pythonExecutable next", () => {
    expect(pythonCandidates('/opt/py', { VIRTUAL_ENV: '/venv' })).toEqual(['/opt/py']);
  });

  it('tries an active virtualenv before python3 and python', () => {
    const venv = tempDir();
    mkdirSync(join(venv, 'bin'));
    writeFileSync(join(venv, 'bin', 'python'), '');
    expect(pythonCandidates(undefined, { VIRTUAL_ENV: venv })).toEqual([
      join(venv, 'bin', 'python'),
      'python3',
      'python',
    ]);
    expect(pythonCandidates(undefined, {})).toEqual(['python3', 'python']);
  });
});
