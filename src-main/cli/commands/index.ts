// The command table of `easel`.
import type { Command } from '../context.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { batchCommand } from './batch.ts';
import { chatCommand } from './chat.ts';
import { checkCommand } from './check.ts';
import { libraryCollectionCommand } from './collections.ts';
import { dataMoveCommand, dataWhereCommand } from './data.ts';
import { generateCommand } from './generate.ts';
import { importCommand } from './import.ts';
import { modelsCommand, profilesCommand } from './info.ts';
import {
  libraryExportCommand,
  libraryListCommand,
  librarySearchCommand,
  libraryShowCommand,
  libraryTagCommand,
} from './library.ts';
import { videoCommand } from './video.ts';
import { budgetClearCommand, budgetSetCommand, budgetShowCommand, spendCommand, spendResolveCommand } from './spend.ts';

export const COMMANDS: readonly Command[] = [
  generateCommand,
  batchCommand,
  videoCommand,
  chatCommand,
  libraryListCommand,
  librarySearchCommand,
  libraryShowCommand,
  libraryTagCommand,
  libraryExportCommand,
  libraryCollectionCommand,
  importCommand,
  spendCommand,
  spendResolveCommand,
  budgetSetCommand,
  budgetShowCommand,
  budgetClearCommand,
  checkCommand,
  backupCommand,
  restoreCommand,
  dataWhereCommand,
  dataMoveCommand,
  profilesCommand,
  modelsCommand,
];

/** Commands with subcommands; `default` runs when no subcommand word follows. */
export const GROUPS: Record<string, { subcommands: string[]; default?: string }> = {
  library: { subcommands: ['list', 'search', 'show', 'tag', 'export', 'collection'] },
  budget: { subcommands: ['set', 'show', 'clear'], default: 'budget show' },
  spend: { subcommands: ['resolve'], default: 'spend' },
  data: { subcommands: ['where', 'move'] },
};
