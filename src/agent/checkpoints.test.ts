import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startMockProvider, type MockProvider } from '../../test/fixtures/mock-provider';
import { createProvider } from '../providers/create-provider';
import { builtinTools } from '../tools/index';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import type { Workspace } from '../workspace/types';
import { Agent } from './agent';
import {
  Checkpointer,
  fork,
  memoryCheckpointStorage,
  rewind,
  rewindPoints,
  type CheckpointStorage,
} from './checkpoints';
import type { AgentEvent } from './events';
import { replayEvents } from './transcript';

/** Bytes of all the distinct contents a storage holds. */
async function blobBytes(storage: CheckpointStorage): Promise<number> {
  let n = 0;
  for (const hash of await storage.blobHashes()) n += (await storage.blob(hash))?.byteLength ?? 0;
  return n;
}

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
  const provider = createProvider({
    preset: 'anthropic',
    format: 'anthropic',
    baseUrl: mock.url,
    apiKey: 'sk-cp',
    model: 'claude-sonnet-4-5',
    retryBaseDelayMs: 5,
  });
  const agent = new Agent({
    workspace,
    provider,
    tools: builtinTools,
    mode: 'bypassPermissions',
    checkpoints: checkpointer,
  });
  const events: AgentEvent[] = [];
  agent.subscribe((e) => events.push(e));
  return { workspace, checkpointer, agent, events };
}

const turnIds = (events: AgentEvent[]) => rewindPoints(events).map((p) => p.turnId);

