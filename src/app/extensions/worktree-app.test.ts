import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  chatShape,
  startMockProvider,
  testApp,
  useMock,
  type MockProvider,
  type TestApp,
} from '../../../test/fixtures/test-app';

// A subagent with `isolation: "worktree"` works on a copy of the files; in the app its changes wait
// in the extensions store until the user applies or discards them, and the model hears the answer.

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider({ port: 0 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

let n = 0;
const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.sessions.close({ database: true });
});

const isolatedRun = (task: string, files: Record<string, string>) => [
  {
    kind: 'reply' as const,
    toolCalls: [
      {
        name: 'Agent',
        input: { description: `Edit ${task}`, prompt: `${task}: write files`, isolation: 'worktree' },
      },
    ],
  },
  // Write replaces a file only after a Read of it (the read-before-write check).
  ...Object.keys(files)
    .filter((f) => f === 'keep.txt')
    .map((file_path) => ({ kind: 'reply' as const, match: task, toolCalls: [{ name: 'Read', input: { file_path } }] })),
  {
    kind: 'reply' as const,
    match: task,
    toolCalls: Object.entries(files).map(([file_path, content]) => ({ name: 'Write', input: { file_path, content } })),
  },
  { kind: 'reply' as const, match: task, text: `${task} finished` },
  { kind: 'reply' as const, text: 'Waiting for your review.' },
];

const bodies = (): string[] =>
  mock.requests.filter((r) => r.path.endsWith('/messages')).map((r) => JSON.stringify(r.body));

describe('worktree review in the app', { timeout: 60_000 }, () => {
  test('changes wait for review; Apply writes the checked files, Discard drops the rest, and the model is told', async () => {
    const app = testApp(`wt-${++n}`);
    apps.push(app);
    await useMock(app, mock);
    const root = app.workspace.root;
    await app.workspace.writeFile(`${root}/keep.txt`, 'mine\n');

    mock.setScript(isolatedRun('WT-ONE', { 'keep.txt': 'theirs\n', 'new.txt': 'new\n', 'skip.txt': 'skip\n' }));
    await app.send('edit in a copy');
    // Nothing reached the workspace yet; the review lists the three files with their diffs.
    expect(await app.workspace.readText(`${root}/keep.txt`)).toBe('mine\n');
    expect(await app.workspace.stat(`${root}/new.txt`)).toBeNull();
    const [review] = app.extensions.store.get().worktrees;
    expect(review.description).toBe('Edit WT-ONE');
    expect(review.changes.map((c) => [c.path, c.kind])).toEqual([
      [`${root}/keep.txt`, 'modified'],
      [`${root}/new.txt`, 'added'],
      [`${root}/skip.txt`, 'added'],
    ]);
    expect(review.changes[0].hunks[0].lines).toEqual(['-mine', '+theirs']);
    expect(chatShape(app).some((l) => l.includes('wait for your review'))).toBe(true);

    app.extensions.reviewWorktree(review.agentId, [`${root}/keep.txt`, `${root}/new.txt`]);
    expect(app.extensions.store.get().worktrees).toEqual([]);
    expect(await app.workspace.readText(`${root}/keep.txt`)).toBe('theirs\n');
    expect(await app.workspace.readText(`${root}/new.txt`)).toBe('new\n');
    expect(await app.workspace.stat(`${root}/skip.txt`)).toBeNull();
    app.chat.flush();
    expect(chatShape(app).some((l) => l.includes('were reviewed (3 files)'))).toBe(true);

    // The next request tells the model what the user decided.
    mock.setScript([{ kind: 'reply', text: 'Noted.' }]);
    await app.send('thanks');
    const last = bodies().at(-1)!;
    expect(last).toContain('The user reviewed the changes');
    expect(last).toContain('Applied to the workspace: keep.txt, new.txt');
    expect(last).toContain('Not applied (declined by the user): skip.txt');
  });

  test('Discard leaves the workspace as it was', async () => {
    const app = testApp(`wt-${++n}`);
    apps.push(app);
    await useMock(app, mock);
    mock.setScript(isolatedRun('WT-TWO', { 'gone.txt': 'x\n' }));
    await app.send('try something');
    const [review] = app.extensions.store.get().worktrees;
    app.extensions.reviewWorktree(review.agentId, 'none');
    expect(app.extensions.store.get().worktrees).toEqual([]);
    expect(await app.workspace.stat(`${app.workspace.root}/gone.txt`)).toBeNull();
  });
});
