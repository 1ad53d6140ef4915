// `git status` right after opening a repository: it must trust the index's stat cache (the clone
// writes stats that match the files) and so read no working-tree file, yet still see every edit,
// including one that keeps the file's size.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../src/git/cli';
import { createLiteWorkspaceWithGit } from '../src/git/git-command';
import { gitFsFor } from '../src/git/git-fs';
import { openRepo } from '../src/git/open-repo';
import type { LiteWorkspace } from '../src/workspace/lite-workspace';
import { startGitServer, type GitServer } from './fixtures/git-server';
import { makeFixtureRepo, type FixtureRepo } from './fixtures/make-fixture-repo';

let fixture: FixtureRepo;
let server: GitServer;

beforeAll(async () => {
  fixture = makeFixtureRepo({ baseFiles: 200 });
  server = await startGitServer({ projectRoot: fixture.projectRoot });
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(fixture.projectRoot, { recursive: true, force: true });
});

describe('git status after opening a repository', () => {
  let ws: LiteWorkspace;
  const reads: string[] = [];
  const status = async () => {
    const result = await runGit(['status', '--porcelain'], { workspace: ws, cwd: '/workspace', env: {} });
    expect(result.exitCode, result.stderr).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    ws = createLiteWorkspaceWithGit({ root: '/workspace' });
    const opened = await openRepo({ url: `${server.url}/fixture.git`, workspace: ws });
    expect(opened.ok).toBe(true);
    const fs = gitFsFor(ws);
    const readFile = fs.promises.readFile;
    fs.promises.readFile = async (path, options) => {
      if (typeof path === 'string' && !path.includes('/.git/')) reads.push(path);
      return readFile(path, options);
    };
  }, 60_000);

  it('is clean and reads none of the files it has just checked out', async () => {
    reads.length = 0;
    expect(await status()).toBe('');
    expect(reads).toEqual([]);
  });

  it('still sees an edit that keeps the size, and reads only that file', async () => {
    const before = await ws.readText('/workspace/README.md');
    const edited = before.replace(/[a-z]/, (c) => (c === 'x' ? 'y' : 'x'));
    expect(edited.length).toBe(before.length);
    await ws.writeFile('/workspace/README.md', edited);
    reads.length = 0;
    expect(await status()).toBe(' M README.md\n');
    expect(reads).toEqual(['/workspace/README.md']);
    await ws.writeFile('/workspace/README.md', before);
    expect(await status()).toBe('');
  });
});
