import { PERMISSION_MODES, type PermissionMode, type RuleLists } from '../events';
import type { SlashCommand } from './types';

const modes: readonly PermissionMode[] = PERMISSION_MODES;
const lists = ['allow', 'ask', 'deny'] as const;

function show(rules: RuleLists, mode: PermissionMode): string {
  const section = (name: string, items: string[]): string =>
    `**${name}:** ${items.length ? items.map((r) => `\`${r}\``).join(', ') : '_none_'}`;
  return [
    `Mode: \`${mode}\` (Shift+Tab cycles it)`,
    '',
    section('Allow', rules.allow),
    section('Ask', rules.ask),
    section('Deny', rules.deny),
    '',
    'Edit with `/permissions allow|ask|deny <rule>`, `/permissions remove <rule>`, `/permissions mode <mode>`.',
    'Rules look like `Bash(npm test:*)`, `Edit(src/**)`, `WebFetch(domain:example.com)`; deny wins over ask, ask over allow.',
  ].join('\n');
}

export const permissionsCommand: SlashCommand = {
  name: 'permissions',
  aliases: ['allowed-tools'],
  summary: 'View and edit permission rules and mode',
  argHint: '[allow|ask|deny|remove <rule> | mode <mode>]',
  run(ctx) {
    if (!ctx.args) return [{ type: 'notice', markdown: show(ctx.rules, ctx.mode) }];
    const [verb, ...rest] = ctx.args.split(/\s+/);
    const value = rest.join(' ').trim();
    const v = verb.toLowerCase();
    if (v === 'mode') {
      const mode = modes.find((m) => m.toLowerCase() === value.toLowerCase());
      if (!mode)
        return [{ type: 'notice', tone: 'error', markdown: `Modes are ${modes.map((m) => `\`${m}\``).join(', ')}.` }];
      return [
        { type: 'set-mode', mode },
        { type: 'notice', markdown: `Permission mode: \`${mode}\`.` },
      ];
    }
    if (!value || !/^[A-Za-z][\w-]*(\(.*\))?$/.test(value)) {
      return [{ type: 'notice', tone: 'error', markdown: 'Give a rule such as `Bash(npm test:*)` or `Edit(src/**)`.' }];
    }
    const next: RuleLists = {
      allow: ctx.rules.allow.filter((r) => r !== value),
      ask: ctx.rules.ask.filter((r) => r !== value),
      deny: ctx.rules.deny.filter((r) => r !== value),
    };
    if (v === 'remove' || v === 'rm') {
      return [
        { type: 'set-rules', rules: next },
        { type: 'notice', markdown: `Removed \`${value}\`.` },
      ];
    }
    const list = lists.find((l) => l === v);
    if (!list) {
      return [
        {
          type: 'notice',
          tone: 'error',
          markdown: `Unknown action \`${verb}\`: use allow, ask, deny, remove or mode.`,
        },
      ];
    }
    next[list] = [...next[list], value];
    return [
      { type: 'set-rules', rules: next },
      { type: 'notice', markdown: `Added \`${value}\` to ${list}.` },
    ];
  },
};
