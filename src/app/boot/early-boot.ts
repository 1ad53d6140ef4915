import type { Command, CustomCommand } from 'just-bash';
import { bootWorkspace, type BackendPreference, type WorkspaceHandle } from '../../workspace/boot-workspace';
import type { HostCommand } from '../../workspace/host-command';

// The first code the page runs (from src/boot.ts, before React and the app are even fetched):
// the lite workspace goes live here, so files and the shell never wait for the app's chunk.
// Two things only the app knows arrive later and are bound then: the backend the user chose
// (from settings in IndexedDB) and the shell commands the app provides (`git`). A command run
// before its binding waits for it rather than failing.

export interface ShellCommands {
  customCommands: CustomCommand[];
  hostCommands: HostCommand[];
}

export interface EarlyBoot {
  readonly handle: WorkspaceHandle;
  /** Settles the backend preference once settings have loaded (the WebContainer waits for it). */
  choose(preference: BackendPreference): void;
  /** Hands over the app's shell commands; earlier calls to them were waiting for this. */
  bindCommands(commands: ShellCommands): void;
}

/** Commands the app binds once it has loaded. */
export const LATE_COMMAND_NAMES = ['git'] as const;

async function loadCommand(command: CustomCommand): Promise<Command> {
  return 'load' in command ? command.load() : command;
}

export function startEarlyBoot(
  options: { timeoutMs?: number; files?: Record<string, string | Uint8Array> } = {},
): EarlyBoot {
  let choose!: (preference: BackendPreference) => void;
  const preference = new Promise<BackendPreference>((resolve) => (choose = resolve));
  let bind!: (commands: ShellCommands) => void;
  const bound = new Promise<ShellCommands>((resolve) => (bind = resolve));

  const missing = (name: string) => ({ stdout: '', stderr: `${name}: command not found\n`, exitCode: 127 });
  const customCommands: CustomCommand[] = LATE_COMMAND_NAMES.map((name) => ({
    name,
    load: async (): Promise<Command> => {
      const command = (await bound).customCommands.find((c) => c.name === name);
      return command ? loadCommand(command) : { name, execute: async () => missing(name) };
    },
  }));
  const hostCommands: HostCommand[] = LATE_COMMAND_NAMES.map((name) => ({
    name,
    run: async (args, ctx) => {
      const command = (await bound).hostCommands.find((c) => c.name === name);
      return command ? command.run(args, ctx) : missing(name);
    },
  }));

  const handle = bootWorkspace({
    preference,
    timeoutMs: options.timeoutMs,
    files: options.files,
    customCommands,
    hostCommands,
  });
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function')
    performance.mark('tidepool:workspace-ready');
  return { handle, choose, bindCommands: bind };
}
