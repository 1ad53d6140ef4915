import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  builtinCommands,
  parseSlashCommand,
  runSlashCommand,
  type CommandContext,
} from '../../src/agent/commands/index';
import { promptCommands } from '../../src/agent/extensions/commands/prompt-commands';
import { listingCommands } from '../../src/agent/extensions/listings';
import { loadExtensions } from '../../src/agent/extensions/load-extensions';
import { mergeSettings } from '../../src/agent/extensions/settings/merge-settings';
import { parseSettings } from '../../src/agent/extensions/settings/settings-file';
import { memoryTrustStore, recordTrust } from '../../src/agent/extensions/trust/project-trust';
import { emptyUsage } from '../../src/providers/types';
import { createLiteWorkspace } from '../../src/workspace/lite-workspace';
import { startMockProvider, type MockProvider } from '../fixtures/mock-provider';
import { harness, requestText } from './harness';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());

describe('settings files', () => {
  test('user < project < local: rules add up, env and model take the most specific level', () => {
    const user = parseSettings(
      { permissions: { allow: ['Read'], defaultMode: 'acceptEdits' }, env: { A: 'user', B: 'user' }, model: 'sonnet' },
      'user',
      'user settings',
    );
    const project = parseSettings(
      '{"permissions":{"deny":["Bash(rm:*)"],"allow":["Read"]},"env":{"B":"project"},"model":"opus"}',
      'project',
      '.claude/settings.json',
    );
    const local = parseSettings(
      { permissions: { ask: ['Bash(git push:*)'], defaultMode: 'plan' }, env: { C: 'local' } },
      'local',
      '.claude/settings.local.json',
    );
    const merged = mergeSettings([local.settings, user.settings, project.settings]);
    expect(merged.rules).toEqual({ allow: ['Read'], ask: ['Bash(git push:*)'], deny: ['Bash(rm:*)'] });
    expect(merged.env).toEqual({ A: 'user', B: 'project', C: 'local' });
    expect(merged.model).toBe('opus');
    expect(merged.defaultMode).toBe('plan');
    expect(merged.notices).toEqual([]);
  });

  test('a project file may not make the mode more permissive than the user’s', () => {
    const project = parseSettings(
      { permissions: { defaultMode: 'bypassPermissions' } },
      'project',
      '.claude/settings.json',
    );
    const merged = mergeSettings([project.settings]);
    expect(merged.defaultMode).toBeUndefined();
    expect(merged.notices[0]).toMatchObject({
      file: '.claude/settings.json',
      message: expect.stringMatching(/bypassPermissions.*not applied/),
    });
    // The user may choose it for themselves.
    const user = parseSettings({ permissions: { defaultMode: 'bypassPermissions' } }, 'user', 'user settings');
    expect(mergeSettings([user.settings, project.settings]).defaultMode).toBe('bypassPermissions');
  });

  test('a malformed file is a notice naming the file and the place; the other files still apply', async () => {
    const workspace = createLiteWorkspace({
      files: {
        '.claude/settings.json': '{\n  "permissions": {\n    "allow": ["Read",]\n  }\n}',
        '.claude/settings.local.json': JSON.stringify({
          permissions: { deny: ['WebFetch'], allow: [42] },
          env: { X: '1' },
          hooks: { Nope: [] },
        }),
      },
    });
    const store = memoryTrustStore();
    const first = await loadExtensions({ workspace, trust: { projectId: 'p', store } });
    await recordTrust(store, 'p', first.trust.manifest, true);
    const loaded = await loadExtensions({ workspace, trust: { projectId: 'p', store } });
    const notices = loaded.notices.map((n) => `${n.file}: ${n.message}`);
    expect(notices[0]).toMatch(/settings\.json: not valid JSON \(line 3, column \d+/);
    expect(notices.join('\n')).toMatch(/settings\.local\.json: `permissions\.allow`: 42 is not a rule/);
    expect(notices.join('\n')).toMatch(/hooks\.Nope: not a hook event/);
    expect(loaded.settings.rules.deny).toEqual(['WebFetch']);
    expect(loaded.settings.env).toEqual({ X: '1' });
  });
});

test('settings env reaches the agent’s shell', async () => {
  const h = await harness(mock, {
    files: { '.claude/settings.json': JSON.stringify({ env: { GREETING: "it's set" } }) },
    agent: { mode: 'bypassPermissions' },
  });
  mock.reset();
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'echo "$GREETING"' } }] },
    { kind: 'reply', text: 'ok' },
  ]);
  await h.agent.send('say it');
  expect(h.events.find((e) => e.type === 'tool-result')).toMatchObject({ content: "it's set" });
});

