// The direct scan behind `git status` (src/git/worktree-scan.ts) against isomorphic-git's walk it
// replaces: on a repository with every kind of change (staged, unstaged, both, deleted, untracked,
// ignored, mode change, a symlink, a file where a folder was, names that sort around `/`), with
// pathspecs and against another commit, the two give the same states in the same order. A seeded
// random series of edits checks that it stays so.
import { beforeEach, describe, expect, it } from 'vitest';
import { createCmd, runGit } from '../src/git/cli';
import { createLiteWorkspaceWithGit } from '../src/git/git-command';
import { gitFsFor } from '../src/git/git-fs';
import { parseIndex, walkOrder } from '../src/git/worktree-scan';
import { readStates, walkStates, type ReadStateOptions } from '../src/git/worktree-state';
import type { LiteWorkspace } from '../src/workspace/lite-workspace';
import { GIT_TEST_IDENTITY } from './fixtures/git-identity';

const ROOT = '/workspace';
let ws: LiteWorkspace;

async function git(...args: string[]): Promise<string> {
  const result = await runGit(args, { workspace: ws, cwd: ROOT, env: GIT_TEST_IDENTITY });
  expect(result.exitCode, `git ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

async function bothWays(options: ReadStateOptions = {}) {
  const cmd = await createCmd({ workspace: ws, cwd: ROOT, env: GIT_TEST_IDENTITY });
  const repo = await cmd.repo();
  return { scanned: await readStates(cmd, repo, options), walked: await walkStates(cmd, repo, options) };
}

async function expectSame(options: ReadStateOptions = {}) {
  const { scanned, walked } = await bothWays(options);
  expect(scanned).toEqual(walked);
  return scanned;
}

beforeEach(async () => {
  ws = createLiteWorkspaceWithGit({
    root: ROOT,
    files: {
      'README.md': '# r\n',
      'a/x.ts': 'x\n',
      'a.txt': 'sorts after the folder a\n',
      'a-b/y.ts': 'y\n',
      'src/deep/one.ts': '1\n',
      'src/deep/two.ts': '2\n',
      'src/run.sh': 'echo hi\n',
      'was-file': 'becomes a folder\n',
      '.gitignore': 'dist/\n*.log\n',
    },
  });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'one');
});

describe('git status by direct scan', () => {
  it('is the walk’s answer on a clean tree, and after every kind of change', async () => {
    const clean = await expectSame();
    expect(clean.map((s) => s.path)).toEqual([
      '.gitignore',
      'README.md',
      'a/x.ts',
      'a-b/y.ts',
      'a.txt',
      'src/deep/one.ts',
      'src/deep/two.ts',
      'src/run.sh',
      'was-file',
    ]);
    expect(clean.every((s) => s.work?.oid === s.stage?.oid && s.stage?.oid === s.head?.oid)).toBe(true);

    await ws.writeFile(`${ROOT}/README.md`, '# r\nchanged\n'); // unstaged
    await ws.writeFile(`${ROOT}/a/x.ts`, 'staged\n');
    await git('add', 'a/x.ts');
    await ws.writeFile(`${ROOT}/a/x.ts`, 'staged then changed again\n'); // both
    await ws.remove(`${ROOT}/src/deep/two.ts`); // deleted, unstaged
    await git('rm', '-q', 'a.txt'); // deleted, staged
    await ws.writeFile(`${ROOT}/new/untracked.ts`, 'n\n');
    await ws.writeFile(`${ROOT}/dist/out.js`, 'ignored folder\n');
    await ws.writeFile(`${ROOT}/debug.log`, 'ignored file\n');
    await ws.writeFile(`${ROOT}/added.ts`, 'added\n');
    await git('add', 'added.ts');
    await ws.remove(`${ROOT}/was-file`);
    await ws.writeFile(`${ROOT}/was-file/inside.ts`, 'a folder now\n');
    const fs = gitFsFor(ws);
    await fs.promises.chmod(`${ROOT}/src/run.sh`, 0o755);
    await fs.promises.symlink('README.md', `${ROOT}/link-to-readme`);

    const changed = await expectSame();
    const byPath = new Map(changed.map((s) => [s.path, s]));
    expect(byPath.get('debug.log')).toBeUndefined();
    expect(byPath.get('dist/out.js')).toBeUndefined();
    expect(byPath.get('new/untracked.ts')?.work?.oid).toBe(''); // untracked files are not hashed
    expect(byPath.get('src/run.sh')?.work?.mode).toBe(0o100755);
    expect(byPath.get('link-to-readme')?.work?.mode).toBe(0o120000);

    await expectSame({ hashUntracked: true });
    await expectSame({ paths: ['src'] });
    await expectSame({ paths: ['a'] }); // not a-b, not a.txt
    await expectSame({ paths: ['*.ts'] });
    await expectSame({ paths: ['src/deep/t?o.ts', 'README.md'] });
    await expectSame({ paths: ['no/such/path'] });
  });

  it('compares against another commit, and answers on an unborn branch', async () => {
    const first = (await git('rev-parse', 'HEAD')).trim();
    await ws.writeFile(`${ROOT}/src/deep/one.ts`, 'second commit\n');
    await ws.remove(`${ROOT}/a-b/y.ts`);
    await git('add', '-A');
    await git('commit', '-q', '-m', 'two');
    await ws.writeFile(`${ROOT}/src/deep/one.ts`, 'and the working tree\n');
    await expectSame({ ref: first });
    await expectSame({ ref: first, paths: ['src'] });

    ws = createLiteWorkspaceWithGit({ root: ROOT, files: { 'only.ts': 'o\n', 'sub/b.ts': 'b\n' } });
    await git('init', '-q', '-b', 'main');
    await expectSame();
    await git('add', 'only.ts');
    await expectSame();
  });

  it('stays the walk’s answer over a seeded series of random edits', async () => {
    let seed = 17;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const names = ['a/x.ts', 'a/z.ts', 'a.txt', 'a-b/y.ts', 'src/deep/one.ts', 'src/new.ts', 'top.md', 'dist/x.js'];
    for (let step = 0; step < 40; step++) {
      const path = names[random(names.length)];
      const abs = `${ROOT}/${path}`;
      switch (random(5)) {
        case 0:
          await ws.writeFile(abs, `step ${step}\n`);
          break;
        case 1:
          if (await ws.stat(abs)) await ws.remove(abs);
          break;
        case 2:
          await git('add', '-A');
          break;
        case 3:
          if (step % 3 === 0) await git('commit', '-q', '--allow-empty', '-m', `step ${step}`);
          break;
        default:
          // Same bytes, new time: the stat cache no longer vouches, the content still matches.
          if (await ws.stat(abs)) await ws.writeFile(abs, await ws.readText(abs));
      }
      await expectSame();
    }
  });
});

describe('the stat cache', () => {
  it('is refreshed for a file whose time changed but whose bytes did not, so the next status reads nothing', async () => {
    const fs = gitFsFor(ws);
    const reads: string[] = [];
    const readFile = fs.promises.readFile;
    fs.promises.readFile = async (path, options) => {
      if (typeof path === 'string' && !path.includes('/.git/')) reads.push(path);
      return readFile(path, options);
    };
    try {
      const text = await ws.readText(`${ROOT}/src/deep/one.ts`);
      ws.tree.setMtime(`${ROOT}/src/deep/one.ts`, Date.now() - 60_000);
      await ws.writeFile(`${ROOT}/README.md`, '# changed\n');
      expect(await git('status', '--porcelain')).toBe(' M README.md\n');
      expect(reads.sort()).toEqual([`${ROOT}/README.md`, `${ROOT}/src/deep/one.ts`]);
      reads.length = 0;
      expect(await git('status', '--porcelain')).toBe(' M README.md\n');
      expect(reads).toEqual([`${ROOT}/README.md`]);
      expect(await ws.readText(`${ROOT}/src/deep/one.ts`)).toBe(text);
      // The index is still one real git reads: its checksum was redone.
      await expectSame();
      expect(await git('ls-files', 'src/deep')).toBe('src/deep/one.ts\nsrc/deep/two.ts\n');
    } finally {
      fs.promises.readFile = readFile;
    }
  });
});

describe('the index reader', () => {
  it('reads what the clone and `git add` write, and leaves other forms to the walk', async () => {
    const bytes = await ws.readFile(`${ROOT}/.git/index`);
    const entries = parseIndex(bytes);
    expect(entries?.map((e) => e.path)).toContain('src/deep/one.ts');
    expect(entries?.find((e) => e.path === 'README.md')?.size).toBe(4);

    const v4 = new Uint8Array(bytes);
    new DataView(v4.buffer, v4.byteOffset).setUint32(4, 4);
    expect(parseIndex(v4)).toBeNull();
    expect(parseIndex(new TextEncoder().encode('not an index'))).toBeNull();
    const truncated = new Uint8Array(bytes.subarray(0, 40));
    expect(parseIndex(truncated)).toBeNull();
  });
});

describe('the walk order', () => {
  it('puts a folder’s files right after the folder name, before names that extend it', () => {
    const paths = ['a.txt', 'a/x', 'a-b/y', 'a/b/c', 'b', 'a', 'ab'];
    const bySegments = (x: string, y: string): number => {
      const p = x.split('/');
      const q = y.split('/');
      for (let i = 0; i < Math.min(p.length, q.length); i++) if (p[i] !== q[i]) return p[i] < q[i] ? -1 : 1;
      return p.length - q.length;
    };
    expect([...paths].sort(walkOrder)).toEqual([...paths].sort(bySegments));
    expect([...paths].sort(walkOrder)).toEqual(['a', 'a/b/c', 'a/x', 'a-b/y', 'a.txt', 'ab', 'b']);
  });
});
