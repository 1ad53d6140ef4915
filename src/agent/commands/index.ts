import { clearCommand } from './clear';
import { compactCommand } from './compact';
import { costCommand } from './cost';
import { exportCommand } from './export';
import { helpCommand } from './help';
import { initCommand } from './init';
import { memoryCommand } from './memory';
import { modelCommand } from './model';
import { permissionsCommand } from './permissions';
import { resumeCommand } from './resume';
import { rewindCommand } from './rewind';
import { statusCommand } from './status';
import type { SlashCommand } from './types';

export type { CommandContext, CommandOutcome, SlashCommand } from './types';
export { parseSlashCommand, findCommand, completeSlashCommand, runSlashCommand } from './registry';
export type { ParsedCommand } from './registry';

/** The built-in commands, in /help order. A new command is one file plus one line here. */
export const builtinCommands: readonly SlashCommand[] = [
  helpCommand,
  clearCommand,
  compactCommand,
  modelCommand,
  permissionsCommand,
  costCommand,
  statusCommand,
  initCommand,
  memoryCommand,
  resumeCommand,
  rewindCommand,
  exportCommand,
];
