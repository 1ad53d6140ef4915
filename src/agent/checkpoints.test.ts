import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { createProvider } from '../providers/create-provider';
import { builtinTools } from '../tools/index';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import type { Workspace } from '../workspace/types';
import { Agent } from './agent';
import { Checkpointer, fork, memoryCheckpointStorage, rewind, rewindPoints } from './checkpoints';
import type { AgentEvent } from './events';
import { replayEvents } from './transcript';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

async function filesOf(ws: Workspace): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const path of await ws.listFiles()) out[path] = await ws.readText(path);
  return out;
}

function setup(files: Record<string, string>) {
  const workspace = createLiteWorkspace({ files });
  const checkpointer = new Checkpointer(workspace, memoryCheckpointStorage());
  const provider = createProvider({ preset: 'anthropic', format: 'anthropic', baseUrl: mock.url, apiKey: 'sk-cp', model: 'claude-sonnet-4-5', retryBaseDelayMs: 5 });
  const agent = new Agent({ workspace, provider, tools: builtinTools, mode: 'bypassPermissions', checkpoints: checkpointer });
  const events: AgentEvent[] = [];
  agent.subscribe((e) => events.push(e));
  return { workspace, checkpointer, agent, events };
}

const turnIds = (events: AgentEvent[]) => rewindPoints(events).map((p) => p.turnId);

describe('rewind', () => {
  test('restores files changed by Edit and by a Bash command, brings deleted files back and removes later ones', async () => {
    const { workspace, checkpointer, agent, events } = setup({ 'config.txt': 'mode=dev\n', 'notes/old.txt': 'old notes\n', 'data.csv': 'a,b\n1,2\n' });
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Write', input: { file_path: 'app.js', content: 'console.log("v1");\n' } }] },
      { kind: 'reply', text: 'Created app.js.' },
      { kind: 'reply', toolCalls: [{ name: 'Read', input: { file_path: 'app.js' } }] },
      { kind: 'reply', toolCalls: [{ name: 'Edit', input: { file_path: 'app.js', old_string: 'v1', new_string: 'v2' } }] },
      {
        kind: 'reply',
        toolCalls: [{ name: 'Bash', input: { command: 'echo 3,4 >> data.csv && sed -i s/dev/prod/ config.txt && rm -r notes && mkdir -p build/out && echo bundle > build/out/app.min.js' } }],
      },
      { kind: 'reply', text: 'Built.' },
    ]);
    const before = await filesOf(workspace);
    expect(await agent.send('Create app.js')).toBe('done');
    const afterFirst = await filesOf(workspace);
    expect(await agent.send('Bump to v2 and build')).toBe('done');
    expect(await workspace.readText('app.js')).toContain('v2');
    expect(await workspace.readText('data.csv')).toBe('a,b\n1,2\n3,4\n');
    expect(await workspace.stat('notes/old.txt')).toBeNull();

    const [first, second] = turnIds(events);
    expect(events.filter((e) => e.type === 'checkpoint-created')).toHaveLength(2);

    // Back to just before the second message: files and conversation.
    const result = await rewind({ events, checkpointer }, second, { files: true, conversation: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await filesOf(workspace)).toEqual(afterFirst);
    expect(await workspace.stat('build')).toBeNull(); // created later, directory and all
    expect(result.prompt).toBe('Bump to v2 and build');
    expect(result.removedCheckpoints).toEqual([second]);
    agent.resetState(replayEvents(result.events));
    expect(agent.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(JSON.stringify(agent.messages)).not.toContain('Bump to v2');

    // And further back, to before the first message: the original tree.
    const toStart = await rewind({ events: result.events, checkpointer }, first, { files: true, conversation: true });
    expect(toStart.ok && toStart.events).toEqual([]);
    expect(await filesOf(workspace)).toEqual(before);
  });

  test('files only keeps the conversation; conversation only keeps the files', async () => {
    const { workspace, checkpointer, agent, events } = setup({ 'a.txt': 'one\n' });
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'echo two > a.txt' } }] },
      { kind: 'reply', text: 'ok' },
    ]);
    await agent.send('change a');
    const [turn] = turnIds(events);
    const filesOnly = await rewind({ events, checkpointer }, turn, { files: true, conversation: false });
    expect(filesOnly.ok && filesOnly.events).toEqual(events);
    expect(await workspace.readText('a.txt')).toBe('one\n');

    await workspace.writeFile('a.txt', 'three\n');
    const convOnly = await rewind({ events, checkpointer }, turn, { files: false, conversation: true });
    expect(convOnly.ok && convOnly.events).toEqual([]);
    expect(await workspace.readText('a.txt')).toBe('three\n');
    // Its checkpoint went with the turn, so a later files rewind there is refused, not half done.
    const again = await rewind({ events, checkpointer }, turn, { files: true, conversation: false });
    expect(again).toMatchObject({ ok: false });
  });

  test('a message with no checkpoint cannot rewind files and changes nothing', async () => {
    const workspace = createLiteWorkspace({ files: { 'a.txt': 'x' } });
    const checkpointer = new Checkpointer(workspace, memoryCheckpointStorage());
    const events: AgentEvent[] = [{ type: 'turn-started', turnId: 't1', text: 'hi', at: 1 }];
    const result = await rewind({ events, checkpointer }, 't1', { files: true, conversation: true });
    expect(result).toMatchObject({ ok: false });
    expect(await workspace.readText('a.txt')).toBe('x');
  });
});

