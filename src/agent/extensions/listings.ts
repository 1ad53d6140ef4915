// `/skills`, `/agents` and `/hooks`: what is loaded, from which file, and what went wrong, as
// Markdown for a local notice. Pure functions over the loaded extensions.
import type { SlashCommand } from '../commands/types';
import { describeHandler } from './trust/project-files';
import type { LoadedExtensions } from './load-extensions';
import type { ExtensionNotice } from './prompt-definition';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

function trustLine(ext: LoadedExtensions): string[] {
  if (ext.projectLoaded) return [];
  const why = ext.trust.status === 'distrusted' ? 'you chose not to trust it' : 'it is not trusted yet';
  return [`_This project's own \`.claude/\` files are not loaded: ${why}._`, ''];
}

function problems(notices: readonly ExtensionNotice[], match: (file: string) => boolean): string[] {
  const mine = notices.filter((n) => match(n.file));
  return mine.length ? ['', '**Problems**', '', ...mine.map((n) => `- \`${n.file}\`: ${n.message}`)] : [];
}

export function skillsListing(ext: LoadedExtensions): string {
  const skills = ext.prompts.filter((p) => p.kind === 'skill');
  const commands = ext.prompts.filter((p) => p.kind === 'command');
  const lines = [...trustLine(ext)];
  if (!skills.length && !commands.length)
    lines.push(
      'No skills or custom commands are loaded. Add `.claude/skills/<name>/SKILL.md` or `.claude/commands/<name>.md`.',
    );
  if (skills.length) {
    lines.push('| Skill | Description | Invoked by | From |', '| --- | --- | --- | --- |');
    for (const s of skills) {
      const by =
        [s.userInvocable ? 'you' : '', s.disableModelInvocation ? '' : 'the model'].filter(Boolean).join(', ') ||
        'no one';
      const extra = [
        s.context === 'fork' ? `runs in ${s.agent ?? 'general-purpose'} subagent` : '',
        s.allowedTools.length ? `allowed: ${s.allowedTools.join(' ')}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      lines.push(
        `| \`/${s.name}\` | ${cell(s.description)}${extra ? ` (${cell(extra)})` : ''} | ${by} | \`${s.file}\` |`,
      );
    }
  }
  if (commands.length) {
    lines.push('', '| Command | Description | From |', '| --- | --- | --- |');
    for (const c of commands)
      lines.push(
        `| \`/${c.name}${c.argumentHint ? ` ${c.argumentHint}` : ''}\` | ${cell(c.description)} | \`${c.file}\` |`,
      );
  }
  lines.push(...problems(ext.notices, (f) => /skills\/|commands\/|user (skill|command)/.test(f)));
  return lines.join('\n');
}

export function agentsListing(ext: LoadedExtensions): string {
  const lines = [
    ...trustLine(ext),
    '| Agent type | Description | Tools | Model | From |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const a of ext.agents) {
    const tools = a.tools ? a.tools.join(', ') : 'all';
    const without = a.disallowedTools.length ? ` (not ${a.disallowedTools.join(', ')})` : '';
    lines.push(
      `| ${a.name} | ${cell(a.description)} | ${cell(tools + without)} | ${a.model ?? 'inherit'} | ${a.scope === 'builtin' ? 'built-in' : `\`${a.file}\``} |`,
    );
  }
  lines.push(...problems(ext.notices, (f) => /agents\/|user agent/.test(f)));
  return lines.join('\n');
}

export function hooksListing(ext: LoadedExtensions): string {
  const lines = [...trustLine(ext)];
  const { hooks, hooksDisabledBy } = ext.settings;
  if (hooksDisabledBy) lines.push(`Hooks are off: \`disableAllHooks\` is set in \`${hooksDisabledBy}\`.`);
  else if (!hooks.length) lines.push('No hooks are configured. Add them under `hooks` in `.claude/settings.json`.');
  else {
    lines.push('| Event | Matcher | Hook | From |', '| --- | --- | --- | --- |');
    for (const h of hooks)
      lines.push(
        `| ${h.event} | ${h.matcher ? `\`${cell(h.matcher)}\`` : 'all'} | ${cell(describeHandler(h.handler))} | \`${h.file}\` |`,
      );
  }
  lines.push(...problems(ext.notices, (f) => /settings/.test(f)));
  return lines.join('\n');
}

/** The three listing commands, over the extensions as loaded now. */
export function listingCommands(current: () => LoadedExtensions): SlashCommand[] {
  const notice = (markdown: string) => [{ type: 'notice' as const, markdown }];
  return [
    {
      name: 'skills',
      summary: 'List the skills and custom commands, where they come from, and problems',
      run: () => notice(skillsListing(current())),
    },
    {
      name: 'agents',
      summary: 'List the subagent types (built-in and .claude/agents)',
      run: () => notice(agentsListing(current())),
    },
    {
      name: 'hooks',
      summary: 'List the configured hooks by event, and problems in settings files',
      run: () => notice(hooksListing(current())),
    },
  ];
}
