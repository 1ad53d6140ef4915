// Open-by-URL against a real git smart-HTTP server: shallow clone with progress, the proxy route,
// tokens only for their host, and every failure the home screen must explain.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitProgress } from '../src/git/context';
import { openRepo } from '../src/git/open-repo';
import { createLiteWorkspace } from '../src/workspace/lite-workspace';
import { deadPort, startGitServer, type GitServer } from './fixtures/git-server';
import { makeFixtureRepo, type FixtureRepo } from './fixtures/make-fixture-repo';

const TOKEN = 'tok_secret_123';
let fixture: FixtureRepo;
let server: GitServer;

beforeAll(async () => {
  fixture = makeFixtureRepo();
  // The same fixture under a second name that wants a token.
  execFileSync('git', ['clone', '-q', '--bare', fixture.gitDir, `${fixture.projectRoot}/private.git`]);
  server = await startGitServer({ projectRoot: fixture.projectRoot, privateRepos: ['private.git'], token: TOKEN });
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(fixture.projectRoot, { recursive: true, force: true });
});

describe('openRepo', () => {
  it('clones shallowly into the empty workspace root and reports phases with percent', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const events: GitProgress[] = [];
    const result = await openRepo({ url: `${server.url}/fixture.git`, workspace, onProgress: (e) => events.push(e) });
    expect(result).toMatchObject({
      ok: true,
      branch: 'main',
      commit: fixture.head,
      fileCount: fixture.fileCount,
      dir: '/workspace',
    });
    expect(await workspace.readText('/workspace/README.md')).toContain('# Fixture');
    expect(await workspace.readText('/workspace/.git/shallow')).toBe(`${fixture.head}\n`);
    const phases = [...new Set(events.map((e) => e.phase))];
    expect(phases).toEqual(expect.arrayContaining(['Receiving objects', 'Resolving deltas', 'Updating workdir']));
    const receiving = events.filter((e) => e.phase === 'Receiving objects');
    expect(receiving[receiving.length - 1].percent).toBe(100);
  }, 60_000);

  it('clones into <root>/<name> when the workspace already has files, and checks out a named branch', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace', files: { 'notes.md': 'mine\n' } });
    const result = await openRepo({ url: `${server.url}/fixture.git`, workspace, ref: 'feature/x' });
    expect(result).toMatchObject({ ok: true, branch: 'feature/x', dir: '/workspace/fixture' });
    expect(await workspace.readText('/workspace/fixture/FEATURE.md')).toBe('# Feature work\n');
    expect(await workspace.readText('/workspace/notes.md')).toBe('mine\n');
  }, 60_000);

  it('goes through the CORS proxy when told to, and the proxy forwards to the host', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const before = server.requests.length;
    const result = await openRepo({
      url: `${server.url}/fixture.git`,
      workspace,
      corsProxy: server.proxyUrl,
      proxyAll: true,
    });
    expect(result.ok).toBe(true);
    const routes = server.requests.slice(before).map((r) => r.route);
    expect(routes).toContain('proxy');
    expect(routes.filter((r) => r === 'proxy').length).toBe(routes.filter((r) => r === 'git').length);
  }, 60_000);

  it('a 404 repository is not-found, and the workspace is left as it was', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const result = await openRepo({ url: `${server.url}/nope.git`, workspace });
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    if (!result.ok) expect(result.error.message).toContain('nope.git');
    expect(await workspace.list('/workspace')).toEqual([]);
  });

  it('a private repository without a token is auth, with a hint to add one; with it, it clones', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const denied = await openRepo({ url: `${server.url}/private.git`, workspace });
    expect(denied).toMatchObject({ ok: false, error: { kind: 'auth' } });
    if (!denied.ok) expect(denied.error.hint).toContain('token');
    const wrong = await openRepo({ url: `${server.url}/private.git`, workspace, token: 'wrong' });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'auth' } });
    if (!wrong.ok) expect(wrong.error.message).toContain('rejected');
    const before = server.requests.length;
    const granted = await openRepo({ url: `${server.url}/private.git`, workspace, token: TOKEN });
    expect(granted.ok).toBe(true);
    const sent = server.requests.slice(before).filter((r) => r.authorization);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => r.url.startsWith('/private.git/'))).toBe(true);
  }, 60_000);

  it('through the proxy, the token travels only inside requests forwarded to the private repo', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const before = server.requests.length;
    const result = await openRepo({
      url: `${server.url}/private.git`,
      workspace,
      token: TOKEN,
      corsProxy: server.proxyUrl,
      proxyAll: true,
    });
    expect(result.ok).toBe(true);
    const withAuth = server.requests.slice(before).filter((r) => r.authorization);
    expect(withAuth.length).toBeGreaterThan(0);
    for (const r of withAuth) {
      expect(
        r.url.startsWith(`/proxy/127.0.0.1:${server.port}/private.git/`) || r.url.startsWith('/private.git/'),
      ).toBe(true);
    }
  }, 60_000);

  it('a proxy that is down is proxy-down, whether it refuses connections or answers 502', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const dead = `http://127.0.0.1:${await deadPort()}`;
    const refused = await openRepo({ url: `${server.url}/fixture.git`, workspace, corsProxy: dead, proxyAll: true });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'proxy-down' } });
    if (!refused.ok) expect(refused.error.hint).toContain('docs/git.md');
    server.setProxyMode('bad-gateway');
    try {
      const bad = await openRepo({
        url: `${server.url}/fixture.git`,
        workspace,
        corsProxy: server.proxyUrl,
        proxyAll: true,
      });
      expect(bad).toMatchObject({ ok: false, error: { kind: 'proxy-down' } });
    } finally {
      server.setProxyMode('ok');
    }
    expect(await workspace.list('/workspace')).toEqual([]);
  });

  it('an unreachable host is network, with a hint about CORS when no proxy is set', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const result = await openRepo({ url: `http://127.0.0.1:${await deadPort()}/x.git`, workspace });
    expect(result).toMatchObject({ ok: false, error: { kind: 'network' } });
    if (!result.ok) expect(result.error.hint).toContain('CORS proxy');
  });

  it('stops past the size limit with too-large and cleans up', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const result = await openRepo({ url: `${server.url}/fixture.git`, workspace, maxBytes: 200_000 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'too-large' } });
    expect(await workspace.list('/workspace')).toEqual([]);
  });

  it('a small pack that inflates past the limit stops with too-large and leaves nothing behind', async () => {
    // 16 MB of zeros packs to a few KB: the download cap alone would let it through.
    const work = `${fixture.projectRoot}/bomb-work`;
    execFileSync('git', ['init', '-q', '-b', 'main', work]);
    writeFileSync(`${work}/zeros.bin`, Buffer.alloc(16 * 1024 * 1024));
    execFileSync('git', ['-C', work, 'add', '.']);
    execFileSync('git', ['-C', work, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'bomb']);
    execFileSync('git', ['clone', '-q', '--bare', work, `${fixture.projectRoot}/bomb.git`]);
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const result = await openRepo({
      url: `${server.url}/bomb.git`,
      workspace,
      checkoutLimits: { bytes: 4 * 1024 * 1024 },
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'too-large', message: expect.stringContaining('4 MB') } });
    expect(await workspace.list('/workspace')).toEqual([]);
  }, 60_000);

  it('a repository with more files than the tab holds stops with too-large before writing any', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const result = await openRepo({ url: `${server.url}/fixture.git`, workspace, checkoutLimits: { files: 2 } });
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'too-large',
        message: expect.stringMatching(/^The repository has [\d,]+ files; a tab holds at most 2\.$/),
      },
    });
    expect(await workspace.list('/workspace')).toEqual([]);
  }, 60_000);

  it('refuses hostile URLs before any request', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const before = server.requests.length;
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      `http://user:pw@127.0.0.1:${server.port}/fixture.git`,
    ]) {
      const result = await openRepo({ url, workspace });
      expect(result, url).toMatchObject({ ok: false, error: { kind: 'invalid-url' } });
    }
    expect(server.requests.length).toBe(before);
  });

  it('can be cancelled', async () => {
    const workspace = createLiteWorkspace({ root: '/workspace' });
    const controller = new AbortController();
    const result = await openRepo({
      url: `${server.url}/fixture.git`,
      workspace,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === 'Receiving objects') controller.abort();
      },
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'network', message: 'The clone was cancelled.' } });
    expect(await workspace.list('/workspace')).toEqual([]);
  });
});