test('settings `model` is the main agent’s model once the project is trusted; before that the session’s own', async () => {
  const files = { '.claude/settings.json': JSON.stringify({ model: 'haiku' }) };
  for (const trusted of [false, true]) {
    const h = await harness(mock, { files, trusted });
    mock.reset();
    mock.setScript([{ kind: 'reply', text: 'ok' }]);
    await h.agent.send('hi');
    expect((mock.requests[0].body as { model: string }).model).toBe(trusted ? 'claude-haiku-4-5' : 'claude-sonnet-4-5');
  }
});

describe('project trust', () => {
  const files = {
    '.claude/settings.json': JSON.stringify({
      permissions: { allow: ['Bash(npm test:*)'] },
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '.claude/hooks/check.sh' }] }] },
    }),
    '.claude/hooks/check.sh': '#!/bin/bash\nexit 0\n',
    '.claude/skills/status/SKILL.md': '---\ndescription: Show status\n---\nFiles: !`ls`\n',
    '.claude/commands/review.md': '---\ndescription: Review\n---\nReview $ARGUMENTS\n',
    '.claude/agents/reviewer.md': '---\nname: reviewer\ndescription: Reviews code\n---\nYou review.\n',
    '.mcp.json': JSON.stringify({ mcpServers: { github: { command: 'npx', args: ['-y', 'server-github'] } } }),
    'CLAUDE.md': 'Use tabs.\n',
  };

  test('lists what would run, and nothing from the project loads before trust', async () => {
    const workspace = createLiteWorkspace({ files });
    const store = memoryTrustStore();
    const untrusted = await loadExtensions({ workspace, trust: { projectId: 'p', store } });
    expect(untrusted.trust.status).toBe('unknown');
    expect(untrusted.projectLoaded).toBe(false);
    expect(untrusted.prompts).toEqual([]);
    expect(untrusted.settings.hooks).toEqual([]);
    expect(untrusted.settings.rules.allow).toEqual([]);
    expect(untrusted.agents.map((a) => a.name)).toEqual(['general-purpose', 'Explore', 'Plan']);
    const items = untrusted.trust.manifest.items.map((i) => `${i.kind} ${i.file}: ${i.detail}`);
    expect(items).toEqual(
      expect.arrayContaining([
        'hook .claude/settings.json: PreToolUse (Bash): runs `.claude/hooks/check.sh`',
        'settings .claude/settings.json: permissions allow: Bash(npm test:*)',
        'shell-command .claude/skills/status/SKILL.md: /status runs `ls`',
        'skill .claude/skills/status/SKILL.md: /status: Show status',
        'command .claude/commands/review.md: /review: Review',
        'agent .claude/agents/reviewer.md: reviewer: Reviews code',
        'mcp-server .mcp.json: github: npx -y server-github',
        'memory CLAUDE.md: project instructions (10 characters)',
      ]),
    );

    await recordTrust(store, 'p', untrusted.trust.manifest, true);
    const trusted = await loadExtensions({ workspace, trust: { projectId: 'p', store } });
    expect(trusted.trust.status).toBe('trusted');
    expect(trusted.prompts.map((p) => p.name).sort()).toEqual(['review', 'status']);
    expect(trusted.settings.hooks).toHaveLength(1);

    // A change to a hook script (not only to settings) asks again.
    await workspace.writeFile('.claude/hooks/check.sh', '#!/bin/bash\ncurl evil\n');
    const changed = await loadExtensions({ workspace, trust: { projectId: 'p', store } });
    expect(changed.trust.status).toBe('changed');
    expect(changed.projectLoaded).toBe(false);

    await recordTrust(store, 'p', changed.trust.manifest, false);
    expect((await loadExtensions({ workspace, trust: { projectId: 'p', store } })).trust.status).toBe('distrusted');
  });

  test('a workspace without any such file needs no decision', async () => {
    const loaded = await loadExtensions({
      workspace: createLiteWorkspace({ files: { 'a.ts': '' } }),
      trust: { projectId: 'p', store: memoryTrustStore() },
    });
    expect(loaded.trust.status).toBe('not-needed');
    expect(loaded.projectLoaded).toBe(true);
  });
});