describe('storage', () => {
  test('100 checkpoints of a 1 MB tree store the tree once plus what changed', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`src/file${i}.ts`] = `// file ${i}\n${'export const value = 1;\n'.repeat(220)}`;
    const workspace = createLiteWorkspace({ files });
    const storage = memoryCheckpointStorage();
    const checkpointer = new Checkpointer(workspace, storage);
    const treeBytes = Object.values(files).reduce((n, t) => n + t.length, 0);
    for (let i = 0; i < 100; i++) {
      await workspace.writeFile(`src/file${i % 200}.ts`, `// changed ${i}\n`);
      await checkpointer.snapshot(`turn_${i}`, `message ${i}`);
    }
    expect(treeBytes).toBeGreaterThan(1_000_000);
    expect(storage.blobBytes()).toBeLessThan(treeBytes * 1.05);
    expect((await storage.list()).length).toBe(100);
    // Any of them restores exactly.
    await checkpointer.restore('turn_0');
    expect(await workspace.readText('src/file0.ts')).toBe('// changed 0\n');
    expect(await workspace.readText('src/file1.ts')).toBe(files['src/file1.ts']);
  });
});

describe('fork', () => {
  test('through a message: its conversation and the files after it, independent of the original', async () => {
    const { workspace, checkpointer, agent, events } = setup({ 'a.txt': 'start\n' });
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'echo first >> a.txt' } }] },
      { kind: 'reply', text: 'one' },
      { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'echo second >> a.txt' } }] },
      { kind: 'reply', text: 'two' },
    ]);
    await agent.send('first change');
    await agent.send('second change');
    const [first, second] = turnIds(events);

    const through = await fork({ events, checkpointer }, first);
    expect(through.ok).toBe(true);
    if (!through.ok) return;
    expect(rewindPoints(through.data.events).map((p) => p.turnId)).toEqual([first]);
    expect(new TextDecoder().decode(through.data.files.find((f) => f.path === '/workspace/a.txt')!.data)).toBe('start\nfirst\n');
    expect(through.data.checkpoints.map((c) => c.id)).toEqual([first]);

    const before = await fork({ events, checkpointer }, second, { include: 'before' });
    expect(before.ok && before.data.prompt).toBe('second change');

    const latest = await fork({ events, checkpointer }, second);
    expect(latest.ok && new TextDecoder().decode(latest.data.files[0].data)).toBe('start\nfirst\nsecond\n');
    // The original is untouched.
    expect(await workspace.readText('a.txt')).toBe('start\nfirst\nsecond\n');
  });
});
