import { has, last, parseArgs } from '../args';
import type { Cmd, Repo } from '../context';
import { fatal, GitExit, unsupported } from '../errors';
import { short } from '../format';
import { classifyRemoteError, gitWording } from '../remote-errors';
import { currentBranch, resolveRevision } from '../revisions';
import { remoteOptions, type RemoteOptions } from '../transport';
import { checkFetchedTrees, restoreGitDir, snapshotGitDir } from '../fetch-guard';
import { CheckoutLimitError, DEFAULT_MAX_BYTES, TOO_LARGE_HINT } from '../limits';
import { resolveOrNull, upstreamOf } from '../tracking';
import { setUpstream } from './branch';
import { mergeInto } from './merge';

// `git fetch`, `git pull` and `git push` over smart HTTP, through the CORS proxy and with the
// host's token as transport.ts decides. Ref updates are reported in git's columns.

interface Target {
  name: string;
  url: string;
}

async function remoteTarget(cmd: Cmd, repo: Repo, nameOrUrl: string | undefined): Promise<Target> {
  const branch = await currentBranch(cmd, repo);
  const upstream = branch ? await upstreamOf(cmd, repo, branch) : null;
  const name = nameOrUrl ?? upstream?.remote ?? 'origin';
  if (/^https?:\/\//i.test(name)) return { name, url: name };
  const url = (await cmd.git.getConfig({
    fs: cmd.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    path: `remote.${name}.url`,
  })) as string | undefined;
  if (!url) {
    throw new GitExit(
      128,
      `fatal: '${name}' does not appear to be a git repository\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n`,
    );
  }
  return { name, url };
}

function fail(error: unknown, remote: RemoteOptions, url: string, ref?: string): never {
  const e = error as { code?: string };
  if (e?.code === 'PushRejectedError') throw error;
  throw new GitExit(
    128,
    gitWording(
      classifyRemoteError(error, {
        url,
        host: remote.host,
        corsProxy: remote.corsProxy,
        hasToken: remote.hasToken,
        ref,
      }),
      url,
    ),
  );
}

function progress(cmd: Cmd) {
  const report = cmd.ctx.onProgress;
  return (p: { phase: string; loaded: number; total: number }) => {
    cmd.ctx.signal?.throwIfAborted();
    report?.({ ...p, percent: p.total ? Math.round((p.loaded / p.total) * 100) : undefined });
  };
}

/** `   abc1234..def5678  main       -> origin/main` */
function refLine(flag: string, summary: string, from: string, to: string, width: number, note = ''): string {
  return ` ${flag} ${summary.padEnd(17)} ${from.padEnd(width)} -> ${to}${note}\n`;
}

async function trackingRefs(cmd: Cmd, repo: Repo, remote: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const b of await cmd.git.listBranches({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, remote })) {
    if (b === 'HEAD') continue;
    const oid = await resolveOrNull(cmd, repo, `refs/remotes/${remote}/${b}`);
    if (oid) out.set(b, oid);
  }
  return out;
}

async function isAncestor(cmd: Cmd, repo: Repo, ancestor: string, oid: string): Promise<boolean> {
  return cmd.git
    .isDescendent({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, oid, ancestor, depth: -1, cache: cmd.cache })
    .catch(() => false);
}

