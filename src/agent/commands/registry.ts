import type { CommandContext, CommandOutcome, SlashCommand } from './types';

export interface ParsedCommand {
  name: string;
  args: string;
}

/** `/model gpt-4o` → { name: 'model', args: 'gpt-4o' }; null for anything that is not a command. */
export function parseSlashCommand(text: string): ParsedCommand | null {
  // `:` and `.` for namespaced custom commands (`/frontend:component`).
  const match = /^\/([a-zA-Z0-9][\w.:-]*)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return null;
  return { name: match[1].toLowerCase(), args: (match[2] ?? '').trim() };
}

export function findCommand(commands: readonly SlashCommand[], name: string): SlashCommand | undefined {
  const n = name.toLowerCase();
  return commands.find((c) => c.name === n || c.aliases?.includes(n));
}

/** Commands whose name starts with what follows the slash, for the completion list. */
export function completeSlashCommand(commands: readonly SlashCommand[], text: string): SlashCommand[] {
  const match = /^\/([\w.:-]*)$/.exec(text);
  if (!match) return [];
  const prefix = match[1].toLowerCase();
  return commands.filter((c) => c.name.startsWith(prefix) || c.aliases?.some((a) => a.startsWith(prefix)));
}

/**
 * Runs a slash command. Unknown names and command bugs come back as notices, so a typo
 * never reaches the model and never breaks the chat.
 */
export async function runSlashCommand(
  commands: readonly SlashCommand[],
  parsed: ParsedCommand,
  ctx: Omit<CommandContext, 'args' | 'commands'>,
): Promise<CommandOutcome[]> {
  const command = findCommand(commands, parsed.name);
  if (!command) {
    return [
      {
        type: 'notice',
        tone: 'error',
        markdown: `Unknown command \`/${parsed.name}\`. Type \`/help\` to see the commands.`,
      },
    ];
  }
  try {
    return await command.run({ ...ctx, args: parsed.args, commands });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [{ type: 'notice', tone: 'error', markdown: `\`/${command.name}\` failed: ${message}` }];
  }
}
