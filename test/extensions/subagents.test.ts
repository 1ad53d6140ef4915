import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { AgentEvent } from '../../src/agent/events';
import { replayEvents } from '../../src/agent/transcript';
import type { WorktreeReview } from '../../src/agent/extensions/subagents/worktree-review';
import { startMockProvider, type MockProvider } from '../fixtures/mock-provider';
import { harness, ofType, waitFor } from './harness';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const agentCall = (prompt: string, extra: Record<string, unknown> = {}) => ({
  name: 'Agent',
  input: { description: prompt.slice(0, 20), prompt, ...extra },
});

/** Every tool call in the stream (the parent's and, unwrapped, each subagent's) and whether it got a result. */
function unanswered(events: AgentEvent[]): string[] {
  const calls = new Set<string>();
  const walk = (list: AgentEvent[]) => {
    for (const e of list) {
      if (e.type === 'tool-call') calls.add(e.callId);
      if (e.type === 'tool-result') calls.delete(e.callId);
      if (e.type === 'subagent-event') walk([e.event]);
    }
  };
  walk(events);
  return [...calls];
}

describe('the Agent tool', () => {
  test('two Agent calls in one step run concurrently, each with its own transcript, and replay rebuilds both', async () => {
    const h = await harness(mock);
    mock.setScript([
      { kind: 'reply', toolCalls: [agentCall('TASK-A: count the files'), agentCall('TASK-B: list the folders')] },
      // Each child's answer waits until all three requests (parent + both children) have arrived:
      // run one after the other, the first child would wait forever.
      { kind: 'reply', match: 'TASK-A', text: 'Answer A: 3 files', waitForRequests: 3 },
      { kind: 'reply', match: 'TASK-B', text: 'Answer B: 2 folders', waitForRequests: 3 },
      { kind: 'reply', text: 'Both subagents reported.' },
    ]);
    expect(await h.agent.send('survey the repo')).toBe('done');

    const [a, b] = [mock.requests[1], mock.requests[2]];
    expect(Math.max(a.receivedAt, b.receivedAt)).toBeLessThanOrEqual(Math.min(a.answeredAt!, b.answeredAt!));
    const results = ofType(h.events, 'tool-result');
    expect(results.map((r) => r.content).sort()).toEqual(['Answer A: 3 files', 'Answer B: 2 folders']);

    const subagents = replayEvents(h.events).subagents!;
    const transcripts = Object.values(subagents).map((s) => JSON.stringify(s.state.messages));
    expect(transcripts).toHaveLength(2);
    const ta = transcripts.find((t) => t.includes('TASK-A'))!;
    expect(ta).toContain('Answer A');
    expect(ta).not.toContain('TASK-B');
    // The parent's own transcript holds only the tool results, and replay gives exactly it.
    expect(replayEvents(h.events).messages).toEqual(h.agent.messages);
    expect(JSON.stringify(h.agent.messages)).not.toContain('# Your role');
    // The child was told its role; the parent's conversation is not in its request.
    expect(JSON.stringify(a.body.system)).toContain('general-purpose subagent');
    expect(JSON.stringify(a.body.messages)).not.toContain('survey the repo');
    expect(a.body.tools.map((t: { name: string }) => t.name)).not.toContain('Agent');
    // Each has its own cost.
    for (const ended of ofType(h.events, 'subagent-ended')) {
      expect(ended.usage.outputTokens).toBeGreaterThan(0);
      expect(ended.costUsd).toBeGreaterThan(0);
    }
    expect(Object.values(subagents).every((s) => s.status === 'done')).toBe(true);
    // The session's cost includes the subagents'; the context meter counts only the parent's requests.
    const usages = h.events.flatMap((e) =>
      e.type === 'usage' ? [e] : e.type === 'subagent-event' && e.event.type === 'usage' ? [e.event] : [],
    );
    expect(usages).toHaveLength(4);
    expect(h.agent.totalUsage.outputTokens).toBe(usages.reduce((n, u) => n + u.usage.outputTokens, 0));
    const lastOwn = ofType(h.events, 'usage').at(-1)!.usage;
    expect(h.agent.lastInputTokens).toBe(lastOwn.inputTokens + lastOwn.cacheReadTokens + lastOwn.cacheWriteTokens);
  });

  test('abort during a subagent stops it and every tool call, parent and child, gets a result', async () => {
    const h = await harness(mock, { agent: { mode: 'bypassPermissions' } });
    mock.setScript([
      { kind: 'reply', toolCalls: [agentCall('SLOW-TASK')] },
      {
        kind: 'reply',
        match: 'SLOW-TASK',
        toolCalls: [{ name: 'Bash', input: { command: 'echo started; sleep 5; echo never' } }],
      },
      { kind: 'reply', text: 'unused' },
    ]);
    const turn = h.agent.send('go');
    await waitFor(
      () => h.events.some((e) => e.type === 'subagent-event' && e.event.type === 'tool-call'),
      'the subagent to call Bash',
    );
    h.agent.abort();
    expect(await turn).toBe('aborted');
    expect(unanswered(h.events)).toEqual([]);
    const parentResult = ofType(h.events, 'tool-result')[0];
    expect(parentResult.interrupted).toBe(true);
    const ended = ofType(h.events, 'subagent-ended')[0];
    expect(ended.reason).toBe('aborted');
    // The next turn is a valid request.
    mock.setScript([{ kind: 'reply', text: 'fresh' }]);
    expect(await h.agent.send('again')).toBe('done');
  });

  test("a subagent's permission ask goes to the parent's dialog, labelled with its name, and the answer reaches it", async () => {
    const asks: Extract<AgentEvent, { type: 'permission-asked' }>[] = [];
    const h = await harness(mock, { answer: (e) => (asks.push(e), { decision: 'allow-once' }) });
    mock.setScript([
      { kind: 'reply', toolCalls: [agentCall('WRITE-TASK')] },
      { kind: 'reply', match: 'WRITE-TASK', toolCalls: [{ name: 'Bash', input: { command: 'echo hi > out.txt' } }] },
      { kind: 'reply', match: 'WRITE-TASK', text: 'wrote it' },
      { kind: 'reply', text: 'ok' },
    ]);
    await h.agent.send('go');
    expect(asks).toHaveLength(1);
    expect(asks[0].agent).toMatchObject({ name: 'general-purpose' });
    expect((await h.workspace.readText('out.txt')).trim()).toBe('hi');
  });

  test('Explore uses the fast model and only reading tools; an unknown type is an error naming the types', async () => {
    const h = await harness(mock);
    mock.setScript([
      {
        kind: 'reply',
        toolCalls: [agentCall('EXPLORE-TASK', { subagent_type: 'Explore' }), agentCall('x', { subagent_type: 'Nope' })],
      },
      { kind: 'reply', match: 'EXPLORE-TASK', text: 'found it' },
      { kind: 'reply', text: 'ok' },
    ]);
    await h.agent.send('find');
    const child = mock.requests.find(
      (r) => JSON.stringify(r.body.messages).includes('EXPLORE-TASK') && r !== mock.requests[0],
    )!;
    expect(child.body.model).toBe('claude-haiku-4-5');
    const tools = child.body.tools.map((t: { name: string }) => t.name);
    expect(tools).toEqual(expect.arrayContaining(['Read', 'Grep', 'Glob']));
    expect(tools).not.toContain('Write');
    expect(tools).not.toContain('Edit');
    const bad = ofType(h.events, 'tool-result').find((r) => r.isError)!;
    expect(bad.content).toMatch(/Unknown subagent_type "Nope"\. Available: general-purpose, Explore, Plan/);
  });

  test('a background agent returns at once and its report reaches the model in the next turn', async () => {
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const h = await harness(mock, { deps: { onBackgroundDone: () => done() } });
    mock.setScript([
      { kind: 'reply', toolCalls: [agentCall('BG-TASK', { run_in_background: true })] },
      { kind: 'reply', text: 'started it' },
      { kind: 'reply', match: 'BG-TASK', text: 'BG-REPORT: all green', waitForRequests: 3 },
    ]);
    await h.agent.send('start the checks');
    expect(ofType(h.events, 'tool-result')[0].content).toMatch(/in the background/);
    await finished;
    mock.setScript([{ kind: 'reply', text: 'noted' }]);
    await h.agent.send('anything new?');
    expect(JSON.stringify(mock.requests.at(-1)!.body.messages)).toContain('BG-REPORT: all green');
  });
});

