// A project folder written the way Claude Code's documentation and public repositories write
// their `.claude/` files (shell hooks reading stdin with jq, "$CLAUDE_PROJECT_DIR" paths, skills
// with files beside them, namespaced commands, an agent with a tool list): it loads without a
// problem and behaves as in Claude Code.
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { promptCommands } from '../../src/agent/extensions/commands/prompt-commands';
import { agentsListing, hooksListing, skillsListing } from '../../src/agent/extensions/listings';
import { startMockProvider, type MockProvider } from '../fixtures/mock-provider';
import { folderFiles, harness, ofType, requestText } from './harness';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const project = () => folderFiles(join(import.meta.dirname, '../fixtures/claude-project'));

test('the project loads with no problems and the listings show each piece with its file', async () => {
  const h = await harness(mock, { files: project() });
  expect(h.loaded.notices).toEqual([]);
  expect(h.loaded.prompts.map((p) => `${p.kind} ${p.name}`).sort()).toEqual([
    'command frontend:component',
    'command review',
    'skill changelog',
  ]);
  expect(h.loaded.agents.map((a) => a.name)).toEqual(['code-reviewer', 'general-purpose', 'Explore', 'Plan']);
  expect(h.loaded.settings.hooks.map((x) => x.event)).toEqual([
    'SessionStart',
    'UserPromptSubmit',
    'PreToolUse',
    'PostToolUse',
  ]);
  expect(h.loaded.settings.rules.allow).toEqual([
    'Bash(npm run lint)',
    'Bash(git diff:*)',
    'Read(./src/**)',
    'Bash(ls:*)',
  ]);
  expect(skillsListing(h.loaded)).toContain('| `/changelog` |');
  expect(agentsListing(h.loaded)).toContain('| code-reviewer | Expert code reviewer.');
  expect(hooksListing(h.loaded)).toContain(
    '| PreToolUse | `Bash` | runs `"$CLAUDE_PROJECT_DIR"/.claude/hooks/block-dangerous.sh` (timeout 10 s) |',
  );
  expect(promptCommands(h.loaded.prompts).map((c) => c.summary)).toContain(
    'Create a React component with a test (project:frontend)',
  );
});

test('hooks, skills, commands and the agent behave as in Claude Code', async () => {
  const h = await harness(mock, { files: project(), agent: { mode: 'acceptEdits' } });
  await h.session.sessionStarted('startup');
  mock.setScript([
    { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'rm -rf src' } }] },
    {
      kind: 'reply',
      toolCalls: [{ name: 'Write', input: { file_path: '/workspace/src/util.ts', content: 'export const x = 1;\n' } }],
    },
    { kind: 'reply', toolCalls: [{ name: 'Skill', input: { skill: 'changelog', args: '1.2.0' } }] },
    {
      kind: 'reply',
      toolCalls: [
        {
          name: 'Agent',
          input: { description: 'Review util', prompt: 'REVIEW-UTIL src/util.ts', subagent_type: 'code-reviewer' },
        },
      ],
    },
    { kind: 'reply', match: 'REVIEW-UTIL', text: 'No problems found.' },
    { kind: 'reply', text: 'All done.' },
  ]);
  expect(await h.agent.send('tidy the project')).toBe('done');

  // SessionStart's plain stdout and the UserPromptSubmit hook's JSON (built with jq) are context.
  const first = requestText(mock, 0);
  expect(first).toContain('Reminder: this repo uses tabs and strict TypeScript.');
  expect(first).toContain('Open TODOs in src: 1');
  // The PreToolUse script blocked rm -rf with its reason; src is intact.
  const [rm, write, skill, agent] = ofType(h.events, 'tool-result');
  expect(rm.content).toContain("Blocked by project policy: 'rm -rf src' deletes recursively.");
  expect(await h.workspace.readText('src/app.ts')).toContain('export function add');
  // The PostToolUse script logged the write, using the settings' env.
  expect(write.isError).toBe(false);
  expect(await h.workspace.readText('.claude/edits.log')).toBe('Write /workspace/src/util.ts\n');
  // The skill: arguments, ${CLAUDE_SKILL_DIR} and its !`ls src` (allowed by its allowed-tools).
  expect(skill.content).toContain('Write the changelog entry for version 1.2.0.');
  expect(skill.content).toContain('1. Look at what is in the source folder: app.ts\nutil.ts');
  expect(skill.content).toContain('/workspace/.claude/skills/changelog/template.md');
  // The custom agent: its tools and model.
  expect(agent.content).toBe('No problems found.');
  const child = mock.requests.find(
    (r) => r.body.system && JSON.stringify(r.body.system).includes('code-reviewer subagent'),
  )!;
  expect(child.body.model).toBe('claude-haiku-4-5');
  expect(child.body.tools.map((t: { name: string }) => t.name).sort()).toEqual(['Glob', 'Grep', 'Read']);

  // A command with @file and allowed-tools, typed by the user.
  mock.reset();
  mock.setScript([{ kind: 'reply', text: 'Reviewed.' }]);
  await h.agent.send('/review src/app.ts');
  const review = requestText(mock, 0);
  expect(review).toContain('Review @src/app.ts for bugs');
  expect(review).toContain('Contents of src/app.ts:');
  expect(review).toContain('// TODO: overflow');
});
