import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { Agent } from '../src/agent/agent';
import type { AgentEvent, PermissionAnswer } from '../src/agent/events';
import { replayEvents } from '../src/agent/transcript';
import { createProvider } from '../src/providers/create-provider';
import type { WireFormat } from '../src/providers/types';
import { defineTool } from '../src/tools/define-tool';
import { builtinTools } from '../src/tools/index';
import type { Tool } from '../src/tools/types';
import { createLiteWorkspace } from '../src/workspace/lite-workspace';
import type { Workspace } from '../src/workspace/types';
import { startMockProvider, type MockProvider, type ScriptStep } from './fixtures/mock-provider';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

const KEY = 'sk-test-agent-task';

function providerFor(format: WireFormat) {
  return createProvider({
    preset: format === 'anthropic' ? 'anthropic' : 'custom',
    format,
    baseUrl: format === 'anthropic' ? mock.url : `${mock.url}/v1`,
    apiKey: KEY,
    model: format === 'anthropic' ? 'claude-haiku-4-5' : 'gpt-4.1',
    retryBaseDelayMs: 5,
  });
}

interface Harness {
  agent: Agent;
  workspace: Workspace;
  events: AgentEvent[];
}

function harness(
  format: WireFormat,
  options: {
    answer?: (e: Extract<AgentEvent, { type: 'permission-asked' }>) => PermissionAnswer;
    tools?: Tool[];
  } & Partial<ConstructorParameters<typeof Agent>[0]> = {},
): Harness {
  const workspace = options.workspace ?? createLiteWorkspace();
  const agent = new Agent({
    workspace,
    provider: providerFor(format),
    tools: options.tools ?? builtinTools,
    mode: options.mode,
    rules: options.rules,
  });
  const events: AgentEvent[] = [];
  agent.subscribe((event) => {
    events.push(event);
    if (event.type === 'permission-asked') {
      const answer = options.answer ? options.answer(event) : ({ decision: 'allow-once' } as const);
      queueMicrotask(() => agent.answerPermission(event.callId, answer));
    }
  });
  return { agent, workspace, events };
}

const results = (events: AgentEvent[]) =>
  events.filter((e): e is Extract<AgentEvent, { type: 'tool-result' }> => e.type === 'tool-result');
const text = (events: AgentEvent[]) =>
  events
    .filter((e): e is Extract<AgentEvent, { type: 'text-delta' }> => e.type === 'text-delta')
    .map((e) => e.text)
    .join('');

const fullTask: ScriptStep[] = [
  {
    kind: 'reply',
    text: 'I will write the notes first.',
    toolCalls: [{ name: 'Write', input: { file_path: '/workspace/notes.txt', content: 'apple\nbanana\ncherry\n' } }],
  },
  {
    kind: 'reply',
    toolCalls: [{ name: 'Bash', input: { command: 'cat notes.txt | grep an | wc -l > count.txt && cat count.txt' } }],
  },
  {
    kind: 'reply',
    toolCalls: [{ name: 'Edit', input: { file_path: 'notes.txt', old_string: 'banana', new_string: 'blueberry' } }],
  },
  { kind: 'reply', toolCalls: [{ name: 'Grep', input: { pattern: 'berry', output_mode: 'content' } }] },
  { kind: 'reply', toolCalls: [{ name: 'Read', input: { file_path: '/workspace/notes.txt' } }] },
  { kind: 'reply', text: 'Done: one line matched and banana is now blueberry.' },
];

