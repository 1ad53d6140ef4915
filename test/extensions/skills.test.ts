import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { parseSkill } from '../../src/agent/extensions/skills/skill-file';
import { skillListing } from '../../src/agent/extensions/skills/skill-listing';
import { expandPrompt, splitArguments, substituteArguments } from '../../src/agent/extensions/skills/substitutions';
import { startMockProvider, type MockProvider } from '../fixtures/mock-provider';
import { harness, ofType, requestText } from './harness';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const skill = (front: string, body = 'Do the thing.') => `---\n${front}\n---\n${body}\n`;

describe('SKILL.md frontmatter', () => {
  test('reads every field Claude Code reads', async () => {
    const { skill: s, notices } = await parseSkill({
      text: skill(
        [
          'name: pdf-forms',
          'description: >',
          '  Fill PDF forms. Use when the user',
          '  mentions a form.',
          'allowed-tools: Read, Grep, Bash(git diff:*)',
          'disallowed-tools: [Write, Edit]',
          'argument-hint: [file] [field]',
          'model: haiku',
          'disable-model-invocation: true',
          'user-invocable: false',
          'context: fork',
          'agent: Explore',
          'arguments: [file, field]',
        ].join('\n'),
      ),
      file: '/workspace/.claude/skills/pdf-forms/SKILL.md',
      folderName: 'pdf-forms',
      dir: '/workspace/.claude/skills/pdf-forms',
      scope: 'project',
    });
    expect(s).toMatchObject({
      name: 'pdf-forms',
      description: 'Fill PDF forms. Use when the user mentions a form.',
      allowedTools: ['Read', 'Grep', 'Bash(git diff:*)'],
      disallowedTools: ['Write', 'Edit'],
      argumentHint: '[file] [field]',
      model: 'haiku',
      disableModelInvocation: true,
      userInvocable: false,
      context: 'fork',
      agent: 'Explore',
      argumentNames: ['file', 'field'],
    });
    // `[file] [field]` is not YAML, as Claude Code's docs write it; it still reads without a notice.
    expect(notices).toEqual([]);
  });

  test('defaults: the folder name, the first paragraph as description, invocable by both', async () => {
    const { skill: s } = await parseSkill({
      text: '# Release notes\n\nWrite release notes from the log.\n\nMore.',
      file: 'x',
      folderName: 'release-notes',
      scope: 'user',
    });
    expect(s).toMatchObject({
      name: 'release-notes',
      description: 'Release notes',
      disableModelInvocation: false,
      userInvocable: true,
    });
  });

  test('a bad name is replaced by the folder name, with a notice', async () => {
    const r = await parseSkill({
      text: skill('name: Bad Name!\ndescription: d'),
      file: 'f',
      folderName: 'good-one',
      scope: 'project',
    });
    expect(r.skill?.name).toBe('good-one');
    expect(r.notices[0].message).toMatch(/lowercase/);
  });
});

describe('substitutions', () => {
  const def = { argumentNames: ['first', 'second'], dir: '/workspace/.claude/skills/x' };

  test('$ARGUMENTS, $ARGUMENTS[N], $N (0-based, shell quoting), $name, ${CLAUDE_SKILL_DIR}, ${CLAUDE_SESSION_ID}', () => {
    const body =
      'all=$ARGUMENTS a0=$ARGUMENTS[0] n1=$1 first=$first second=$second dir=${CLAUDE_SKILL_DIR} s=${CLAUDE_SESSION_ID} n9=[$9]';
    expect(substituteArguments(body, def, '"my widget" React', 'sess')).toBe(
      'all="my widget" React a0=my widget n1=React first=my widget second=React dir=/workspace/.claude/skills/x s=sess n9=[]',
    );
    expect(splitArguments(`a 'b c' "d \\"e\\"" f\\ g`)).toEqual(['a', 'b c', 'd "e"', 'f g']);
  });

  test('arguments are appended when the body does not place them', () => {
    expect(substituteArguments('Review the code.', def, '42', 's')).toBe('Review the code.\n\nARGUMENTS: 42');
    expect(substituteArguments('Review the code.', def, '', 's')).toBe('Review the code.');
  });

  test('!`command` is replaced by what the runner returns, @file by the file (only files that exist)', async () => {
    const ran: string[] = [];
    const text = await expandPrompt(
      { ...def, body: 'Branch: !`git branch --show-current`\nSee @src/a.ts and @types/node.' },
      '',
      {
        sessionId: 's',
        runShell: async (c) => (ran.push(c), 'main'),
        readFile: async (p) => (p === 'src/a.ts' ? 'export const a = 1;\n' : null),
      },
    );
    expect(ran).toEqual(['git branch --show-current']);
    expect(text).toContain('Branch: main');
    expect(text).toContain('Contents of src/a.ts:\n```\nexport const a = 1;\n```');
    expect(text).toContain('@types/node');
  });
});