describe('custom agents and forked skills', () => {
  test('a .claude/agents type gets its tools, preloaded skills and turn limit; a context: fork skill runs in its agent', async () => {
    const h = await harness(mock, {
      files: {
        '.claude/agents/doc-writer.md':
          '---\nname: doc-writer\ndescription: Writes docs\ntools: Read, Grep\nskills: style-guide\nmaxTurns: 1\npermissionMode: bypassPermissions\n---\nYou write documentation.\n',
        '.claude/skills/style-guide/SKILL.md': '---\ndescription: House style\n---\nSTYLE-BODY: short sentences.\n',
        '.claude/skills/audit/SKILL.md':
          '---\ndescription: Audit the code\ncontext: fork\nagent: doc-writer\n---\nFORK-BODY: audit $ARGUMENTS\n',
      },
    });
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Skill', input: { skill: 'audit', args: 'src' } }] },
      { kind: 'reply', match: 'FORK-BODY', toolCalls: [{ name: 'Read', input: { file_path: 'x' } }] },
      { kind: 'reply', text: 'parent done' },
    ]);
    await h.agent.send('audit please');
    const child = mock.requests.find((r) => JSON.stringify(r.body.messages).includes('FORK-BODY: audit src'))!;
    expect(JSON.stringify(child.body.system)).toContain('You write documentation.');
    expect(JSON.stringify(child.body.system)).toContain('STYLE-BODY: short sentences.');
    expect(child.body.tools.map((t: { name: string }) => t.name).sort()).toEqual(['Grep', 'Read']);
    // maxTurns 1: the child stops after its first step; the Skill result says so.
    const ended = ofType(h.events, 'subagent-ended')[0];
    expect(ended.reason).toBe('max-turns');
    expect(ofType(h.events, 'tool-result')[0].content).toMatch(/turn limit/);
    // permissionMode cannot raise the parent's default mode.
    const sub = Object.values(replayEvents(h.events).subagents!)[0];
    expect(sub.state.mode).toBe('default');
  });

  test('Task is the Agent tool by its older name; Stop with no turn running stops background agents', async () => {
    const h = await harness(mock);
    mock.setScript([
      {
        kind: 'reply',
        toolCalls: [{ name: 'Task', input: { description: 'bg', prompt: 'HOLD-TASK', run_in_background: true } }],
      },
      { kind: 'reply', text: 'started' },
      { kind: 'reply', match: 'HOLD-TASK', text: 'never finishes', holdOpen: true },
    ]);
    await h.agent.send('go');
    expect(ofType(h.events, 'tool-result')[0]).toMatchObject({ name: 'Task', isError: false });
    await waitFor(
      () => mock.requests.some((r) => JSON.stringify(r.body.messages).includes('HOLD-TASK') && r !== mock.requests[0]),
      'the background request',
    );
    h.agent.abort();
    await waitFor(() => ofType(h.events, 'subagent-ended').length === 1, 'the background agent to end');
    expect(ofType(h.events, 'subagent-ended')[0].reason).toBe('aborted');
    expect(unanswered(h.events)).toEqual([]);
  });
});

