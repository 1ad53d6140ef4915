import { describe, expect, it } from 'vitest';
import { emptyUsage } from '../../providers/types';
import {
  builtinCommands,
  completeSlashCommand,
  parseSlashCommand,
  runSlashCommand,
  type CommandContext,
} from './index';

const ctx = (over: Partial<CommandContext> = {}): Omit<CommandContext, 'args' | 'commands'> => ({
  model: 'claude-sonnet-4-5',
  providerLabel: 'Anthropic',
  baseUrl: 'https://api.anthropic.com',
  backend: { kind: 'lite', reason: 'Lite: offline' },
  mode: 'default',
  rules: { allow: [], ask: [], deny: [] },
  usage: emptyUsage(),
  usageByModel: {},
  costUsd: null,
  costOf: () => null,
  contextWindow: 200_000,
  lastInputTokens: 50_000,
  running: false,
  workspace: { root: '/workspace', stat: async () => null },
  ...over,
});

const run = (text: string, over: Partial<CommandContext> = {}) =>
  runSlashCommand(builtinCommands, parseSlashCommand(text)!, ctx(over));

describe('slash commands', () => {
  it('parses a command and its arguments, and leaves other text alone', () => {
    expect(parseSlashCommand('/model  gpt-4.1 ')).toEqual({ name: 'model', args: 'gpt-4.1' });
    expect(parseSlashCommand('/usr/bin is a path')).toBeNull();
    expect(parseSlashCommand('hello /help')).toBeNull();
  });

  it('completes by prefix', () => {
    expect(completeSlashCommand(builtinCommands, '/c').map((c) => c.name)).toEqual(['clear', 'compact', 'cost']);
    expect(completeSlashCommand(builtinCommands, '/clear now')).toEqual([]);
  });

  it('answers an unknown command locally with a pointer to /help', async () => {
    const [outcome] = await run('/nope');
    expect(outcome).toMatchObject({ type: 'notice', tone: 'error' });
    expect(JSON.stringify(outcome)).toContain('/help');
  });

  it('/status names the backend, the model, the mode and the context use', async () => {
    const text = JSON.stringify(await run('/status'));
    for (const part of ['lite', 'claude-sonnet-4-5', 'default', '25%']) expect(text).toContain(part);
  });

  it('/permissions adds a rule to one list, moving it out of the others', async () => {
    const [set] = await run('/permissions deny Bash(rm:*)', { rules: { allow: ['Bash(rm:*)'], ask: [], deny: [] } });
    expect(set).toEqual({ type: 'set-rules', rules: { allow: [], ask: [], deny: ['Bash(rm:*)'] } });
    expect((await run('/permissions mode plan'))[0]).toEqual({ type: 'set-mode', mode: 'plan' });
    expect((await run('/permissions allow rm -rf'))[0]).toMatchObject({ tone: 'error' });
  });

  it('/resume and /rewind open their dialogs (not while the agent runs); /export takes json or md', async () => {
    expect(await run('/resume')).toEqual([{ type: 'open-sessions' }]);
    expect((await run('/rewind', { running: true }))[0]).toMatchObject({ tone: 'error' });
    expect(await run('/rewind')).toEqual([{ type: 'open-rewind' }]);
    expect(await run('/export')).toEqual([{ type: 'export', format: 'ask' }]);
    expect(await run('/export md')).toEqual([{ type: 'export', format: 'markdown' }]);
    expect((await run('/export zip'))[0]).toMatchObject({ tone: 'error' });
  });

  it('/status shows the session and storage use; /cost names the session', async () => {
    const status = JSON.stringify(
      await run('/status', {
        sessionTitle: 'Fix the parser',
        storage: { usedBytes: 3 * 1024 * 1024, quotaBytes: 100 * 1024 * 1024, persisted: true },
      }),
    );
    for (const part of ['Fix the parser', '3.0 MB of 100.0 MB', 'persistent']) expect(status).toContain(part);
    const cost = JSON.stringify(
      await run('/cost', {
        sessionTitle: 'Fix the parser',
        usageByModel: {
          'claude-sonnet-4-5': { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 },
        },
      }),
    );
    expect(cost).toContain('Fix the parser');
  });

  it('/clear refuses while the agent runs; /init sends a prompt; /memory opens or creates AGENTS.md', async () => {
    expect((await run('/clear', { running: true }))[0]).toMatchObject({ tone: 'error' });
    expect((await run('/clear'))[0]).toEqual({ type: 'clear' });
    expect((await run('/init'))[0]).toMatchObject({ type: 'send' });
    const [open] = await run('/memory');
    expect(open).toMatchObject({ type: 'open-file', path: '/workspace/AGENTS.md' });
    expect((open as { template?: string }).template).toContain('AGENTS.md');
    const existing = await run('/memory', {
      workspace: {
        root: '/workspace',
        stat: async (p: string) =>
          p.endsWith('CLAUDE.md') ? ({ path: p, kind: 'file', size: 1, mtimeMs: 0 } as const) : null,
      },
    });
    expect(existing).toEqual([{ type: 'open-file', path: '/workspace/CLAUDE.md' }]);
  });
});
