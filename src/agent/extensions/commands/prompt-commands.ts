// Custom commands and user-invocable skills as slash commands beside the built-ins. Running one
// sends `/name args` as the user's message; the agent's turn then loads the instructions (running
// any `!` commands through the permission dialog), so the expansion is part of the session log.
import type { SlashCommand } from '../../commands/types';
import type { PromptDefinition } from '../prompt-definition';
import { commandOrigin } from './command-file';

export function promptCommands(prompts: readonly PromptDefinition[]): SlashCommand[] {
  return prompts
    .filter((p) => p.userInvocable)
    .map((p) => ({
      name: p.name.toLowerCase(),
      summary: `${p.description || (p.kind === 'skill' ? 'Skill' : 'Custom command')} (${p.kind === 'skill' ? `${p.scope} skill` : commandOrigin(p)})`,
      argHint: p.argumentHint,
      origin: p.file,
      run(ctx) {
        if (ctx.running)
          return [
            {
              type: 'notice',
              tone: 'error',
              markdown: `Wait for the agent to finish (or stop it) before running \`/${p.name}\`.`,
            },
          ];
        return [{ type: 'send', prompt: ctx.args ? `/${p.name} ${ctx.args}` : `/${p.name}` }];
      },
    }));
}
