import 'fake-indexeddb/auto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGitServer, type GitServer } from '../../test/fixtures/git-server';
import { makeFixtureRepo, type FixtureRepo } from '../../test/fixtures/make-fixture-repo';
import { GitPrefsStore, GitTokenStore } from '../store/git-prefs';
import { KeyStore } from '../store/key-store';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import { createGit, type OpenedRepo } from './git';
import { when } from './store';

// The git store: opening a repository by URL against a real git HTTP server, the recent list and
// the proxy setting kept in the settings database, tokens per host.

let fixture: FixtureRepo;
let server: GitServer;
beforeAll(async () => {
  fixture = makeFixtureRepo();
  server = await startGitServer({ projectRoot: fixture.projectRoot });
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(fixture.projectRoot, { recursive: true, force: true });
});

let n = 0;
function make(browser: string, onOpened?: (opened: OpenedRepo) => void) {
  const workspace = createLiteWorkspace();
  const git = createGit({
    workspace: () => workspace,
    onOpened,
    prefs: new GitPrefsStore(`${browser}-settings`),
    tokens: new GitTokenStore(new KeyStore(`${browser}-tokens`)),
  });
  return { git, workspace };
}

describe('git store', { timeout: 60_000 }, () => {
  test('opening a URL clones it, shows its README, and lists it under recent repos after a reload', async () => {
    const browser = `git-${++n}`;
    const opened: OpenedRepo[] = [];
    const { git, workspace } = make(browser, (o) => opened.push(o));
    await git.open(`${server.url}/fixture.git`);
    expect(git.store.get().open).toMatchObject({ kind: 'opened', opened: { branch: 'main', commit: fixture.head } });
    expect(opened[0].readme?.text).toContain('# Fixture');
    expect(await workspace.readText('README.md')).toContain('# Fixture');

    const reloaded = make(browser).git;
    const { recent } = await when(reloaded.store, (s) => s.recent.length > 0);
    expect(recent.map((r) => r.url)).toEqual([`${server.url}/fixture.git`]);
  });

  test('a bad URL fails with a named reason; the proxy setting is validated, kept, and survives a reload', async () => {
    const browser = `git-${++n}`;
    const { git } = make(browser);
    await git.open('not a url at all');
    expect(git.store.get().open).toMatchObject({ kind: 'failed', error: { kind: 'invalid-url' } });
    git.dismiss();
    expect(git.store.get().open).toEqual({ kind: 'idle' });

    expect(git.saveSettings({ corsProxy: 'ftp://proxy.example' }).ok).toBe(false);
    expect(git.saveSettings({ corsProxy: 'https://user:pw@proxy.example' }).ok).toBe(false);
    expect(git.saveSettings({ corsProxy: 'http://localhost:9999/' })).toEqual({ ok: true, value: undefined });
    expect(git.access().corsProxy).toBe('http://localhost:9999');
    const reloaded = make(browser).git;
    await when(reloaded.store, (s) => s.settings.corsProxy !== '');
    expect(reloaded.access().corsProxy).toBe('http://localhost:9999');
  });

  test('a token is offered only to its exact origin, and forgetting them all removes them from the device', async () => {
    const browser = `git-${++n}`;
    const { git } = make(browser);
    expect((await git.saveToken('https://GitHub.com/some/path', 'ghp_one')).ok).toBe(true);
    expect(await git.saveToken('not a host!', 'x')).toEqual({
      ok: false,
      error: 'Enter a host name such as github.com (or http://host:port for a server without HTTPS).',
    });
    expect(git.store.get().tokenHosts).toEqual(['github.com']);
    expect(git.access().tokenFor!('https://github.com')).toBe('ghp_one');
    expect(git.access().tokenFor!('http://github.com')).toBeUndefined();
    expect(git.access().tokenFor!('https://github.com.evil.example')).toBeUndefined();
    const onDevice = () => new GitTokenStore(new KeyStore(`${browser}-tokens`)).all();
    expect([...(await onDevice()).keys()]).toEqual(['https://github.com']);
    await git.forgetAllTokens();
    expect((await onDevice()).size).toBe(0);
    expect([git.store.get().tokenHosts, git.access().tokenFor!('https://github.com')]).toEqual([[], undefined]);
  });
});
