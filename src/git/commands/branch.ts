import { all, has, last, parseArgs } from '../args';
import type { Cmd, Repo } from '../context';
import { fatal, unsupported } from '../errors';
import { short } from '../format';
import { readCommitInfo } from '../history';
import { subjectOf } from './commit';
import { currentBranch, headOid, resolveRevision } from '../revisions';
import { aheadBehind, resolveOrNull, upstreamOf } from '../tracking';

// `git branch` list (-a, -r, -v, -vv, --show-current), create (`<name> [<start>]`), -d/-D, -m/-M,
// --set-upstream-to/-u, --unset-upstream.

export async function isMerged(cmd: Cmd, repo: Repo, tip: string, into: string): Promise<boolean> {
  if (tip === into) return true;
  try {
    return await cmd.git.isDescendent({
      fs: cmd.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid: into,
      ancestor: tip,
      depth: -1,
      cache: cmd.cache,
    });
  } catch {
    return false;
  }
}

export function validBranchName(name: string): boolean {
  return !(
    !name ||
    name.startsWith('-') ||
    name.startsWith('/') ||
    name.endsWith('/') ||
    name.endsWith('.') ||
    name.endsWith('.lock') ||
    name.includes('..') ||
    name.includes('//') ||
    name.includes('@{') ||
    name === '@' ||
    /[\s~^:?*[\\\x00-\x1f\x7f]/.test(name)
  );
}

export async function createBranch(
  cmd: Cmd,
  repo: Repo,
  name: string,
  start: string | undefined,
  force = false,
): Promise<string> {
  if (!validBranchName(name)) fatal(`'${name}' is not a valid branch name`);
  const exists = await resolveOrNull(cmd, repo, `refs/heads/${name}`);
  if (exists && !force) fatal(`a branch named '${name}' already exists`);
  const oid = start ? await resolveRevision(cmd, repo, start) : await headOid(cmd, repo);
  if (!oid) fatal(`not a valid object name: '${start ?? (await currentBranch(cmd, repo)) ?? 'HEAD'}'`);
  await cmd.git.writeRef({
    fs: cmd.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    ref: `refs/heads/${name}`,
    value: oid,
    force: true,
  });
  // Branching from a remote branch sets it as upstream (branch.autoSetupMerge), as git does.
  if (start) {
    const remotes = await cmd.git.listRemotes({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir });
    const remote = remotes.find(
      (r) => start.startsWith(`${r.remote}/`) || start.startsWith(`refs/remotes/${r.remote}/`),
    );
    if (remote && (await resolveOrNull(cmd, repo, start.startsWith('refs/') ? start : `refs/remotes/${start}`))) {
      const remoteBranch = start.replace(/^refs\/remotes\//, '').slice(remote.remote.length + 1);
      await setUpstream(cmd, repo, name, remote.remote, remoteBranch);
      return `branch '${name}' set up to track '${remote.remote}/${remoteBranch}'.\n`;
    }
  }
  return '';
}

export async function setUpstream(
  cmd: Cmd,
  repo: Repo,
  branch: string,
  remote: string,
  remoteBranch: string,
): Promise<void> {
  await cmd.git.setConfig({
    fs: cmd.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    path: `branch.${branch}.remote`,
    value: remote,
  });
  await cmd.git.setConfig({
    fs: cmd.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    path: `branch.${branch}.merge`,
    value: `refs/heads/${remoteBranch}`,
  });
}

export async function branch(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('branch', args, {
    bool: [
      '-a',
      '--all',
      '-r',
      '--remotes',
      '-v',
      '--verbose',
      '-d',
      '--delete',
      '-D',
      '-m',
      '--move',
      '-M',
      '--show-current',
      '-f',
      '--force',
      '--unset-upstream',
      '-l',
      '--list',
      '-q',
      '--quiet',
      '--no-color',
    ],
    value: ['-u', '--set-upstream-to', '--contains', '--merged', '--no-merged', '--format', '--sort'],
    alias: {
      '--all': '-a',
      '--remotes': '-r',
      '--verbose': '-v',
      '--delete': '-d',
      '--move': '-m',
      '--force': '-f',
      '--set-upstream-to': '-u',
      '--list': '-l',
      '--quiet': '-q',
    },
  });
  if (has(parsed, '--contains', '--merged', '--no-merged', '--format', '--sort')) {
    unsupported(`branch ${args.find((a) => /^--(contains|merged|no-merged|format|sort)/.test(a))}`);
  }
  const repo = await cmd.repo();
  const { git, fs } = cmd;
  const current = await currentBranch(cmd, repo);
  const [first, second] = parsed.positionals;

  if (has(parsed, '--show-current')) {
    cmd.out(current ? `${current}\n` : '');
    return 0;
  }
  if (has(parsed, '-d', '-D')) {
    const force = has(parsed, '-D') || has(parsed, '-f');
    if (!parsed.positionals.length) fatal('branch name required');
    let code = 0;
    for (const name of parsed.positionals) {
      const oid = await resolveOrNull(cmd, repo, `refs/heads/${name}`);
      if (!oid) {
        cmd.err(`error: branch '${name}' not found.\n`);
        code = 1;
        continue;
      }
      if (name === current) {
        cmd.err(`error: Cannot delete branch '${name}' checked out at '${repo.dir}'\n`);
        code = 1;
        continue;
      }
      if (!force) {
        const up = await upstreamOf(cmd, repo, name);
        const into = (up && (await resolveOrNull(cmd, repo, up.trackingRef))) || (await headOid(cmd, repo));
        if (into && !(await isMerged(cmd, repo, oid, into))) {
          cmd.err(
            `error: The branch '${name}' is not fully merged.\nIf you are sure you want to delete it, run 'git branch -D ${name}'.\n`,
          );
          code = 1;
          continue;
        }
      }
      await git.deleteBranch({ fs, dir: repo.dir, gitdir: repo.gitdir, ref: name });
      cmd.out(`Deleted branch ${name} (was ${short(oid)}).\n`);
    }
    return code;
  }
  if (has(parsed, '-m', '-M')) {
    const [from, to] = second !== undefined ? [first, second] : [current, first];
    if (!from || !to) fatal('branch name required');
    if (!(await resolveOrNull(cmd, repo, `refs/heads/${from}`))) fatal(`no branch named '${from}'`);
    if (!validBranchName(to)) fatal(`'${to}' is not a valid branch name`);
    if ((await resolveOrNull(cmd, repo, `refs/heads/${to}`)) && !has(parsed, '-M'))
      fatal(`a branch named '${to}' already exists`);
    await git.renameBranch({
      fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oldref: from,
      ref: to,
      checkout: from === current,
    });
    return 0;
  }
  if (has(parsed, '--unset-upstream')) {
    const name = first ?? current;
    if (!name) fatal('HEAD is detached; name the branch');
    await git.setConfig({ fs, dir: repo.dir, gitdir: repo.gitdir, path: `branch.${name}.remote`, value: undefined });
    await git.setConfig({ fs, dir: repo.dir, gitdir: repo.gitdir, path: `branch.${name}.merge`, value: undefined });
    return 0;
  }
  const upstream = last(parsed, '-u');
  if (upstream !== undefined) {
    const name = first ?? current;
    if (!name) fatal('HEAD is detached; name the branch');
    const slash = upstream.indexOf('/');
    if (slash < 0 || !(await resolveOrNull(cmd, repo, `refs/remotes/${upstream}`))) {
      fatal(`the requested upstream branch '${upstream}' does not exist`);
    }
    await setUpstream(cmd, repo, name, upstream.slice(0, slash), upstream.slice(slash + 1));
    cmd.out(`branch '${name}' set up to track '${upstream}'.\n`);
    return 0;
  }
  if (first !== undefined && !has(parsed, '-l', '-a', '-r')) {
    cmd.out(await createBranch(cmd, repo, first, second, has(parsed, '-f')));
    return 0;
  }

  // Listing.
  const verbose = all(parsed, '-v').length;
  const rows: { mark: string; name: string; oid: string | null; local?: string }[] = [];
  if (!has(parsed, '-r')) {
    const head = await headOid(cmd, repo);
    if (!current && head) rows.push({ mark: '*', name: `(HEAD detached at ${short(head)})`, oid: head });
    for (const b of (await git.listBranches({ fs, dir: repo.dir, gitdir: repo.gitdir })).sort()) {
      rows.push({
        mark: b === current ? '*' : ' ',
        name: b,
        oid: await resolveOrNull(cmd, repo, `refs/heads/${b}`),
        local: b,
      });
    }
  }
  if (has(parsed, '-a', '-r')) {
    const prefix = has(parsed, '-a') ? 'remotes/' : '';
    for (const r of await git.listRemotes({ fs, dir: repo.dir, gitdir: repo.gitdir })) {
      const names = (await git.listBranches({ fs, dir: repo.dir, gitdir: repo.gitdir, remote: r.remote })).sort();
      for (const b of names) {
        if (b === 'HEAD') {
          const target = await git
            .resolveRef({ fs, dir: repo.dir, gitdir: repo.gitdir, ref: `refs/remotes/${r.remote}/HEAD`, depth: 2 })
            .catch(() => null);
          const to = target?.startsWith('refs/remotes/') ? target.slice('refs/remotes/'.length) : null;
          if (to) {
            rows.push({ mark: ' ', name: `${prefix}${r.remote}/HEAD -> ${to}`, oid: null });
            continue;
          }
        }
        rows.push({
          mark: ' ',
          name: `${prefix}${r.remote}/${b}`,
          oid: await resolveOrNull(cmd, repo, `refs/remotes/${r.remote}/${b}`),
        });
      }
    }
  }
  const width = Math.max(0, ...rows.filter((r) => r.oid).map((r) => r.name.length));
  let out = '';
  for (const row of rows) {
    if (!verbose || !row.oid) {
      out += `${row.mark} ${row.name}\n`;
      continue;
    }
    const info = await readCommitInfo(cmd, repo, row.oid);
    let track = '';
    if (row.local) {
      const up = await upstreamOf(cmd, repo, row.local);
      const theirs = up ? await resolveOrNull(cmd, repo, up.trackingRef) : null;
      if (up && theirs) {
        const [ahead, behind] = await aheadBehind(cmd, repo, row.oid, theirs);
        const state = [ahead ? `ahead ${ahead}` : '', behind ? `behind ${behind}` : ''].filter(Boolean).join(', ');
        if (verbose > 1) track = `[${up.short}${state ? `: ${state}` : ''}] `;
        else if (state) track = `[${state}] `;
      } else if (up && verbose > 1) track = `[${up.short}: gone] `;
    }
    out += `${row.mark} ${row.name.padEnd(width)} ${short(row.oid)} ${track}${info ? subjectOf(info.commit.message) : ''}\n`;
  }
  cmd.out(out);
  return 0;
}