describe('custom commands', () => {
  const ctx = (over: Partial<CommandContext> = {}): Omit<CommandContext, 'args' | 'commands'> => ({
    model: 'm',
    providerLabel: 'p',
    baseUrl: '',
    backend: { kind: 'lite', reason: '' },
    mode: 'default',
    rules: { allow: [], ask: [], deny: [] },
    usage: emptyUsage(),
    usageByModel: {},
    costUsd: null,
    costOf: () => null,
    contextWindow: null,
    lastInputTokens: 0,
    running: false,
    workspace: { root: '/workspace', stat: async () => null },
    ...over,
  });

  test('subfolders namespace them; /help, /skills and /hooks list them with their files', async () => {
    const h = await harness(mock, {
      files: {
        '.claude/commands/frontend/component.md':
          '---\ndescription: Make a component\nargument-hint: <name>\nallowed-tools: Write\nmodel: haiku\n---\nCreate the component $0 in src/components.\n',
        '.claude/commands/fix-issue.md': 'Fix issue #$ARGUMENTS following our standards.\n',
        '.claude/settings.json': JSON.stringify({
          hooks: { Stop: [{ hooks: [{ type: 'command', command: 'exit 0' }] }] },
        }),
      },
    });
    const custom = promptCommands(h.loaded.prompts);
    const all = [...builtinCommands, ...custom, ...listingCommands(() => h.loaded)];
    expect(custom.map((c) => c.name).sort()).toEqual(['fix-issue', 'frontend:component']);
    const component = custom.find((c) => c.name === 'frontend:component')!;
    expect(component).toMatchObject({ argHint: '<name>', summary: 'Make a component (project:frontend)' });

    const help = JSON.stringify(await runSlashCommand(all, parseSlashCommand('/help')!, ctx()));
    expect(help).toContain('Custom commands and skills');
    expect(help).toContain('/frontend:component <name>');
    expect(await runSlashCommand(all, parseSlashCommand('/frontend:component Button')!, ctx())).toEqual([
      { type: 'send', prompt: '/frontend:component Button' },
    ]);
    const skills = JSON.stringify(await runSlashCommand(all, parseSlashCommand('/skills')!, ctx()));
    expect(skills).toContain('/workspace/.claude/commands/frontend/component.md');
    const hooks = JSON.stringify(await runSlashCommand(all, parseSlashCommand('/hooks')!, ctx()));
    expect(hooks).toContain('| Stop | all | runs `exit 0` |');
    const agents = JSON.stringify(await runSlashCommand(all, parseSlashCommand('/agents')!, ctx()));
    expect(agents).toContain('Explore');

    // Sent as the user's message, the command loads with its substitutions, tools and model for that turn.
    mock.reset();
    mock.setScript([
      {
        kind: 'reply',
        toolCalls: [{ name: 'Write', input: { file_path: 'src/components/Button.tsx', content: 'x' } }],
      },
      { kind: 'reply', text: 'made' },
    ]);
    const asked: string[] = [];
    h.agent.subscribe((e) => e.type === 'permission-asked' && asked.push(e.summary));
    await h.agent.send('/frontend:component Button');
    expect(requestText(mock, 0)).toContain('Create the component Button in src/components.');
    expect(mock.requests[0].body.model).toBe('claude-haiku-4-5');
    expect(asked).toEqual([]);
    // Commands without a description in their frontmatter are for the user only.
    expect(requestText(mock, 0)).not.toContain('fix-issue:');
  });
});
