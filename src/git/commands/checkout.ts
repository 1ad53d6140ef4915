import { has, last, parseArgs } from '../args';
import { repoPath, type Cmd, type Repo } from '../context';
import { fatal, GitExit, unsupported } from '../errors';
import { short } from '../format';
import { readCommitInfo } from '../history';
import { currentBranch, headOid, resolveRevision, tryResolveRevision } from '../revisions';
import { resolveOrNull, trackingText } from '../tracking';
import { createBranch } from './branch';
import { subjectOf } from './commit';
import { restorePaths } from './restore';
import { statusReport } from './status';
import { sparseFilepaths } from '../sparse-folder';

// `git checkout <branch>|<commit>|-b <new> [<start>]|[<rev>] -- <paths>` and
// `git switch <branch>|-c <new> [<start>]|--detach <commit>`.

/** Moves HEAD to `target` (a branch name, or a commit id to detach at), updating the working tree. */
async function switchTo(
  cmd: Cmd,
  repo: Repo,
  target: { branch?: string; oid: string },
  force: boolean,
  created: boolean,
  extra = '',
): Promise<number> {
  const { git, fs } = cmd;
  const before = await currentBranch(cmd, repo);
  try {
    await git.checkout({
      fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      ref: target.branch ?? target.oid,
      force,
      cache: cmd.cache,
      filepaths: await sparseFilepaths(cmd.fs, repo.gitdir),
    });
  } catch (error) {
    const e = error as { code?: string; data?: { filepaths?: string[] } };
    if (e.code === 'CheckoutConflictError') {
      const files = (e.data?.filepaths ?? []).map((f) => `\t${f}\n`).join('');
      throw new GitExit(
        1,
        `error: Your local changes to the following files would be overwritten by checkout:\n${files}` +
          `Please commit your changes or stash them before you switch branches.\nAborting\n`,
      );
    }
    throw error;
  }
  // Local changes carried across, listed as git lists them.
  const report = await statusReport(cmd, repo, [], 'no');
  let out = report.entries.map((e) => `${e.staged !== ' ' ? e.staged : e.unstaged}\t${e.path}\n`).join('');
  if (target.branch) {
    out += await trackingText(cmd, repo, target.branch, target.oid);
    if (!created && before === target.branch) cmd.err(`Already on '${target.branch}'\n`);
    else cmd.err(`${extra}Switched to ${created ? 'a new branch' : 'branch'} '${target.branch}'\n`);
  } else {
    const info = await readCommitInfo(cmd, repo, target.oid);
    cmd.err(
      `Note: switching to '${target.oid}'.\n\nYou are in 'detached HEAD' state. You can look around, make experimental\n` +
        `changes and commit them, and you can discard any commits you make in this\nstate without impacting any branches by switching back to a branch.\n\n` +
        `If you want to create a new branch to retain commits you create, you may\ndo so (now or later) by using -c with the switch command. Example:\n\n` +
        `  git switch -c <new-branch-name>\n\nOr undo this operation with:\n\n  git switch -\n\n` +
        `Turn off this advice by setting config variable advice.detachedHead to false\n\n` +
        `HEAD is now at ${short(target.oid)} ${info ? subjectOf(info.commit.message) : ''}\n`,
    );
  }
  cmd.out(out);
  return 0;
}

/** A branch name the user gave: local, else a remote branch of the same name to track (git's DWIM). */
async function branchTarget(
  cmd: Cmd,
  repo: Repo,
  name: string,
): Promise<{ branch: string; oid: string; created: string } | null> {
  const local = await resolveOrNull(cmd, repo, `refs/heads/${name}`);
  if (local) return { branch: name, oid: local, created: '' };
  const remotes = await cmd.git.listRemotes({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir });
  const matches: string[] = [];
  for (const r of remotes)
    if (await resolveOrNull(cmd, repo, `refs/remotes/${r.remote}/${name}`)) matches.push(r.remote);
  if (matches.length !== 1) return null;
  const note = await createBranch(cmd, repo, name, `${matches[0]}/${name}`);
  return { branch: name, oid: (await resolveOrNull(cmd, repo, `refs/heads/${name}`))!, created: note };
}

