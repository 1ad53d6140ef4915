import type { SlashCommand } from '../../agent/commands/types';
import type { TrustControl } from './trust-answer';

// `/trust` in the command menu: its name and help here, its answer loaded when it is first run
// (the page's first load carries only what the composer needs).

export type { TrustControl } from './trust-answer';

export function trustCommand(control: TrustControl): SlashCommand {
  return {
    name: 'trust',
    summary: 'Show whether this project is trusted; /trust yes or /trust no to change it',
    argHint: '[yes|no]',
    run: async (ctx) => (await import('./trust-answer')).runTrust(control, ctx),
  };
}
