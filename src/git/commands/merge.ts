import { has, last, parseArgs } from '../args';
import type { Cmd, Repo } from '../context';
import { fatal, GitExit, unsupported } from '../errors';
import { treeChanges } from '../changes';
import { count, stat } from '../diff-text';
import { short } from '../format';
import { authorOf, committerOf } from '../identity';
import { currentBranch, headOid, resolveRevision } from '../revisions';
import { statusReport } from './status';
import { sparseFilepaths } from '../sparse-folder';

// `git merge <commit> [--ff-only|--no-ff] [-m <msg>]`, also the second half of `git pull`.
// A conflicted merge is refused whole: there is no half-merged state to continue from.

export interface MergeResult {
  text: string;
  changed: boolean;
}

export async function mergeInto(
  cmd: Cmd,
  repo: Repo,
  theirs: string,
  theirsLabel: string,
  options: { ffOnly?: boolean; noFf?: boolean; message?: string; verb?: 'merge' | 'pull' } = {},
): Promise<MergeResult> {
  const { git, fs } = cmd;
  const branch = await currentBranch(cmd, repo);
  if (!branch) fatal("Tidepool's git can only merge into a branch (HEAD is detached).");
  const ours = await headOid(cmd, repo);
  if (!ours) fatal('You have not made any commits yet: nothing to merge into.');
  if (
    ours === theirs ||
    (await git
      .isDescendent({
        fs,
        dir: repo.dir,
        gitdir: repo.gitdir,
        oid: ours,
        ancestor: theirs,
        depth: -1,
        cache: cmd.cache,
      })
      .catch(() => false))
  ) {
    return { text: 'Already up to date.\n', changed: false };
  }
  // Refuse, as git does, when local changes sit on files the merge would rewrite.
  const incoming = new Set((await treeChanges(cmd, repo, ours, theirs)).map((p) => (p.new ?? p.old)!.path));
  const dirty = (await statusReport(cmd, repo, [], 'no')).entries.map((e) => e.path).filter((p) => incoming.has(p));
  if (dirty.length) {
    throw new GitExit(
      1,
      `error: Your local changes to the following files would be overwritten by ${options.verb ?? 'merge'}:\n${dirty.map((p) => `\t${p}\n`).join('')}` +
        `Please commit your changes or stash them before you merge.\nAborting\n`,
    );
  }
  const author = await authorOf(cmd, repo);
  const committer = await committerOf(cmd, repo);
  let result: { oid?: string; fastForward?: boolean; mergeCommit?: boolean };
  try {
    result = await git.merge({
      fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      ours: branch,
      theirs,
      fastForward: !options.noFf,
      fastForwardOnly: options.ffOnly,
      message:
        options.message ??
        `Merge ${theirsLabel.startsWith('remote-tracking') ? theirsLabel : `branch '${theirsLabel}'`}${branch === 'main' || branch === 'master' ? '' : ` into ${branch}`}\n`,
      author,
      committer,
      abortOnConflict: true,
      cache: cmd.cache,
    });
  } catch (error) {
    const e = error as { code?: string; data?: { filepaths?: string[] } };
    if (e.code === 'FastForwardError')
      throw new GitExit(
        128,
        "hint: Diverging branches can't be fast-forwarded.\nfatal: Not possible to fast-forward, aborting.\n",
      );
    if (e.code === 'MergeConflictError' || e.code === 'MergeNotSupportedError') {
      const files = e.data?.filepaths ?? [];
      throw new GitExit(
        1,
        files.map((f) => `Auto-merging ${f}\nCONFLICT (content): Merge conflict in ${f}\n`).join('') +
          `Automatic merge failed. Tidepool's git cannot stop in the middle of a merge, so nothing was changed.\n` +
          `Merge by hand: compare with 'git diff HEAD ${theirsLabel}', edit the files, then commit.\n`,
      );
    }
    throw error;
  }
  const merged = result.oid ?? theirs;
  await git.checkout({
    fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    ref: branch,
    cache: cmd.cache,
    filepaths: await sparseFilepaths(fs, repo.gitdir),
  });
  const stats = stat((await treeChanges(cmd, repo, ours, merged)).map((p) => count(p)));
  if (result.fastForward)
    return { text: `Updating ${short(ours)}..${short(merged)}\nFast-forward\n${stats}`, changed: true };
  return { text: `Merge made by the 'ort' strategy.\n${stats}`, changed: true };
}

export async function merge(cmd: Cmd, args: string[]): Promise<number> {
  if (args.includes('--abort') || args.includes('--continue') || args.includes('--squash'))
    unsupported(`merge ${args.find((a) => ['--abort', '--continue', '--squash'].includes(a))}`);
  const parsed = parseArgs('merge', args, {
    bool: ['--ff-only', '--no-ff', '--ff', '-q', '--quiet', '--no-edit', '--stat', '-n', '--no-stat'],
    value: ['-m', '--message'],
    alias: { '--message': '-m', '--quiet': '-q' },
  });
  const repo = await cmd.repo();
  const [target, ...more] = parsed.positionals;
  if (!target) fatal('No remote for the current branch.');
  if (more.length) unsupported('merge of several commits (octopus)');
  const theirs = await resolveRevision(cmd, repo, target);
  const result = await mergeInto(cmd, repo, theirs, target, {
    ffOnly: has(parsed, '--ff-only'),
    noFf: has(parsed, '--no-ff'),
    message: last(parsed, '-m'),
  });
  if (!has(parsed, '-q')) cmd.out(result.text);
  return 0;
}