async function doFetch(
  cmd: Cmd,
  repo: Repo,
  target: Target,
  options: { ref?: string; depth?: number; prune?: boolean; tags?: boolean },
): Promise<string> {
  const limits = cmd.ctx.limits ?? {};
  const remote = remoteOptions(target.url, cmd.ctx.remote, {
    http: cmd.ctx.http,
    signal: cmd.ctx.signal,
    maxBytes: limits.maxBytes ?? DEFAULT_MAX_BYTES,
  });
  const before = await trackingRefs(cmd, repo, target.name);
  // What .git held, so a fetch refused past a limit (or cut off) leaves the repository unchanged.
  const snapshot = await snapshotGitDir(cmd.fs, repo.gitdir);
  let fetchHead: string | null = null;
  try {
    ({ fetchHead } = await cmd.git.fetch({
      fs: cmd.fs,
      http: remote.http,
      dir: repo.dir,
      gitdir: repo.gitdir,
      cache: cmd.cache,
      remote: target.name === target.url ? undefined : target.name,
      url: target.name === target.url ? target.url : undefined,
      ref: options.ref,
      singleBranch: !!options.ref,
      // A shallow clone stays shallow without --depth: isomorphic-git sends its shallow commits.
      depth: options.depth,
      prune: options.prune,
      tags: options.tags,
      corsProxy: remote.corsProxy,
      onAuth: remote.onAuth,
      onAuthFailure: remote.onAuthFailure,
      onProgress: progress(cmd),
    }));
  } catch (error) {
    await restoreGitDir(cmd.fs, repo.gitdir, snapshot);
    fail(error, remote, target.url, options.ref);
  }
  const after = await trackingRefs(cmd, repo, target.name);
  const fetched = new Set([...after].filter(([b, oid]) => before.get(b) !== oid).map(([, oid]) => oid));
  if (fetchHead) fetched.add(fetchHead);
  try {
    await checkFetchedTrees(cmd.git, cmd.fs, repo, cmd.cache, [...fetched], limits);
  } catch (error) {
    await restoreGitDir(cmd.fs, repo.gitdir, snapshot);
    if (!(error instanceof CheckoutLimitError)) throw error;
    throw new GitExit(128, gitWording({ kind: 'too-large', message: error.message, hint: TOO_LARGE_HINT }, target.url));
  }
  const lines: [string, string, string, string, string][] = [];
  for (const [b, oid] of after) {
    const old = before.get(b);
    if (old === oid) continue;
    if (!old) lines.push(['*', '[new branch]', b, `${target.name}/${b}`, '']);
    else if (await isAncestor(cmd, repo, old, oid))
      lines.push([' ', `${short(old)}..${short(oid)}`, b, `${target.name}/${b}`, '']);
    else lines.push(['+', `${short(old)}...${short(oid)}`, b, `${target.name}/${b}`, '  (forced update)']);
  }
  for (const [b] of before) if (!after.has(b)) lines.push(['-', '[deleted]', '(none)', `${target.name}/${b}`, '']);
  if (!lines.length) return '';
  const width = Math.max(10, ...lines.map((l) => l[2].length));
  return `From ${target.url}\n${lines.map(([f, s, from, to, note]) => refLine(f, s, from, to, width, note)).join('')}`;
}

export async function fetch(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('fetch', args, {
    bool: ['-q', '--quiet', '-p', '--prune', '--tags', '-t', '--all', '-v', '--verbose', '--unshallow', '--no-tags'],
    value: ['--depth'],
    alias: { '--quiet': '-q', '--prune': '-p', '--tags': '-t', '--verbose': '-v' },
  });
  if (has(parsed, '--unshallow')) unsupported('fetch --unshallow');
  const repo = await cmd.repo();
  const [name, ref, ...more] = parsed.positionals;
  if (more.length) unsupported('fetch with several refspecs');
  if (ref?.includes(':')) unsupported('fetch <src>:<dst>');
  const targets: Target[] = has(parsed, '--all')
    ? (await cmd.git.listRemotes({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir })).map((r) => ({
        name: r.remote,
        url: r.url,
      }))
    : [await remoteTarget(cmd, repo, name)];
  const depth = last(parsed, '--depth');
  for (const target of targets) {
    const text = await doFetch(cmd, repo, target, {
      ref,
      depth: depth ? Number(depth) : undefined,
      prune: has(parsed, '-p'),
      tags: has(parsed, '-t'),
    });
    if (!has(parsed, '-q')) cmd.err(text);
  }
  return 0;
}

