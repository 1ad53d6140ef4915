import { err, ok, type Result } from '../lib/result';
import type { Workspace } from '../workspace/types';
import { cmpPath, stagedChanges, unstagedChanges } from './changes';
import { createCmd } from './cli';
import { statusReport, type StatusCode, type StatusEntry } from './commands/status';
import { subjectOf } from './commands/commit';
import type { Cmd, GitRemoteAccess, Repo } from './context';
import { fileDiffOf, type FileDiff, type FilePair } from './diff-text';
import { GitExit } from './errors';
import { formatRelativeDate } from './format';
import { walkCommits } from './history';
import { currentBranch, headOid, tryResolveRevision } from './revisions';
import { normalMode, readStates } from './worktree-state';

// The typed read side of git: status, log and diff as records, for code that shows a repository
// (the Source control panel) rather than a shell. Built on the same walks the `git` commands
// use, which print these same records (StatusEntry, commits, FileDiff) for the shell; so the
// panel and the terminal cannot disagree, and nobody parses porcelain text back. Writes (add,
// commit, restore…) stay `git` commands.

export type { DiffHunk } from '../lib/diff-hunk';
export type { FileDiff, StatusCode, StatusEntry };
export { formatRelativeDate };

export interface GitReadContext {
  workspace: Workspace;
  /** A directory inside the repository (its root or below). */
  dir: string;
  remote?: GitRemoteAccess;
}

export interface RepoStatus {
  /** The repository's working tree root. */
  dir: string;
  /** The checked-out branch; null when HEAD is detached. */
  branch: string | null;
  /** The commit HEAD points at; null before the first commit. */
  head: string | null;
  /** Tracked files whose index or working copy differs, with both codes, in path order. */
  entries: StatusEntry[];
  /** Untracked files (or, with `untracked: 'normal'`, directories as `dir/`), in path order. */
  untracked: string[];
}

export interface GitPerson {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** Minutes west of UTC, as isomorphic-git keeps it. */
  timezoneOffset: number;
}

export interface LogEntry {
  oid: string;
  parents: string[];
  author: GitPerson;
  committer: GitPerson;
  /** The first paragraph on one line, as `%s`. */
  subject: string;
  message: string;
}

/** Runs `read` against the repository around ctx.dir; git's own failures become error values. */
async function inRepo<T>(ctx: GitReadContext, read: (cmd: Cmd, repo: Repo) => Promise<T>): Promise<Result<T>> {
  try {
    const cmd = await createCmd({ workspace: ctx.workspace, cwd: ctx.dir, remote: ctx.remote });
    return ok(await read(cmd, await cmd.repo()));
  } catch (error) {
    if (error instanceof GitExit) return err(error.stderr.replace(/^(fatal|error): /, '').trim() || error.message);
    return err(error instanceof Error ? error.message : String(error));
  }
}

/** What `git status` reports, as data. Untracked files are listed one by one unless asked otherwise. */
export function status(
  ctx: GitReadContext,
  options: { untracked?: 'no' | 'normal' | 'all'; paths?: string[] } = {},
): Promise<Result<RepoStatus>> {
  return inRepo(ctx, async (cmd, repo) => {
    const [report, branch, head] = await Promise.all([
      statusReport(cmd, repo, options.paths ?? [], options.untracked ?? 'all'),
      currentBranch(cmd, repo),
      headOid(cmd, repo),
    ]);
    return { dir: repo.dir, branch, head, ...report };
  });
}

/** Commits newest first from `ref` (default HEAD), at most `max`; an unborn branch has none. */
export function log(ctx: GitReadContext, options: { max?: number; ref?: string } = {}): Promise<Result<LogEntry[]>> {
  return inRepo(ctx, async (cmd, repo) => {
    const tip = await tryResolveRevision(cmd, repo, options.ref ?? 'HEAD');
    if (!tip) {
      if (options.ref) throw new GitExit(128, `fatal: unknown revision '${options.ref}'\n`);
      return [];
    }
    const out: LogEntry[] = [];
    const max = options.max ?? Infinity;
    if (max <= 0) return out;
    for await (const c of walkCommits(cmd, repo, { include: [tip] })) {
      out.push({
        oid: c.oid,
        parents: [...c.commit.parent],
        author: { ...c.commit.author },
        committer: { ...c.commit.committer },
        subject: subjectOf(c.commit.message),
        message: c.commit.message,
      });
      if (out.length >= max) break;
    }
    return out;
  });
}

/**
 * What `git diff` shows, as data: the working tree against the index, or with `staged` the
 * index against HEAD (`--staged`). `paths` are repo-relative pathspecs. With `untracked`, files
 * git does not track yet (and does not ignore) are included as additions, as after `git add -N`.
 */
export function diff(
  ctx: GitReadContext,
  options: { staged?: boolean; paths?: string[]; untracked?: boolean; context?: number } = {},
): Promise<Result<FileDiff[]>> {
  return inRepo(ctx, async (cmd, repo) => {
    const paths = options.paths ?? [];
    let pairs: FilePair[];
    if (options.staged) {
      const head = await headOid(cmd, repo);
      const states = await readStates(cmd, repo, { paths, ref: head ?? undefined });
      pairs = await stagedChanges(cmd, repo, head ? states : states.map((f) => ({ ...f, head: undefined })));
    } else {
      const states = await readStates(cmd, repo, { paths, hashUntracked: options.untracked });
      pairs = await unstagedChanges(cmd, repo, states);
      if (options.untracked) {
        for (const f of states) {
          if (f.stage || !f.work) continue;
          const bytes = (await cmd.fs.promises.readFile(`${repo.dir}/${f.path}`)) as Uint8Array;
          pairs.push({ status: 'A', new: { path: f.path, oid: f.work.oid, mode: normalMode(f.work.mode), bytes } });
        }
        pairs.sort((x, y) => cmpPath((x.new ?? x.old)!.path, (y.new ?? y.old)!.path));
      }
    }
    return pairs.map((pair) => fileDiffOf(pair, options.context ?? 3));
  });
}