describe('rewind', () => {
  test('restores files changed by Edit and by a Bash command, brings deleted files back and removes later ones', async () => {
    const { workspace, checkpointer, agent, events } = setup({
      'config.txt': 'mode=dev\n',
      'notes/old.txt': 'old notes\n',
      'data.csv': 'a,b\n1,2\n',
    });
    mock.setScript([
      {
        kind: 'reply',
        toolCalls: [{ name: 'Write', input: { file_path: 'app.js', content: 'console.log("v1");\n' } }],
      },
      { kind: 'reply', text: 'Created app.js.' },
      { kind: 'reply', toolCalls: [{ name: 'Read', input: { file_path: 'app.js' } }] },
      {
        kind: 'reply',
        toolCalls: [{ name: 'Edit', input: { file_path: 'app.js', old_string: 'v1', new_string: 'v2' } }],
      },
      {
        kind: 'reply',
        toolCalls: [
          {
            name: 'Bash',
            input: {
              command:
                'echo 3,4 >> data.csv && sed -i s/dev/prod/ config.txt && rm -r notes && mkdir -p build/out && echo bundle > build/out/app.min.js',
            },
          },
        ],
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
    expect(await blobBytes(storage)).toBeLessThan(treeBytes * 1.05);
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
    expect(new TextDecoder().decode(through.data.files.find((f) => f.path === '/workspace/a.txt')!.data)).toBe(
      'start\nfirst\n',
    );
    expect(through.data.checkpoints.map((c) => c.id)).toEqual([first]);

    const before = await fork({ events, checkpointer }, second, { include: 'before' });
    expect(before.ok && before.data.prompt).toBe('second change');

    const latest = await fork({ events, checkpointer }, second);
    expect(latest.ok && new TextDecoder().decode(latest.data.files[0].data)).toBe('start\nfirst\nsecond\n');
    // The original is untouched.
    expect(await workspace.readText('a.txt')).toBe('start\nfirst\nsecond\n');
  });
});

describe('git store and cost', () => {
  const text = (data: Uint8Array) => new TextDecoder().decode(data);

  test('a rewind restores the work tree but leaves .git exactly as it is now, and no checkpoint records it', async () => {
    const workspace = createLiteWorkspace({
      files: {
        'src/app.ts': 'export const v = 1;\n',
        '.git/HEAD': 'ref: refs/heads/main\n',
        '.git/refs/heads/main': 'aaaa\n',
        'vendor/lib/.git/config': '[core]\n',
      },
    });
    const storage = memoryCheckpointStorage();
    const checkpointer = new Checkpointer(workspace, storage);
    const checkpoint = await checkpointer.snapshot('t1', 'change app');
    expect(checkpoint.files.map(([p]) => p)).toEqual(['/workspace/src/app.ts']);

    // The turn edits the work tree and commits: git rewrites a ref and adds objects.
    await workspace.writeFile('src/app.ts', 'export const v = 2;\n');
    await workspace.writeFile('src/new.ts', 'new\n');
    await workspace.writeFile('.git/refs/heads/main', 'bbbb\n');
    await workspace.writeFile('.git/objects/ab/cdef', 'object');
    await workspace.remove('vendor/lib/.git/config');
    const gitAfter = Object.fromEntries(
      await Promise.all(
        (await workspace.listFiles())
          .filter((p) => p.includes('/.git/'))
          .map(async (p) => [p, text(await workspace.readFile(p))]),
      ),
    );

    const result = await checkpointer.restore('t1');
    expect(await workspace.readText('src/app.ts')).toBe('export const v = 1;\n');
    expect(await workspace.stat('src/new.ts')).toBeNull();
    expect(result.removed).toEqual(['/workspace/src/new.ts']);
    const gitNow = Object.fromEntries(
      await Promise.all(
        (await workspace.listFiles())
          .filter((p) => p.includes('/.git/'))
          .map(async (p) => [p, text(await workspace.readFile(p))]),
      ),
    );
    expect(gitNow).toEqual(gitAfter);
    expect(await workspace.stat('vendor/lib/.git/config')).toBeNull(); // not brought back either
  });

  test('a checkpoint saved with .git files (older builds) restores without touching .git', async () => {
    const workspace = createLiteWorkspace({ files: { 'a.txt': 'one\n', '.git/HEAD': 'ref: refs/heads/old\n' } });
    const storage = memoryCheckpointStorage();
    const checkpointer = new Checkpointer(workspace, storage);
    const data = new TextEncoder().encode('ref: refs/heads/old\n');
    const aData = new TextEncoder().encode('one\n');
    await storage.save(
      {
        id: 'old',
        turnId: 'old',
        createdAt: 1,
        label: 'old',
        files: [
          ['/workspace/.git/HEAD', 'h-git'],
          ['/workspace/a.txt', 'h-a'],
        ],
      },
      new Map([
        ['h-git', data],
        ['h-a', aData],
      ]),
    );
    await workspace.writeFile('.git/HEAD', 'ref: refs/heads/main\n');
    await workspace.writeFile('a.txt', 'two\n');
    await checkpointer.restore('old');
    expect(await workspace.readText('a.txt')).toBe('one\n');
    expect(await workspace.readText('.git/HEAD')).toBe('ref: refs/heads/main\n');
  });

  test('fork from a checkpoint carries the repository as it is now', async () => {
    const { workspace, checkpointer, agent, events } = setup({
      'a.txt': 'start\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
    });
    mock.setScript([
      { kind: 'reply', toolCalls: [{ name: 'Bash', input: { command: 'echo more >> a.txt' } }] },
      { kind: 'reply', text: 'one' },
    ]);
    await agent.send('change');
    const [turn] = turnIds(events);
    const result = await fork({ events, checkpointer }, turn, { include: 'before' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const byPath = Object.fromEntries(result.data.files.map((f) => [f.path, text(f.data)]));
    expect(byPath).toEqual({ '/workspace/a.txt': 'start\n', '/workspace/.git/HEAD': 'ref: refs/heads/main\n' });
  });

  test('a snapshot never reads .git, and the next one of an unchanged 2,000-file tree reads only the file that changed', async () => {
    const files: Record<string, string | Uint8Array> = {};
    for (let i = 0; i < 2000; i++) files[`src/dir${i % 50}/file${i}.ts`] = `// ${i}\nexport const n = ${i};\n`;
    files['.git/objects/pack/pack-1.pack'] = new Uint8Array(10 * 1024 * 1024).fill(7);
    files['.git/index'] = new Uint8Array(4096);
    const lite = createLiteWorkspace({ files });
    const reads: string[] = [];
    const workspace: Workspace = Object.assign(Object.create(lite) as Workspace, {
      readFile: (path: string) => {
        reads.push(path);
        return lite.readFile(path);
      },
    });
    const storage = memoryCheckpointStorage();
    const checkpointer = new Checkpointer(workspace, storage);

    await checkpointer.snapshot('t1', 'first');
    expect(reads.length).toBe(2000);
    expect(reads.some((p) => p.includes('/.git/'))).toBe(false);
    expect(await blobBytes(storage)).toBeLessThan(1024 * 1024); // the 10 MB pack is not stored

    reads.length = 0;
    await checkpointer.snapshot('t2', 'nothing changed');
    expect(reads).toEqual([]);

    reads.length = 0;
    await lite.writeFile('src/dir3/file3.ts', 'changed\n');
    await lite.writeFile('.git/index', new Uint8Array(4097)); // git rewrote its index: not read
    const t3 = await checkpointer.snapshot('t3', 'one changed');
    expect(reads).toEqual(['/workspace/src/dir3/file3.ts']);
    expect(t3.files).toHaveLength(2000);
  });
});