describe('progressive loading', () => {
  test('only names and descriptions stay within a fixed budget', () => {
    const defs = Array.from({ length: 200 }, (_, i) => ({
      kind: 'skill' as const,
      name: `skill-${i}`,
      description: 'x'.repeat(400),
      scope: 'project' as const,
      file: 'f',
      body: 'BODY',
      argumentNames: [],
      allowedTools: [],
      disallowedTools: [],
      disableModelInvocation: i === 0,
      userInvocable: true,
      shellCommands: [],
    }));
    const listing = skillListing(defs);
    expect(listing.length).toBeLessThanOrEqual(8_000);
    expect(listing).not.toContain('skill-0:'); // user-only skills are not offered to the model
    expect(listing).toContain('skill-1:');
    expect(listing).not.toContain('BODY');
    expect(listing).toMatch(/more not listed/);
  });

  test("a skill's body is absent from requests until the model calls Skill, then present", async () => {
    const h = await harness(mock, {
      files: {
        '.claude/skills/haiku-poem/SKILL.md': skill(
          'name: haiku-poem\ndescription: Write a haiku about code',
          'SECRET-BODY-MARKER: count syllables 5-7-5 for $ARGUMENTS.',
        ),
        '.claude/skills/haiku-poem/examples.md': 'an example',
      },
    });
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Skill', input: { skill: 'haiku-poem', args: 'tests' } }] },
      { kind: 'reply', text: 'Tests pass / green lights' },
    ]);
    expect(await h.agent.send('write a poem about tests')).toBe('done');
    expect(requestText(mock, 0)).toContain('haiku-poem: Write a haiku about code');
    expect(requestText(mock, 0)).not.toContain('SECRET-BODY-MARKER');
    expect(requestText(mock, 1)).toContain('SECRET-BODY-MARKER: count syllables 5-7-5 for tests.');
    // The base directory is named, so files beside SKILL.md are read on demand.
    expect(requestText(mock, 1)).toContain('/workspace/.claude/skills/haiku-poem');
    expect(requestText(mock, 1)).not.toContain('an example');
  });

  test('the model cannot invoke a skill with disable-model-invocation; the user can, with /name args', async () => {
    const h = await harness(mock, {
      files: {
        '.claude/skills/deploy/SKILL.md': skill(
          'description: Deploy\ndisable-model-invocation: true',
          'DEPLOY-BODY to $0',
        ),
      },
    });
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Skill', input: { skill: 'deploy' } }] },
      { kind: 'reply', text: 'ok' },
    ]);
    await h.agent.send('deploy it');
    expect(requestText(mock, 0)).not.toContain('deploy: Deploy');
    // Nothing the model may invoke, so Claude Code's Skill tool is not offered at all.
    const offered = (mock.requests[0].body as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(offered).not.toContain('Skill');
    expect(ofType(h.events, 'tool-result')[0]).toMatchObject({ isError: true });

    mock.reset();
    mock.setScript([{ kind: 'reply', text: 'deployed' }]);
    await h.agent.send('/deploy staging');
    expect(requestText(mock, 0)).toContain('DEPLOY-BODY to staging');
    expect(ofType(h.events, 'context-added').at(-1)).toMatchObject({ source: 'skill', label: '/deploy' });
  });
});

describe('allowed-tools and disallowed-tools while a skill is active', () => {
  test('allowed tools run without asking; disallowed ones are refused; both end with the turn', async () => {
    const asked: string[] = [];
    const h = await harness(mock, {
      files: {
        '.claude/skills/notes/SKILL.md': skill(
          'description: Keep notes\nallowed-tools: Write\ndisallowed-tools: Bash(rm:*)',
          'Write notes.',
        ),
      },
      answer: (e) => (asked.push(e.summary), { decision: 'allow-once' }),
    });
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Skill', input: { skill: 'notes' } }] },
      {
        kind: 'reply',
        toolCalls: [
          { name: 'Write', input: { file_path: '/workspace/notes.md', content: 'hi' } },
          { name: 'Bash', input: { command: 'rm notes.md' } },
        ],
      },
      { kind: 'reply', text: 'done' },
      { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: '/workspace/later.md', content: 'x' } }] },
      { kind: 'reply', text: 'done' },
    ]);
    await h.agent.send('take notes');
    const [, write, rm] = ofType(h.events, 'tool-result');
    expect(write.isError).toBe(false);
    expect(rm).toMatchObject({ isError: true, content: expect.stringMatching(/denied by the rule Bash\(rm:\*\)/) });
    expect(asked).toEqual([]);
    expect(await h.workspace.readText('notes.md')).toBe('hi');
    // A new turn without the skill asks again.
    await h.agent.send('one more');
    expect(asked).toEqual(['Write /workspace/later.md']);
  });

  test('!`command` in a user-invoked skill goes through the permission dialog, and a refusal is what the model sees', async () => {
    const asked: string[] = [];
    const h = await harness(mock, {
      files: {
        '.claude/skills/status/SKILL.md': skill('description: Status', 'Files: !`ls` Removed: !`rm -f a.txt`'),
        'a.txt': 'keep',
      },
      answer: (e) => (asked.push(e.summary), { decision: 'deny' }),
    });
    mock.setScript([{ kind: 'reply', text: 'ok' }]);
    await h.agent.send('/status');
    expect(asked).toEqual(['Bash: rm -f a.txt (for /status)']);
    expect(requestText(mock, 0)).toContain('Files: a.txt');
    expect(requestText(mock, 0)).toContain('was not run: the user declined it');
    expect(await h.workspace.readText('a.txt')).toBe('keep');
  });
});
