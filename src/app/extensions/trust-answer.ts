import type { CommandContext, CommandOutcome } from '../../agent/commands/types';
import type { LoadedExtensions, TrustItem } from '../../agent/extensions';

// What `/trust` answers: the open project's trust state and what it covers; `/trust yes` trusts the project's
// files as they are now, `/trust no` turns them off again (both kept, like the Trust dialog's answer).

export interface TrustControl {
  loaded(): LoadedExtensions | null;
  projectId(): Promise<string>;
  decide(trusted: boolean): Promise<void>;
}

const STATUS: Record<LoadedExtensions['trust']['status'], string> = {
  'not-needed': 'nothing to trust: this workspace has no `.claude/` files, `.mcp.json` or memory files',
  trusted: '**trusted**: its hooks, skills, commands, agents, settings, MCP servers and CLAUDE.md apply',
  distrusted: '**not trusted** (your choice): only your own settings and extensions apply',
  unknown: '**not trusted yet**: nothing of it runs until you answer',
  changed: '**changed since you trusted it**: nothing of it runs until you answer again',
};

const item = (i: TrustItem): string => `- ${i.kind}: \`${i.detail.replace(/`/g, "'")}\` (${i.file})`;

/** `/trust`'s answer; loaded on first use (trust-command.ts keeps only the name for the menu). */
export async function runTrust(control: TrustControl, ctx: CommandContext): Promise<CommandOutcome[]> {
  const loaded = control.loaded();
  if (!loaded) return [{ type: 'notice', markdown: 'The project’s files are still loading; try again in a moment.' }];
  const verb = ctx.args.trim().toLowerCase();
  const yes = ['yes', 'on', 'trust'].includes(verb);
  const no = ['no', 'off', 'revoke', 'distrust'].includes(verb);
  if (verb && !yes && !no)
    return [
      {
        type: 'notice',
        tone: 'error',
        markdown: `\`/trust ${verb}\`: use \`/trust\`, \`/trust yes\` or \`/trust no\`.`,
      },
    ];
  if ((yes || no) && loaded.trust.status === 'not-needed')
    return [{ type: 'notice', markdown: `This project has ${STATUS['not-needed']}.` }];
  if (yes || no) {
    await control.decide(yes);
    const now = control.loaded() ?? loaded;
    return [{ type: 'notice', markdown: `This project is now ${STATUS[now.trust.status]}.` }];
  }
  const id = await control.projectId();
  const where = id.startsWith('repo:') ? `the repository \`${id.slice(5)}\`` : 'this session’s workspace';
  const lines = [`Trust is kept for ${where}. This project is ${STATUS[loaded.trust.status]}.`];
  if (loaded.trust.manifest.items.length)
    lines.push('', 'What it brings:', '', ...loaded.trust.manifest.items.map(item));
  if (loaded.trust.status !== 'not-needed')
    lines.push('', loaded.projectLoaded ? '`/trust no` turns it off.' : '`/trust yes` trusts these files.');
  return [{ type: 'notice', markdown: lines.join('\n') }];
}