export async function checkout(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('checkout', args, {
    bool: ['-f', '--force', '-q', '--quiet', '--detach', '-t', '--track', '--no-track'],
    value: ['-b', '-B'],
    alias: { '--force': '-f', '--quiet': '-q', '--track': '-t' },
  });
  const repo = await cmd.repo();
  const force = has(parsed, '-f');
  const create = last(parsed, '-b') ?? last(parsed, '-B');
  if (create !== undefined) {
    if (parsed.afterDashDash?.length) unsupported('checkout -b with paths');
    const start = parsed.positionals[0];
    const note = await createBranch(cmd, repo, create, start, has(parsed, '-B'));
    const oid = (await resolveOrNull(cmd, repo, `refs/heads/${create}`))!;
    // A new branch at the current commit: only HEAD moves, the tree stays as it is.
    if (!start || oid === (await headOid(cmd, repo))) {
      await cmd.git.writeRef({
        fs: cmd.fs,
        dir: repo.dir,
        gitdir: repo.gitdir,
        ref: 'HEAD',
        value: `refs/heads/${create}`,
        symbolic: true,
        force: true,
      });
      if (note) cmd.out(note);
      cmd.err(`Switched to a new branch '${create}'\n`);
      return 0;
    }
    return switchTo(cmd, repo, { branch: create, oid }, force, true, note);
  }

  const [first, ...rest] = parsed.positionals;
  const dashPaths = parsed.afterDashDash;
  if (dashPaths !== null || rest.length) {
    // checkout [<rev>] -- <paths>: files from the index, or from <rev> into index and tree.
    const rev = dashPaths !== null ? first : undefined;
    const specs = dashPaths !== null ? [...rest, ...dashPaths] : parsed.positionals;
    if (rev !== undefined && !(await tryResolveRevision(cmd, repo, rev))) specs.unshift(rev);
    const source = rev !== undefined && (await tryResolveRevision(cmd, repo, rev)) ? rev : undefined;
    const paths = specs.map((p) => repoPath(repo, cmd.cwd, p));
    await restorePaths(cmd, repo, specs, paths, { staged: !!source, worktree: true, source });
    return 0;
  }
  if (first === undefined) {
    cmd.out(await trackingText(cmd, repo, (await currentBranch(cmd, repo)) ?? '', await headOid(cmd, repo)));
    return 0;
  }
  if (first === '-') unsupported('checkout -');
  if (!has(parsed, '--detach')) {
    const target = await branchTarget(cmd, repo, first);
    if (target) return switchTo(cmd, repo, target, force, !!target.created, target.created);
  }
  const oid = await tryResolveRevision(cmd, repo, first);
  if (oid) return switchTo(cmd, repo, { oid }, force, false);
  // Not a revision: a path, as in `git checkout file.txt`.
  try {
    await cmd.fs.promises.lstat(`${repo.dir}/${repoPath(repo, cmd.cwd, first)}`);
  } catch {
    fatal(`pathspec '${first}' did not match any file(s) known to git`, 1);
  }
  await restorePaths(cmd, repo, [first], [repoPath(repo, cmd.cwd, first)], { staged: false, worktree: true });
  return 0;
}

export async function switchBranch(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('switch', args, {
    bool: ['-f', '--force', '--discard-changes', '-q', '--quiet', '-d', '--detach', '-t', '--track', '--no-track'],
    value: ['-c', '--create', '-C', '--force-create'],
    alias: {
      '--force': '-f',
      '--discard-changes': '-f',
      '--quiet': '-q',
      '--detach': '-d',
      '--create': '-c',
      '--force-create': '-C',
      '--track': '-t',
    },
  });
  const repo = await cmd.repo();
  const force = has(parsed, '-f');
  const create = last(parsed, '-c') ?? last(parsed, '-C');
  const [first] = parsed.positionals;
  if (create !== undefined) {
    const note = await createBranch(cmd, repo, create, first, has(parsed, '-C'));
    const oid = (await resolveOrNull(cmd, repo, `refs/heads/${create}`))!;
    if (!first || oid === (await headOid(cmd, repo))) {
      await cmd.git.writeRef({
        fs: cmd.fs,
        dir: repo.dir,
        gitdir: repo.gitdir,
        ref: 'HEAD',
        value: `refs/heads/${create}`,
        symbolic: true,
        force: true,
      });
      if (note) cmd.out(note);
      cmd.err(`Switched to a new branch '${create}'\n`);
      return 0;
    }
    return switchTo(cmd, repo, { branch: create, oid }, force, true, note);
  }
  if (first === undefined) fatal('missing branch or commit argument');
  if (first === '-') unsupported('switch -');
  if (has(parsed, '-d')) return switchTo(cmd, repo, { oid: await resolveRevision(cmd, repo, first) }, force, false);
  const target = await branchTarget(cmd, repo, first);
  if (!target) {
    if (await tryResolveRevision(cmd, repo, first))
      fatal(
        `a branch is expected, got '${first}'\nhint: If you want to detach HEAD at the commit, try again with the --detach option.`,
      );
    fatal(`invalid reference: ${first}`);
  }
  return switchTo(cmd, repo, target, force, !!target.created, target.created);
}
