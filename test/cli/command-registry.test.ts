// Lazily loaded commands: listed by `assay --help` without loading their module, loaded (and run
// with their own options) only when named.

import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { LAZY_COMMANDS, registerLazyCommands, type LazyCommand } from '../../src/cli/command-registry.js';

const loaded: string[] = [];
const ran: Array<{ port?: string }> = [];
const fake: LazyCommand = {
  name: 'fake-view',
  summary: 'a command whose module loads on demand',
  load: async () => {
    loaded.push('fake-view');
    return {
      registerCommand: (program) =>
        void program
          .command('fake-view')
          .option('--port <n>', 'port')
          .action((options: { port?: string }) => void ran.push(options)),
    };
  },
};

function program(): Command {
  return new Command('assay').exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
}

afterEach(() => {
  LAZY_COMMANDS.splice(LAZY_COMMANDS.indexOf(fake), 1);
  loaded.length = 0;
  ran.length = 0;
});

describe('lazy commands', () => {
  it('are listed with their summary without loading their module', async () => {
    LAZY_COMMANDS.push(fake);
    const p = program();
    await registerLazyCommands(p, ['eval', '-c', 'x']);
    expect(p.helpInformation()).toMatch(/fake-view\s+a command whose module loads on demand/);
    expect(loaded).toEqual([]);
  });

  it('load and run with their own options when named', async () => {
    LAZY_COMMANDS.push(fake);
    const p = program();
    await registerLazyCommands(p, ['fake-view', '--port', '7']);
    await p.parseAsync(['node', 'assay', 'fake-view', '--port', '7']);
    expect(loaded).toEqual(['fake-view']);
    expect(ran).toEqual([{ port: '7' }]);
  });

  it('load for `help <name>`', async () => {
    LAZY_COMMANDS.push(fake);
    const p = program();
    await registerLazyCommands(p, ['help', 'fake-view']);
    expect(loaded).toEqual(['fake-view']);
    expect(p.commands.find((c) => c.name() === 'fake-view')?.options.map((o) => o.long)).toEqual(['--port']);
  });
});