describe.each(['anthropic', 'openai'] as const)('over the %s wire format', (format) => {
  test('tool results carry typed details for the UI that never reach the model; a tool named in the wrong case runs', async () => {
    const todos = [{ content: 'Fix the typo', status: 'in_progress', activeForm: 'Fixing the typo' }];
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'notes.txt', content: 'one\nteh two\n' } }] },
      {
        kind: 'reply',
        toolCalls: [{ name: 'edit', input: { file_path: 'notes.txt', old_string: 'teh', new_string: 'the' } }],
      },
      { kind: 'reply', toolCalls: [{ name: 'TodoWrite', input: { todos } }] },
      { kind: 'reply', text: 'Fixed.' },
    ]);
    const { agent, events } = harness(format);
    expect(await agent.send('fix the typo')).toBe('done');
    const [write, edit, todo] = results(events);
    expect(write.details).toEqual({ kind: 'write', path: 'notes.txt', created: true, bytes: 12, lines: 2 });
    expect(edit.isError).toBe(false);
    expect(edit.details).toMatchObject({
      kind: 'edit',
      path: 'notes.txt',
      hunks: [{ oldStart: 1, newStart: 1, lines: [' one', '-teh two', '+the two'] }],
    });
    expect(todo.details).toEqual({ kind: 'todos', todos });
    expect(events).toContainEqual({ type: 'todos-updated', turnId: todo.turnId, todos });
    // The model read `content` only.
    const sent = JSON.stringify(mock.requests.map((r) => r.body.messages));
    expect(sent).toContain('Edited notes.txt');
    expect(sent).not.toContain('hunks');
    expect(sent).not.toContain('"kind":"write"');
    expect(replayEvents(events).messages).toEqual(agent.messages);
  });

  test('a scripted write → pipeline → edit → grep → read task completes with real files', async () => {
    mock.setScript(fullTask);
    const { agent, workspace, events } = harness(format);
    const reason = await agent.send('Make a notes file, count lines with "an", rename banana, then check.');
    expect(reason).toBe('done');

    expect(await workspace.readText('notes.txt')).toBe('apple\nblueberry\ncherry\n');
    expect((await workspace.readText('count.txt')).trim()).toBe('1');
    const [write, bash, edit, grep, read] = results(events);
    expect(write.isError).toBe(false);
    expect(bash.content).toContain('1');
    expect(edit.isError).toBe(false);
    expect(grep.content).toContain('notes.txt:2:blueberry');
    expect(read.content).toMatch(/^\s+2\tblueberry$/m);
    expect(text(events)).toContain('banana is now blueberry');
    // The text streamed in more than one piece.
    expect(events.filter((e) => e.type === 'text-delta').length).toBeGreaterThan(2);

    // Every result went back to the model in the next request, in the provider's own shape.
    expect(mock.requests.filter((r) => r.format === format)).toHaveLength(6);
    const lastBody = mock.requests[5].body;
    const serialized = JSON.stringify(lastBody.messages);
    if (format === 'anthropic') expect(serialized).toContain('"type":"tool_result"');
    else expect(lastBody.messages.filter((m: { role: string }) => m.role === 'tool')).toHaveLength(5);
    expect(serialized).toContain('blueberry');
    // The key went in the provider's auth header.
    const auth =
      format === 'anthropic'
        ? (mock.requests[0].headers['x-api-key'] ?? mock.requests[0].headers.authorization)
        : mock.requests[0].headers.authorization;
    expect(auth).toContain(KEY);

    // The event stream alone rebuilds the transcript the agent holds.
    expect(replayEvents(events).messages).toEqual(agent.messages);
    expect(agent.messages.map((m) => m.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(agent.totalUsage.outputTokens).toBeGreaterThan(0);
  });

  test('malformed tool JSON, an unknown tool and a bad field become error results and the loop goes on', async () => {
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Read', rawArgs: '{"file_path": "/workspace/a.txt"' }] },
      { kind: 'reply', toolCalls: [{ name: 'Teleport', input: { where: 'moon' } }] },
      { kind: 'reply', toolCalls: [{ name: 'Edit', input: { file_path: 'a.txt', new_string: 'x' } }] },
      { kind: 'reply', text: 'Recovered.' },
    ]);
    const { agent, events } = harness(format);
    expect(await agent.send('go')).toBe('done');
    const [badJson, unknown, badField] = results(events);
    expect(badJson.isError).toBe(true);
    expect(badJson.content).toMatch(/not valid JSON/);
    expect(unknown.content).toMatch(/No such tool: Teleport\. Available tools: .*Read/);
    expect(badField.content).toMatch(/Invalid input for Edit: old_string/);
    expect(text(events)).toContain('Recovered.');
  });

  test('abort mid-stream keeps the partial answer and the next turn is a valid request', async () => {
    mock.setScript([
      {
        kind: 'reply',
        text: 'This answer will never finish because the stream stays open',
        holdOpen: true,
        chunkDelayMs: 5,
      },
      { kind: 'reply', text: 'Fresh answer.' },
    ]);
    const { agent, events } = harness(format);
    const turn = agent.send('start');
    await waitFor(() => events.some((e) => e.type === 'text-delta'));
    agent.abort();
    expect(await turn).toBe('aborted');
    const partial = text(events);
    expect(partial.length).toBeGreaterThan(0);
    expect(agent.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: partial }] });

    expect(await agent.send('again')).toBe('done');
    expect(JSON.stringify(mock.requests[1].body.messages)).toContain(partial);
    expect(agent.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  test('abort mid-tool gives the running call an interrupted result that the next request carries', async () => {
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'echo started; sleep 5; echo never' } }] },
      { kind: 'reply', text: 'ok' },
    ]);
    const { agent, events } = harness(format, { mode: 'bypassPermissions' });
    const turn = agent.send('run it');
    await waitFor(() => events.some((e) => e.type === 'tool-call'));
    await new Promise((r) => setTimeout(r, 100));
    agent.abort();
    expect(await turn).toBe('aborted');
    const [result] = results(events);
    expect(result.interrupted).toBe(true);
    expect(result.content).toMatch(/interrupted/i);

    expect(await agent.send('continue')).toBe('done');
    const body = JSON.stringify(mock.requests[1].body.messages);
    expect(body).toMatch(/interrupted/i);
  });

  test('a denied permission is reported to the model with the user message and nothing is written', async () => {
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'secret.txt', content: 'x' } }] },
      { kind: 'reply', text: 'Understood.' },
    ]);
    const { agent, workspace, events } = harness(format, {
      answer: () => ({ decision: 'deny', message: 'not that file' }),
    });
    expect(await agent.send('write it')).toBe('done');
    expect(await workspace.stat('secret.txt')).toBeNull();
    const [result] = results(events);
    expect(result.isError).toBe(true);
    expect(result.content).toContain('not that file');
    expect(events.some((e) => e.type === 'permission-asked')).toBe(true);
  });

  test('plan mode refuses writes and tells the model to present its plan', async () => {
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'plan.txt', content: 'x' } }] },
      { kind: 'reply', text: 'Here is my plan.' },
    ]);
    const { agent, workspace, events } = harness(format, { mode: 'plan' });
    expect(await agent.send('do it')).toBe('done');
    expect(await workspace.stat('plan.txt')).toBeNull();
    expect(results(events)[0].content).toMatch(/plan/i);
    expect(events.some((e) => e.type === 'permission-asked')).toBe(false);
  });

  test('"always allow" adds a rule so the same command prefix is not asked again', async () => {
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'touch one.txt' } }] },
      { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'touch two.txt' } }] },
      { kind: 'reply', text: 'done' },
    ]);
    const { agent, workspace, events } = harness(format, {
      answer: (e) => ({ decision: 'allow-always', rule: e.suggestedRule }),
    });
    expect(await agent.send('touch twice')).toBe('done');
    expect(events.filter((e) => e.type === 'permission-asked')).toHaveLength(1);
    expect(agent.rules.allow).toEqual(['Bash(touch:*)']);
    expect(await workspace.stat('one.txt')).not.toBeNull();
    expect(await workspace.stat('two.txt')).not.toBeNull();
  });

  test('a 500 then success retries visibly and completes', async () => {
    mock.setScript([
      { kind: 'http-error', status: 500 },
      { kind: 'reply', text: 'Recovered after a retry.' },
    ]);
    const { agent, events } = harness(format);
    expect(await agent.send('hi')).toBe('done');
    expect(events.some((e) => e.type === 'retrying')).toBe(true);
    expect(text(events)).toBe('Recovered after a retry.');
  });

  test('a 401 ends the turn with an auth error and the conversation stays usable', async () => {
    mock.setScript([
      { kind: 'http-error', status: 401 },
      { kind: 'reply', text: 'Working now.' },
    ]);
    const { agent, events } = harness(format);
    expect(await agent.send('hi')).toBe('error');
    const error = events.find((e): e is Extract<AgentEvent, { type: 'error' }> => e.type === 'error');
    expect(error?.error.kind).toBe('auth');
    expect(error?.error.message).not.toContain(KEY);
    expect(await agent.send('hi again')).toBe('done');
    expect(agent.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  test('a stream cut halfway keeps the text received and reports the drop', async () => {
    mock.setScript([
      {
        kind: 'reply',
        text: 'The first part arrives and then the connection drops for good',
        textChunkSize: 6,
        cutAfterEvents: 6,
      },
    ]);
    const { agent, events } = harness(format);
    expect(await agent.send('hi')).toBe('error');
    const received = text(events);
    expect(received.length).toBeGreaterThan(0);
    expect(events.find((e) => e.type === 'error')).toMatchObject({ error: { kind: 'stream-dropped' } });
    expect(agent.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: received }] });
  });
});

