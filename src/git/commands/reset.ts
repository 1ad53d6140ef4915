import { has, parseArgs } from '../args';
import { repoPath, type Cmd, type Repo } from '../context';
import { GitExit, unsupported } from '../errors';
import { short } from '../format';
import { readCommitInfo } from '../history';
import { currentBranch, headOid, resolveRevision, tryResolveRevision } from '../revisions';
import { readStates, sameSide } from '../worktree-state';
import { subjectOf } from './commit';
import { statusReport } from './status';
import { sparseFilepaths } from '../sparse-folder';

// `git reset [--soft|--mixed|--hard] [<commit>]` and `git reset [<commit>] [--] <paths>`.

async function resetIndexTo(cmd: Cmd, repo: Repo, oid: string | null, paths: string[] = []): Promise<void> {
  const states = await readStates(cmd, repo, { paths, ref: oid ?? undefined });
  for (const f of states) {
    const target = oid ? f.head : undefined;
    if (sameSide(f.stage, target)) continue;
    if (target)
      await cmd.git.resetIndex({
        fs: cmd.fs,
        dir: repo.dir,
        gitdir: repo.gitdir,
        filepath: f.path,
        ref: oid!,
        cache: cmd.cache,
      });
    else if (f.stage)
      await cmd.git.remove({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, filepath: f.path, cache: cmd.cache });
  }
}

async function unstagedList(cmd: Cmd, repo: Repo): Promise<string> {
  const report = await statusReport(cmd, repo, [], 'no');
  const lines = report.entries.filter((e) => e.unstaged !== ' ').map((e) => `${e.unstaged}\t${e.path}\n`);
  return lines.length ? `Unstaged changes after reset:\n${lines.join('')}` : '';
}

export async function reset(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('reset', args, {
    bool: ['--soft', '--mixed', '--hard', '-q', '--quiet', '--keep', '--merge', '-p', '--patch'],
    alias: { '--quiet': '-q' },
  });
  if (has(parsed, '--keep', '--merge', '-p', '--patch'))
    unsupported(`reset ${args.find((a) => ['--keep', '--merge', '-p', '--patch'].includes(a))}`);
  const repo = await cmd.repo();
  const { git, fs } = cmd;
  let rev: string | undefined = parsed.positionals[0];
  let pathArgs = parsed.positionals.slice(1);
  const dashPaths = parsed.afterDashDash ?? [];
  if (rev !== undefined && !(await tryResolveRevision(cmd, repo, rev))) {
    // `git reset file`: no commit given, the first argument is a path.
    pathArgs = [rev, ...pathArgs];
    rev = undefined;
  }
  const specs = [...pathArgs, ...dashPaths];
  const head = await headOid(cmd, repo);
  const target = rev !== undefined ? await resolveRevision(cmd, repo, rev) : head;

  if (specs.length) {
    if (has(parsed, '--soft', '--hard')) {
      throw new GitExit(128, `fatal: Cannot do ${has(parsed, '--soft') ? 'soft' : 'hard'} reset with paths.\n`);
    }
    await resetIndexTo(
      cmd,
      repo,
      target,
      specs.map((p) => repoPath(repo, cmd.cwd, p)),
    );
    if (!has(parsed, '-q')) cmd.out(await unstagedList(cmd, repo));
    return 0;
  }
  if (!target) {
    // Unborn branch: `git reset` just empties the index.
    await resetIndexTo(cmd, repo, null);
    return 0;
  }
  const branch = await currentBranch(cmd, repo);
  const moveHead = async () => {
    if (branch)
      await git.writeRef({
        fs,
        dir: repo.dir,
        gitdir: repo.gitdir,
        ref: `refs/heads/${branch}`,
        value: target,
        force: true,
      });
    else await git.writeRef({ fs, dir: repo.dir, gitdir: repo.gitdir, ref: 'HEAD', value: target, force: true });
    if (head)
      await git.writeRef({ fs, dir: repo.dir, gitdir: repo.gitdir, ref: 'ORIG_HEAD', value: head, force: true });
  };
  if (has(parsed, '--hard')) {
    await moveHead();
    // Forced checkout of the moved branch rewrites changed files, deletes files the target lacks, keeps untracked ones.
    await git.checkout({
      fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      ref: branch ?? target,
      force: true,
      cache: cmd.cache,
      filepaths: await sparseFilepaths(cmd.fs, repo.gitdir),
    });
    await resetIndexTo(cmd, repo, target);
    if (!has(parsed, '-q')) {
      const info = await readCommitInfo(cmd, repo, target);
      cmd.out(`HEAD is now at ${short(target)} ${info ? subjectOf(info.commit.message) : ''}\n`);
    }
    return 0;
  }
  await moveHead();
  if (has(parsed, '--soft')) return 0;
  await resetIndexTo(cmd, repo, target);
  if (!has(parsed, '-q')) cmd.out(await unstagedList(cmd, repo));
  return 0;
}
