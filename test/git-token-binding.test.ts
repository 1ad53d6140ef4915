// Git tokens against a real git smart-HTTP server: a token goes only to the exact origin it was
// saved for (never plain http for a host saved as https), and "Forget stored keys" forgets them all.
import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyStore } from '../src/store/key-store';
import { createGit, type GitApp } from '../src/app/git';
import { GitPrefsStore, GitTokenStore } from '../src/store/git-prefs';
import { createLiteWorkspace } from '../src/workspace/lite-workspace';
import type { Workspace } from '../src/workspace/types';
import { startGitServer, type GitServer } from './fixtures/git-server';
import { makeFixtureRepo, type FixtureRepo } from './fixtures/make-fixture-repo';

const TOKEN = 'tok_bound_secret_42';
let fixture: FixtureRepo;
let server: GitServer;
let n = 0;

beforeAll(async () => {
  fixture = makeFixtureRepo();
  execFileSync('git', ['clone', '-q', '--bare', fixture.gitDir, `${fixture.projectRoot}/private.git`]);
  server = await startGitServer({ projectRoot: fixture.projectRoot, privateRepos: ['private.git'], token: TOKEN });
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(fixture.projectRoot, { recursive: true, force: true });
});

function controller(store = new KeyStore(`git-tokens-test-${++n}`)): { git: GitApp; store: KeyStore } {
  let workspace: Workspace = createLiteWorkspace({ root: '/workspace' });
  const git = createGit({
    workspace: () => workspace,
    onOpened: () => (workspace = createLiteWorkspace()),
    prefs: new GitPrefsStore(`git-prefs-test-${n}`),
    tokens: new GitTokenStore(store),
  });
  return { git, store };
}

const sentToken = (from: number): boolean =>
  server.requests
    .slice(from)
    .some((r) => r.authorization?.includes(Buffer.from(`x-access-token:${TOKEN}`).toString('base64')));

describe('git tokens', () => {
  it('a token saved for a host (https) is never sent to it over plain http; one saved for http:// is', async () => {
    const { git } = controller();
    expect(await git.saveToken(`127.0.0.1:${server.port}`, TOKEN)).toEqual({ ok: true, value: undefined });
    expect(git.store.get().tokenHosts).toEqual([`127.0.0.1:${server.port}`]);
    const before = server.requests.length;
    await git.open(`${server.url}/private.git`);
    expect(git.store.get().open).toMatchObject({ kind: 'failed', error: { kind: 'auth' } });
    expect(sentToken(before)).toBe(false);
    expect(git.access().tokenFor?.(server.url)).toBeUndefined();

    expect(await git.saveToken(`http://127.0.0.1:${server.port}`, TOKEN)).toEqual({ ok: true, value: undefined });
    expect(git.store.get().tokenHosts).toEqual([`127.0.0.1:${server.port}`, `http://127.0.0.1:${server.port}`]);
    const granted = server.requests.length;
    await git.open(`${server.url}/private.git`);
    expect(git.store.get().open.kind).toBe('opened');
    expect(sentToken(granted)).toBe(true);
  }, 60_000);

  it('forgetting all tokens empties the list, this page’s copies and the device’s', async () => {
    const { git, store } = controller();
    await git.saveToken('github.com', 'ghp_one');
    await git.saveToken('http://localhost:3000', 'tok_two');
    expect(git.store.get().tokenHosts).toEqual(['github.com', 'http://localhost:3000']);
    await git.forgetAllTokens();
    expect(git.store.get().tokenHosts).toEqual([]);
    expect(git.access().tokenFor?.('https://github.com')).toBeUndefined();
    expect(await store.origins()).toEqual([]);
    // The next page load finds none either.
    const reloaded = controller(store).git;
    await reloaded.saveToken('example.org', '');
    expect(reloaded.store.get().tokenHosts).toEqual([]);
  });

  it('explains what a token host must look like', async () => {
    const { git } = controller();
    expect(await git.saveToken('ftp://files.example', 'x')).toEqual({
      ok: false,
      error: 'Enter a host name such as github.com (or http://host:port for a server without HTTPS).',
    });
  });
});