describe('isolation: worktree', () => {
  const files = { 'a.txt': 'one\ntwo\nthree\nfour\nfive\n', 'b.txt': 'B\n' };
  const childSteps = [
    {
      kind: 'reply' as const,
      match: 'WT-TASK',
      toolCalls: [
        { name: 'Read', input: { file_path: 'a.txt' } },
        { name: 'Read', input: { file_path: 'b.txt' } },
      ],
    },
    {
      kind: 'reply' as const,
      match: 'WT-TASK',
      toolCalls: [
        { name: 'Edit', input: { file_path: 'a.txt', old_string: 'one', new_string: 'ONE' } },
        { name: 'Write', input: { file_path: 'b.txt', content: 'B from the subagent\n' } },
        { name: 'Write', input: { file_path: 'c.txt', content: 'new file\n' } },
      ],
    },
    { kind: 'reply' as const, match: 'WT-TASK', text: 'edited three files' },
  ];

  test('changes apply on approval, merged with main-tree edits; a real conflict is reported and nothing is lost', async () => {
    let review: WorktreeReview | undefined;
    let mainDuringRun: string[] = [];
    const h = await harness(mock, {
      files,
      agent: { mode: 'bypassPermissions' },
      deps: {
        approveWorktree: async (r) => {
          review = r;
          mainDuringRun = h.workspace.tree.listFiles();
          // The user edited the main tree meanwhile: a far line of a.txt, and all of b.txt.
          h.workspace.tree.writeFile('a.txt', 'one\ntwo\nthree\nfour\nFIVE\n');
          h.workspace.tree.writeFile('b.txt', 'B from the user\n');
          return { apply: 'all' };
        },
      },
    });
    mock.setScript([
      { kind: 'reply', toolCalls: [agentCall('WT-TASK', { isolation: 'worktree' })] },
      ...childSteps,
      { kind: 'reply', text: 'ok' },
    ]);
    await h.agent.send('edit in isolation');
    expect(mainDuringRun).not.toContain('/workspace/c.txt');
    expect(review!.changes.map((c) => [c.path, c.kind])).toEqual([
      ['/workspace/a.txt', 'modified'],
      ['/workspace/b.txt', 'modified'],
      ['/workspace/c.txt', 'added'],
    ]);
    expect(review!.changes[0].diff).toContain('+ONE');
    expect(await h.workspace.readText('a.txt')).toBe('ONE\ntwo\nthree\nfour\nFIVE\n');
    expect(await h.workspace.readText('c.txt')).toBe('new file\n');
    expect(await h.workspace.readText('b.txt')).toBe('B from the user\n');
    const reviewed = ofType(h.events, 'worktree-reviewed')[0];
    expect(reviewed.changes.map((c) => c.status)).toEqual(['merged', 'conflict', 'applied']);
    expect(reviewed.changes[1].content).toBe('B from the subagent\n');
    const result = ofType(h.events, 'tool-result').find((r) => r.name === 'Agent')!;
    expect(result.content).toMatch(/Conflicts .*b\.txt/);
    expect(h.session.pendingWorktrees()[0].changes.map((c) => c.path)).toEqual(['/workspace/b.txt']);
  });

  test('declined changes stay pending and can be applied later', async () => {
    const h = await harness(mock, {
      files,
      agent: { mode: 'bypassPermissions' },
      deps: { approveWorktree: async () => ({ apply: 'none' }) },
    });
    mock.setScript([
      { kind: 'reply', toolCalls: [agentCall('WT-TASK', { isolation: 'worktree' })] },
      ...childSteps,
      { kind: 'reply', text: 'ok' },
    ]);
    await h.agent.send('edit in isolation');
    expect(await h.workspace.readText('a.txt')).toBe(files['a.txt']);
    expect(h.workspace.tree.has('c.txt')).toBe(false);
    const [pending] = h.session.pendingWorktrees();
    const records = h.session.applyPendingWorktree(pending.review.agentId, { apply: ['c.txt'] });
    expect(records.find((r) => r.path === '/workspace/c.txt')?.status).toBe('applied');
    expect(await h.workspace.readText('c.txt')).toBe('new file\n');
  });
});