test('read-only calls of one step run concurrently', async () => {
  // Each probe waits until the other has started: run one after the other, they would deadlock.
  let started = 0;
  const barrier = () =>
    new Promise<void>((resolve, reject) => {
      started += 1;
      const deadline = Date.now() + 2000;
      const check = () =>
        started >= 2 ? resolve() : Date.now() > deadline ? reject(new Error('ran sequentially')) : setTimeout(check, 5);
      check();
    });
  const probe = defineTool({
    name: 'Probe',
    kind: 'read',
    description: 'test probe',
    input: z.object({ n: z.number() }),
    async run(input) {
      await barrier();
      return { content: `probe ${input.n} ok` };
    },
  });
  mock.setScript([
    {
      kind: 'reply',
      toolCalls: [
        { name: 'Probe', input: { n: 1 } },
        { name: 'Probe', input: { n: 2 } },
      ],
    },
    { kind: 'reply', text: 'ok' },
  ]);
  const { agent, events } = harness('anthropic', { tools: [...builtinTools, probe] });
  expect(await agent.send('probe')).toBe('done');
  expect(
    results(events)
      .map((r) => r.content)
      .sort(),
  ).toEqual(['probe 1 ok', 'probe 2 ok']);
});

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('a Read deny rule also hides the folder from Grep, Glob and LS', async () => {
  mock.setScript([
    {
      kind: 'reply',
      toolCalls: [
        { name: 'Grep', input: { pattern: 'TOKEN', output_mode: 'content' } },
        { name: 'Glob', input: { pattern: '**/*.txt' } },
        { name: 'LS', input: { path: '/workspace' } },
      ],
    },
    { kind: 'reply', toolCalls: [{ name: 'Read', input: { file_path: 'secrets/key.txt' } }] },
    { kind: 'reply', text: 'ok' },
  ]);
  const workspace = createLiteWorkspace({
    files: { 'secrets/key.txt': 'TOKEN=hunter2\n', 'notes.txt': 'TOKEN goes in secrets\n' },
  });
  const { agent, events } = harness('anthropic', {
    workspace,
    rules: { allow: [], ask: [], deny: ['Read(./secrets/**)'] },
  });
  expect(await agent.send('find the token')).toBe('done');
  const [grep, glob, ls, read] = results(events);
  expect(grep.content).toContain('notes.txt');
  for (const r of [grep, glob, ls]) expect(r.content).not.toContain('hunter2');
  expect(grep.content).not.toContain('secrets/key.txt');
  expect(glob.content).not.toContain('key.txt');
  expect(ls.content).not.toContain('secrets');
  expect(read.isError).toBe(true);
  expect(read.content).toMatch(/denied/);
});
