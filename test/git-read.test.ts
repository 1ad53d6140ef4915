// The typed git read API (status, log, diff as records) against the `git` commands on the same
// repository: the records, printed the way the commands print them, are the commands' output
// byte for byte (and the commands are held to real git's output in git-real.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../src/git/cli';
import { formatPatch } from '../src/git/diff-text';
import { createLiteWorkspaceWithGit } from '../src/git/git-command';
import { diff, log, status, type RepoStatus } from '../src/git/read';
import type { LiteWorkspace } from '../src/workspace/lite-workspace';
import { GIT_TEST_IDENTITY } from './fixtures/git-identity';

const ROOT = '/workspace';
let ws: LiteWorkspace;

async function git(...args: string[]): Promise<string> {
  const result = await runGit(args, { workspace: ws, cwd: `${ROOT}/repo`, env: GIT_TEST_IDENTITY });
  expect(result.exitCode, `git ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

const ctx = () => ({ workspace: ws, dir: `${ROOT}/repo/src` });

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** The status as `--porcelain` prints it: the oracle for the records. */
function porcelain(s: RepoStatus): string {
  let out = '';
  for (const e of s.entries) out += `${e.staged}${e.unstaged} ${e.from ? `${e.from} -> ` : ''}${e.path}\n`;
  for (const p of s.untracked) out += `?? ${p}\n`;
  return out;
}

beforeAll(async () => {
  ws = createLiteWorkspaceWithGit({
    root: ROOT,
    files: {
      'repo/src/app.ts': Array.from({ length: 40 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n',
      'repo/src/old-name.ts': 'export const moved = true;\n',
      'repo/README.md': '# Repo\n',
      'repo/gone.txt': 'to be deleted\n',
      'repo/.gitignore': 'dist/\n',
    },
  });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'First commit\n\nWith a body.');
  await ws.writeFile(`${ROOT}/repo/README.md`, '# Repo\n\nSecond.\n');
  await git('commit', '-q', '-am', 'Second commit');
  // Staged: a rename, a deletion, an edit; unstaged on top of a staged edit; untracked; ignored.
  await git('mv', 'src/old-name.ts', 'src/new-name.ts');
  await git('rm', '-q', 'gone.txt');
  const app = await ws.readText(`${ROOT}/repo/src/app.ts`);
  await ws.writeFile(`${ROOT}/repo/src/app.ts`, app.replace('v5 = 5', 'v5 = 50'));
  await git('add', 'src/app.ts');
  await ws.writeFile(`${ROOT}/repo/src/app.ts`, app.replace('v5 = 5', 'v5 = 50').replace('v30 = 30', 'v30 = 300'));
  await ws.writeFile(`${ROOT}/repo/notes/todo.txt`, 'untracked\nfile\n');
  await ws.writeFile(`${ROOT}/repo/dist/out.js`, 'ignored\n');
}, 60_000);

describe('the typed git read API', () => {
  it('status: branch, head and the entries git status prints, from any directory in the repo', async () => {
    const s = unwrap(await status(ctx(), { untracked: 'normal' }));
    expect(s.dir).toBe(`${ROOT}/repo`);
    expect(s.branch).toBe('main');
    expect(s.head).toBe((await git('rev-parse', 'HEAD')).trim());
    expect(porcelain(s)).toBe(await git('status', '--porcelain'));
    expect(s.entries).toContainEqual({ path: 'src/new-name.ts', from: 'src/old-name.ts', staged: 'R', unstaged: ' ' });
    expect(s.entries).toContainEqual({ path: 'src/app.ts', staged: 'M', unstaged: 'M' });
    // By default each untracked file is listed, ignored ones never.
    expect(unwrap(await status(ctx())).untracked).toEqual(['notes/todo.txt']);
  });

  it('log: commits newest first with subject, parents and people, as git log has them', async () => {
    const entries = unwrap(await log(ctx(), { max: 5 }));
    expect(entries.map((e) => `${e.oid} ${e.subject}`).join('\n') + '\n').toBe(await git('log', '--format=%H %s'));
    expect(entries[0].parents).toEqual([entries[1].oid]);
    expect(entries[1]).toMatchObject({ subject: 'First commit', message: 'First commit\n\nWith a body.\n' });
    expect(entries[1].author).toMatchObject({ name: 'Test Person', email: 'test@example.com', timestamp: 1710000000 });
    expect(unwrap(await log(ctx(), { max: 1 }))).toHaveLength(1);
  });

  it('diff: the records print as git diff and git diff --staged print', async () => {
    const unstaged = unwrap(await diff(ctx()));
    expect(unstaged.map(formatPatch).join('')).toBe(await git('diff'));
    const staged = unwrap(await diff(ctx(), { staged: true }));
    expect(staged.map(formatPatch).join('')).toBe(await git('diff', '--staged'));
    expect(staged.map((d) => [d.status, d.oldPath, d.newPath])).toEqual([
      ['D', 'gone.txt', undefined],
      ['M', 'src/app.ts', 'src/app.ts'],
      ['R', 'src/old-name.ts', 'src/new-name.ts'],
    ]);
    // The hunk as data: the file's line numbers and git's function-name section.
    const [app] = unwrap(await diff(ctx(), { paths: ['src/app.ts'] }));
    expect(app.hunks).toEqual([
      {
        oldStart: 28,
        oldLines: 7,
        newStart: 28,
        newLines: 7,
        section: 'export const v26 = 26;',
        lines: [
          ' export const v27 = 27;',
          ' export const v28 = 28;',
          ' export const v29 = 29;',
          '-export const v30 = 30;',
          '+export const v30 = 300;',
          ' export const v31 = 31;',
          ' export const v32 = 32;',
          ' export const v33 = 33;',
        ],
      },
    ]);
  });

  it('diff with untracked: a file git does not track yet is an addition of all its lines', async () => {
    const [todo] = unwrap(await diff(ctx(), { paths: ['notes/todo.txt'], untracked: true }));
    expect(todo).toMatchObject({ status: 'A', newPath: 'notes/todo.txt', binary: false });
    expect(todo.hunks).toEqual([
      { oldStart: 1, oldLines: 0, newStart: 1, newLines: 2, lines: ['+untracked', '+file'] },
    ]);
    expect(unwrap(await diff(ctx(), { paths: ['dist/out.js'], untracked: true }))).toEqual([]);
  });

  it('outside a repository, and before the first commit, answers with values, not exceptions', async () => {
    const outside = await status({ workspace: ws, dir: ROOT });
    expect(outside).toEqual({ ok: false, error: 'not a git repository (or any of the parent directories): .git' });
    await ws.writeFile(`${ROOT}/fresh/a.txt`, 'a\n');
    const init = await runGit(['init', '-q', '-b', 'trunk'], { workspace: ws, cwd: `${ROOT}/fresh`, env: {} });
    expect(init.exitCode).toBe(0);
    const fresh = { workspace: ws, dir: `${ROOT}/fresh` };
    expect(unwrap(await status(fresh))).toMatchObject({ branch: 'trunk', head: null, untracked: ['a.txt'] });
    expect(unwrap(await log(fresh))).toEqual([]);
    expect(await log(fresh, { ref: 'nope' })).toEqual({ ok: false, error: "unknown revision 'nope'" });
  });

  it('a detached HEAD has no branch', async () => {
    const other = createLiteWorkspaceWithGit({ root: ROOT, files: { 'r/a.txt': 'a\n' } });
    const run = (...args: string[]) => runGit(args, { workspace: other, cwd: `${ROOT}/r`, env: GIT_TEST_IDENTITY });
    await run('init', '-q');
    await run('add', '-A');
    await run('commit', '-q', '-m', 'one');
    await other.writeFile(`${ROOT}/r/a.txt`, 'b\n');
    await run('commit', '-q', '-am', 'two');
    expect((await run('checkout', '-q', 'HEAD~1')).exitCode).toBe(0);
    const s = unwrap(await status({ workspace: other, dir: `${ROOT}/r` }));
    expect(s.branch).toBeNull();
    expect(s.head).toBe((await run('rev-parse', 'HEAD')).stdout.trim());
  });
});