export async function pull(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('pull', args, {
    bool: ['-q', '--quiet', '--ff-only', '--no-ff', '--ff', '--no-rebase', '-v', '--verbose', '--no-edit', '--stat'],
    value: ['--depth'],
    alias: { '--quiet': '-q', '--verbose': '-v' },
  });
  if (args.includes('--rebase') || args.includes('-r')) unsupported('pull --rebase');
  const repo = await cmd.repo();
  const branch = await currentBranch(cmd, repo);
  if (!branch) fatal('You are not currently on a branch.');
  const [name, ref] = parsed.positionals;
  const upstream = await upstreamOf(cmd, repo, branch);
  const target = await remoteTarget(cmd, repo, name);
  const remoteBranch =
    ref ?? (upstream && upstream.remote === target.name ? upstream.merge.replace(/^refs\/heads\//, '') : undefined);
  if (!remoteBranch) {
    throw new GitExit(
      1,
      `There is no tracking information for the current branch.\nPlease specify which branch you want to merge with.\n\n    git pull <remote> <branch>\n\n` +
        `If you wish to set tracking information for this branch you can do so with:\n\n    git branch --set-upstream-to=${target.name}/<branch> ${branch}\n\n`,
    );
  }
  const depth = last(parsed, '--depth');
  const text = await doFetch(cmd, repo, target, { ref: remoteBranch, depth: depth ? Number(depth) : undefined });
  if (!has(parsed, '-q')) cmd.err(text);
  const theirs = await resolveOrNull(cmd, repo, `refs/remotes/${target.name}/${remoteBranch}`);
  if (!theirs) fatal(`couldn't find remote ref ${remoteBranch}`);
  const result = await mergeInto(cmd, repo, theirs, `${target.name}/${remoteBranch}`, {
    ffOnly: has(parsed, '--ff-only'),
    noFf: has(parsed, '--no-ff'),
    message: `Merge branch '${remoteBranch}' of ${target.url}${branch === 'main' || branch === 'master' ? '' : ` into ${branch}`}\n`,
    verb: 'merge',
  });
  if (!has(parsed, '-q')) cmd.out(result.text);
  return 0;
}

export async function push(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('push', args, {
    bool: [
      '-u',
      '--set-upstream',
      '-f',
      '--force',
      '--force-with-lease',
      '-q',
      '--quiet',
      '-d',
      '--delete',
      '-v',
      '--verbose',
      '--no-verify',
      '--tags',
      '--all',
      '--follow-tags',
    ],
    alias: { '--set-upstream': '-u', '--force': '-f', '--quiet': '-q', '--delete': '-d', '--verbose': '-v' },
  });
  if (has(parsed, '--tags', '--all', '--follow-tags'))
    unsupported(`push ${args.find((a) => ['--tags', '--all', '--follow-tags'].includes(a))}`);
  const repo = await cmd.repo();
  const { git, fs } = cmd;
  const branch = await currentBranch(cmd, repo);
  const [name, ...specs] = parsed.positionals;
  if (specs.length > 1) unsupported('push of several refspecs');
  const target = await remoteTarget(cmd, repo, name);
  let spec = specs[0];
  let force = has(parsed, '-f', '--force-with-lease');
  const del = has(parsed, '-d') || spec?.startsWith(':');
  if (spec?.startsWith('+')) {
    force = true;
    spec = spec.slice(1);
  }
  let localRef: string;
  let remoteRef: string;
  if (del) {
    remoteRef = (spec ?? '').replace(/^:/, '');
    if (!remoteRef) fatal("--delete doesn't make sense without any refs");
    localRef = remoteRef;
  } else if (spec) {
    const [src, dst] = spec.includes(':') ? spec.split(':') : [spec, spec];
    localRef = src === 'HEAD' ? (branch ?? 'HEAD') : src;
    remoteRef = dst === 'HEAD' ? (branch ?? 'HEAD') : dst;
  } else {
    if (!branch)
      fatal(
        'You are not currently on a branch.\nTo push the history leading to the current (detached HEAD)\nstate now, use\n\n    git push origin HEAD:<name-of-remote-branch>\n',
      );
    const upstream = await upstreamOf(cmd, repo, branch);
    if (!upstream && !has(parsed, '-u')) {
      throw new GitExit(
        128,
        `fatal: The current branch ${branch} has no upstream branch.\nTo push the current branch and set the remote as upstream, use\n\n    git push --set-upstream ${target.name} ${branch}\n\n` +
          `To have this happen automatically for branches without a tracking\nupstream, see 'push.autoSetupRemote' in 'git help config'.\n\n`,
      );
    }
    localRef = branch;
    remoteRef = upstream && upstream.remote === target.name ? upstream.merge.replace(/^refs\/heads\//, '') : branch;
  }
  const localOid = del ? null : await resolveRevision(cmd, repo, localRef);
  const remote = remoteOptions(target.url, cmd.ctx.remote, { http: cmd.ctx.http, signal: cmd.ctx.signal });
  const fullRemote = remoteRef.startsWith('refs/')
    ? remoteRef
    : /^v?\d/.test(remoteRef) && (await resolveOrNull(cmd, repo, `refs/tags/${remoteRef}`))
      ? `refs/tags/${remoteRef}`
      : `refs/heads/${remoteRef}`;

  // What the remote has now, for the `old..new` column.
  let remoteOld: string | undefined;
  try {
    const refs = await git.listServerRefs({
      http: remote.http,
      url: target.url,
      corsProxy: remote.corsProxy,
      forPush: true,
      // Protocol v2 has no push: asking for it makes git http-backend drop the service preamble.
      protocolVersion: 1,
      prefix: fullRemote,
      onAuth: remote.onAuth,
      onAuthFailure: remote.onAuthFailure,
    });
    remoteOld = refs.find((r) => r.ref === fullRemote)?.oid;
  } catch (error) {
    fail(error, remote, target.url);
  }
  const shortName = (r: string) => r.replace(/^refs\/(heads|tags)\//, '');
  if (!del && remoteOld === localOid) {
    cmd.err('Everything up-to-date\n');
    if (has(parsed, '-u') && branch)
      await setUpstream(cmd, repo, shortName(localRef), target.name, shortName(remoteRef));
    return 0;
  }
  try {
    const result = await git.push({
      fs,
      http: remote.http,
      dir: repo.dir,
      gitdir: repo.gitdir,
      cache: cmd.cache,
      remote: target.name === target.url ? undefined : target.name,
      url: target.name === target.url ? target.url : undefined,
      ref: del ? undefined : localRef,
      remoteRef: fullRemote,
      force,
      delete: del,
      corsProxy: remote.corsProxy,
      onAuth: remote.onAuth,
      onAuthFailure: remote.onAuthFailure,
      onProgress: progress(cmd),
      signal: cmd.ctx.signal,
    });
    const refResult = result.refs?.[fullRemote];
    if (!result.ok || (refResult && !refResult.ok)) {
      const why = refResult?.error ?? result.error ?? 'rejected';
      throw new GitExit(
        1,
        `To ${target.url}\n ! [remote rejected] ${shortName(localRef)} -> ${shortName(remoteRef)} (${why})\nerror: failed to push some refs to '${target.url}'\n`,
      );
    }
  } catch (error) {
    if (error instanceof GitExit) throw error;
    const e = error as { code?: string; data?: { reason?: string } };
    if (e.code === 'PushRejectedError') {
      const reason = e.data?.reason === 'tag-exists' ? 'already exists' : 'fetch first';
      throw new GitExit(
        1,
        `To ${target.url}\n ! [rejected]        ${shortName(localRef)} -> ${shortName(remoteRef)} (${reason})\nerror: failed to push some refs to '${target.url}'\n` +
          `hint: Updates were rejected because the remote contains work that you do\nhint: not have locally. This is usually caused by another repository pushing\n` +
          `hint: to the same ref. You may want to first integrate the remote changes\nhint: (e.g., 'git pull ...') before pushing again.\n`,
      );
    }
    fail(error, remote, target.url);
  }
  let line: string;
  if (del)
    line = refLine('-', '[deleted]', shortName(remoteRef), '', 0)
      .replace(/ -> \n$/, '\n')
      .replace(/\s+\n$/, '\n');
  else if (!remoteOld)
    line = refLine(
      '*',
      fullRemote.startsWith('refs/tags/') ? '[new tag]' : '[new branch]',
      shortName(localRef),
      shortName(remoteRef),
      0,
    );
  else if (force && !(await isAncestor(cmd, repo, remoteOld, localOid!)))
    line = refLine(
      '+',
      `${short(remoteOld)}...${short(localOid!)}`,
      shortName(localRef),
      shortName(remoteRef),
      0,
      ' (forced update)',
    );
  else line = refLine(' ', `${short(remoteOld)}..${short(localOid!)}`, shortName(localRef), shortName(remoteRef), 0);
  if (!has(parsed, '-q')) cmd.err(`To ${target.url}\n${line}`);
  if (has(parsed, '-u') && !del) {
    await setUpstream(cmd, repo, shortName(localRef), target.name, shortName(remoteRef));
    if (!has(parsed, '-q'))
      cmd.out(`branch '${shortName(localRef)}' set up to track '${target.name}/${shortName(remoteRef)}'.\n`);
  }
  // Keep the remote-tracking branch in step, as git does after a push.
  if (target.name !== target.url && fullRemote.startsWith('refs/heads/')) {
    const tracking = `refs/remotes/${target.name}/${shortName(remoteRef)}`;
    if (del) await git.deleteRef({ fs, dir: repo.dir, gitdir: repo.gitdir, ref: tracking }).catch(() => undefined);
    else await git.writeRef({ fs, dir: repo.dir, gitdir: repo.gitdir, ref: tracking, value: localOid!, force: true });
  }
  return 0;
}
