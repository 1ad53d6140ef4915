import { has, last, parseArgs } from '../args';
import { repoPath, type Cmd, type Repo } from '../context';
import { failure, fatal } from '../errors';
import { headOid, resolveRevision } from '../revisions';
import { matchesPath, readStates, sameSide, type FileState } from '../worktree-state';
import { removeWorkFile, writeBlobTo } from '../worktree-write';

// `git restore [--staged] [--worktree] [--source=<rev>] <pathspec>…`; also the engine of
// `git checkout [<rev>] -- <paths>`.

export interface RestoreOptions {
  staged: boolean;
  worktree: boolean;
  /** Commit to restore from; default: index for the worktree, HEAD for --staged. */
  source?: string;
}

export async function restorePaths(
  cmd: Cmd,
  repo: Repo,
  specs: string[],
  paths: string[],
  options: RestoreOptions,
): Promise<void> {
  const sourceOid = options.source ? await resolveRevision(cmd, repo, options.source) : undefined;
  const ref = sourceOid ?? (options.staged ? ((await headOid(cmd, repo)) ?? undefined) : undefined);
  const states = await readStates(cmd, repo, { paths, ref });
  // With a source commit, `head` in each state is that commit's version.
  for (let i = 0; i < paths.length; i++) {
    const known = states.some((f) => matchesPath(f.path, paths[i]) && (f.stage || (ref && f.head)));
    if (!known) failure(`pathspec '${specs[i]}' did not match any file(s) known to git`);
  }
  const { git, fs } = cmd;
  const fromIndex = !ref || (!options.staged && !sourceOid);
  for (const f of states) {
    if (!f.stage && !(ref && f.head)) continue;
    const source: FileState['head'] = fromIndex ? f.stage : f.head;
    if (options.staged && !sameSide(f.stage, ref ? f.head : undefined)) {
      await git.resetIndex({
        fs,
        dir: repo.dir,
        gitdir: repo.gitdir,
        filepath: f.path,
        ref: ref ?? 'HEAD',
        cache: cmd.cache,
      });
    }
    if (options.worktree && !sameSide(source, f.work)) {
      if (source) await writeBlobTo(cmd, repo, f.path, source.oid, source.mode);
      else await removeWorkFile(cmd, repo, f.path);
    }
  }
}

export async function restore(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('restore', args, {
    bool: ['-S', '--staged', '-W', '--worktree', '-q', '--quiet', '--ignore-unmerged'],
    value: ['-s', '--source'],
    alias: { '--staged': '-S', '--worktree': '-W', '--source': '-s', '--quiet': '-q' },
  });
  const repo = await cmd.repo();
  const specs = [...parsed.positionals, ...(parsed.afterDashDash ?? [])];
  if (!specs.length) fatal('you must specify path(s) to restore');
  const staged = has(parsed, '-S');
  const worktree = has(parsed, '-W') || !staged;
  const paths = specs.map((p) => repoPath(repo, cmd.cwd, p));
  await restorePaths(cmd, repo, specs, paths, { staged, worktree, source: last(parsed, '-s') });
  return 0;
}
