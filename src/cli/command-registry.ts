// Commands that live wholly in their own module, loaded only when they run: `assay <name> ...` (or
// `assay help <name>`) imports that one module and lets it define its options and action; any
// other invocation sees just the name and summary (for `assay --help` and the unknown-command
// check), so `assay eval` never loads them. Adding one is one line below plus its module.

import type { Command } from 'commander';

/** What a lazily loaded command module exports. */
export interface CommandModule {
  /** Adds `program.command(name)` with its options and action (the action may import more). */
  registerCommand(program: Command): void;
}

export interface LazyCommand {
  name: string;
  /** The one-line description `assay --help` lists. */
  summary: string;
  load: () => Promise<CommandModule>;
}

export const LAZY_COMMANDS: LazyCommand[] = [
  {
    name: 'view',
    summary: 'browse stored evals in a local web viewer (127.0.0.1)',
    load: () => import('./view-command.js'),
  },
];

/**
 * Registers the lazy commands on `program`: the one `argv` runs (or asks help for) in full, the
 * others as name and summary only.
 */
export async function registerLazyCommands(program: Command, argv: readonly string[]): Promise<void> {
  const [first, second] = argv;
  const wanted = first === 'help' ? second : first;
  for (const command of LAZY_COMMANDS) {
    if (command.name === wanted) (await command.load()).registerCommand(program);
    else program.command(command.name).description(command.summary).allowUnknownOption().allowExcessArguments();
  }
}
