// A reopened session keeps its files' modification times, so git's index stat cache still vouches
// for them: the first `git status` after a reload reads no working-tree file (on a 20,000-file clone
// it would otherwise read and hash every one of them), and still sees an edit made before it.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { runGit } from '../src/git/cli';
import { createLiteWorkspaceWithGit } from '../src/git/git-command';
import { gitFsFor, treeOf } from '../src/git/git-fs';
import { createProvider } from '../src/providers/create-provider';
import { LiveSession, type LiveSessionOptions } from '../src/session/live-session';
import { openSessionStore, type SessionStore } from '../src/store/session-store';
import type { Workspace } from '../src/workspace/types';
import { GIT_TEST_IDENTITY } from './fixtures/git-identity';

const ROOT = '/workspace';
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
});

async function store(name: string): Promise<SessionStore> {
  const s = await openSessionStore({ name, writerId: 'tab' });
  closers.push(() => s.close());
  return s;
}

function options(s: SessionStore): LiveSessionOptions {
  // No turn is run: the provider is never called.
  const provider = createProvider({
    preset: 'anthropic',
    format: 'anthropic',
    baseUrl: 'http://127.0.0.1:9',
    apiKey: 'unused',
    model: 'claude-sonnet-4-5',
  });
  return { store: s, provider, tools: [], agent: { mode: 'default' }, debounceMs: 5, heartbeatMs: 0 };
}

async function git(ws: Workspace, ...args: string[]): Promise<string> {
  const result = await runGit(args, { workspace: ws, cwd: ROOT, env: GIT_TEST_IDENTITY });
  expect(result.exitCode, result.stderr).toBe(0);
  return result.stdout;
}

describe('git status after a session is reopened', () => {
  it('trusts the restored stat cache and still sees an edit', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`src/d${i % 5}/f${i}.ts`] = `export const v${i} = ${i};\n`;
    const first = createLiteWorkspaceWithGit({ root: ROOT, files });
    await git(first, 'init', '-q', '-b', 'main');
    await git(first, 'add', '-A');
    await git(first, 'commit', '-q', '-m', 'one');
    const live = await LiveSession.create({ ...options(await store('reopen')), workspace: first });
    closers.push(() => live.close());
    await first.writeFile(`${ROOT}/src/d1/f1.ts`, 'edited, not committed\n');
    await live.retryWrites();
    await live.close();

    const { session } = await LiveSession.open({
      ...options(await store('reopen')),
      sessionId: live.id,
      createWorkspace: ({ root, files: restored }) => {
        const ws = createLiteWorkspaceWithGit({ root });
        treeOf(ws)!.restore(restored);
        return ws;
      },
    });
    closers.push(() => session.close());
    const reads: string[] = [];
    const fs = gitFsFor(session.workspace);
    const readFile = fs.promises.readFile;
    fs.promises.readFile = async (path, opts) => {
      if (typeof path === 'string' && !path.includes('/.git/')) reads.push(path);
      return readFile(path, opts);
    };
    expect(await git(session.workspace, 'status', '--porcelain')).toBe(' M src/d1/f1.ts\n');
    expect(reads).toEqual([`${ROOT}/src/d1/f1.ts`]);
  });
});
