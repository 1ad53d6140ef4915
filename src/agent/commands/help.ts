import type { SlashCommand } from './types';

/** Every key the app binds, as [keys, where, what]: keep in step with the handlers in src/ui. */
export const shortcuts: ReadonlyArray<readonly [string, string, string]> = [
  ['Enter', 'message box', 'send the message'],
  ['Shift+Enter', 'message box', 'add a line'],
  ['Shift+Tab', 'message box', 'cycle the permission mode'],
  ['Tab / Enter', 'command list', 'complete the command / run it'],
  ['↑ / ↓', 'message box', 'earlier / later messages (or move in the command list)'],
  ['Esc', 'anywhere', 'stop the agent while it runs; close a menu or the command list'],
  ['Esc Esc', 'anywhere, agent idle', 'rewind (as `/rewind`)'],
  ['Ctrl/Cmd+S', 'editor', 'save the file into the workspace'],
  [
    '← / →',
    '"Resize workbench" bar',
    'narrow or widen the workbench (Shift: bigger steps; Home/End: limits; Enter or double-click: reset)',
  ],
  ['↑ / ↓', '"Resize file tree" bar', 'shorter or taller file tree'],
];

export const helpCommand: SlashCommand = {
  name: 'help',
  aliases: ['?'],
  summary: 'List the commands and keys',
  run(ctx) {
    const row = (c: SlashCommand) => `| \`/${c.name}${c.argHint ? ' ' + c.argHint : ''}\` | ${c.summary} |`;
    const custom = ctx.commands.filter((c) => c.origin);
    return [
      {
        type: 'notice',
        markdown: [
          '| Command | What it does |',
          '| --- | --- |',
          ...ctx.commands.filter((c) => !c.origin).map(row),
          '',
          ...(custom.length
            ? [
                '**Custom commands and skills**',
                '',
                '| Command | What it does |',
                '| --- | --- |',
                ...custom.map(row),
                '',
              ]
            : []),
          '**Shortcuts**',
          '',
          '| Keys | Where | What it does |',
          '| --- | --- | --- |',
          ...shortcuts.map(([keys, where, what]) => `| ${keys} | ${where} | ${what} |`),
        ].join('\n'),
      },
    ];
  },
};
