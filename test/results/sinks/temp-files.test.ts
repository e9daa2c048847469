// Output files are written to a temp file and renamed into place. A symlink planted where the temp
// file will be must not redirect the write onto another file.
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSink } from '../../../src/results/sinks/index.js';
import { FileWriter, tempPathFor } from '../../../src/results/sinks/file-writer.js';
import { makeInfo, runSink, scrambledResults, tempDir } from '../factory.js';

describe('temp files beside outputs', () => {
  it('ignore symlinks planted at the old predictable name (<target>.tmp-<pid>) for every spooled format', async () => {
    const dir = await tempDir();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    for (const name of ['out.csv', 'out.json', 'out.yaml', 'out.html', 'out.xml']) {
      const target = join(dir, name);
      symlinkSync(victim, `${target}.tmp-${process.pid}`);
      symlinkSync(victim, `${target}.tmp-${process.pid}-body`);
      await runSink(createFileSink(target), makeInfo(3, 1), scrambledResults(3, 1));
      expect(readFileSync(target, 'utf8').length).toBeGreaterThan(0);
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    // Only the planted links remain besides the outputs: no temp file of ours is left behind.
    expect(
      readdirSync(dir)
        .filter((n) => n.includes('.tmp-'))
        .every((n) => n.endsWith(`.tmp-${process.pid}`) || n.endsWith(`.tmp-${process.pid}-body`)),
    ).toBe(true);
  });

  it('get a fresh random name each time and are opened exclusively', async () => {
    const dir = await tempDir();
    const target = join(dir, 'out.csv');
    const first = tempPathFor(target);
    expect(tempPathFor(target)).not.toBe(first);
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, first);
    await expect(FileWriter.createTemp(first)).rejects.toThrow(/EEXIST/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });
});
