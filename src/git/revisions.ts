import type { Cmd, Repo } from './context';
import { GitExit } from './errors';

// Revision names as git reads them: HEAD/@, branches, tags, remote branches, full or abbreviated
// ids, followed by any chain of `~N`, `^N` and `^`.

async function resolveBase(cmd: Cmd, repo: Repo, name: string): Promise<string | null> {
  const { git, fs } = cmd;
  const base = name === '@' || name === '' ? 'HEAD' : name;
  const stash = /^stash@\{(\d+)\}$/.exec(base);
  if (stash) return stashEntry(cmd, repo, Number(stash[1]));
  const upstream = /^(.*)@\{(u|upstream)\}$/.exec(base);
  if (upstream) {
    const branch = upstream[1] || (await currentBranch(cmd, repo));
    const remote = branch
      ? await git.getConfig({ fs, dir: repo.dir, gitdir: repo.gitdir, path: `branch.${branch}.remote` })
      : undefined;
    const merge = branch
      ? await git.getConfig({ fs, dir: repo.dir, gitdir: repo.gitdir, path: `branch.${branch}.merge` })
      : undefined;
    if (!remote || !merge) return null;
    return resolveBase(cmd, repo, `refs/remotes/${remote}/${String(merge).replace(/^refs\/heads\//, '')}`);
  }
  const candidates =
    base === 'HEAD' || base.startsWith('refs/')
      ? [base]
      : [
          base,
          `refs/${base}`,
          `refs/tags/${base}`,
          `refs/heads/${base}`,
          `refs/remotes/${base}`,
          `refs/remotes/${base}/HEAD`,
        ];
  for (const ref of candidates) {
    try {
      const oid = await git.resolveRef({ fs, dir: repo.dir, gitdir: repo.gitdir, ref });
      return await peel(cmd, repo, oid);
    } catch {
      // try the next spelling
    }
  }
  if (/^[0-9a-f]{4,40}$/i.test(base)) {
    try {
      const oid = await git.expandOid({
        fs,
        dir: repo.dir,
        gitdir: repo.gitdir,
        oid: base.toLowerCase(),
        cache: cmd.cache,
      });
      return await peel(cmd, repo, oid);
    } catch {
      return null;
    }
  }
  return null;
}

/** `stash@{n}`: the n-th newest entry of the stash reflog. */
async function stashEntry(cmd: Cmd, repo: Repo, n: number): Promise<string | null> {
  try {
    const text = new TextDecoder().decode(
      (await cmd.fs.promises.readFile(`${repo.gitdir}/logs/refs/stash`)) as Uint8Array,
    );
    const lines = text.split('\n').filter(Boolean).reverse();
    return lines[n]?.split(' ')[1] ?? null;
  } catch {
    return null;
  }
}

/** Annotated tags point at a tag object; revisions want the commit under it. */
async function peel(cmd: Cmd, repo: Repo, oid: string): Promise<string> {
  let current = oid;
  for (let i = 0; i < 10; i++) {
    const { type, object } = await cmd.git.readObject({
      fs: cmd.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid: current,
      cache: cmd.cache,
      format: 'parsed',
    });
    if (type !== 'tag') return current;
    current = (object as { object: string }).object;
  }
  return current;
}

export async function tryResolveRevision(cmd: Cmd, repo: Repo, rev: string): Promise<string | null> {
  const m = /^(.*?)((?:[~^]\d*)*)$/.exec(rev);
  if (!m) return null;
  let oid = await resolveBase(cmd, repo, m[1]);
  if (!oid) return null;
  const steps = m[2].match(/[~^]\d*/g) ?? [];
  for (const step of steps) {
    const n = step.length > 1 ? Number(step.slice(1)) : 1;
    if (step[0] === '~') {
      for (let i = 0; i < n; i++) {
        const parent = await parentOf(cmd, repo, oid!, 0);
        if (!parent) return null;
        oid = parent;
      }
    } else {
      if (n === 0) continue;
      const parent = await parentOf(cmd, repo, oid!, n - 1);
      if (!parent) return null;
      oid = parent;
    }
  }
  return oid;
}

async function parentOf(cmd: Cmd, repo: Repo, oid: string, index: number): Promise<string | null> {
  try {
    const { commit } = await cmd.git.readCommit({
      fs: cmd.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid,
      cache: cmd.cache,
    });
    return commit.parent[index] ?? null;
  } catch {
    return null;
  }
}

export function unknownRevision(rev: string): never {
  throw new GitExit(
    128,
    `fatal: ambiguous argument '${rev}': unknown revision or path not in the working tree.\n` +
      `Use '--' to separate paths from revisions, like this:\n'git <command> [<revision>...] -- [<file>...]'\n`,
  );
}

export async function resolveRevision(cmd: Cmd, repo: Repo, rev: string): Promise<string> {
  const oid = await tryResolveRevision(cmd, repo, rev);
  if (!oid) unknownRevision(rev);
  return oid;
}

/** The current branch name, or null when HEAD is detached. */
export async function currentBranch(cmd: Cmd, repo: Repo): Promise<string | null> {
  const name = await cmd.git.currentBranch({
    fs: cmd.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    fullname: false,
    test: false,
  });
  return name ?? null;
}

/** HEAD's commit, or null on an unborn branch. */
export async function headOid(cmd: Cmd, repo: Repo): Promise<string | null> {
  try {
    return await cmd.git.resolveRef({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, ref: 'HEAD' });
  } catch {
    return null;
  }
}
