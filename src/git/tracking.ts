import type { Cmd, Repo } from './context';
import { configValue } from './identity';

// The upstream of a branch (branch.<name>.remote/merge) and how far the two have moved apart,
// for `git status`, `git status -sb` and `git push`'s hints.

export interface Upstream {
  remote: string;
  /** `refs/heads/main` on the remote. */
  merge: string;
  /** `origin/main`. */
  short: string;
  /** `refs/remotes/origin/main`, the local copy. */
  trackingRef: string;
}

export async function upstreamOf(cmd: Cmd, repo: Repo, branch: string): Promise<Upstream | null> {
  const remote = await configValue(cmd, repo, `branch.${branch}.remote`);
  const merge = await configValue(cmd, repo, `branch.${branch}.merge`);
  if (!remote || !merge) return null;
  const name = merge.replace(/^refs\/heads\//, '');
  return { remote, merge, short: `${remote}/${name}`, trackingRef: `refs/remotes/${remote}/${name}` };
}

const LIMIT = 20_000;

/** Commits reachable from `oid` (stopping where history is cut off: shallow clones). */
async function ancestors(cmd: Cmd, repo: Repo, oid: string, stopAt?: Set<string>): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue = [oid];
  while (queue.length && seen.size < LIMIT) {
    const current = queue.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    if (stopAt?.has(current)) continue;
    try {
      const { commit } = await cmd.git.readCommit({
        fs: cmd.fs,
        dir: repo.dir,
        gitdir: repo.gitdir,
        oid: current,
        cache: cmd.cache,
      });
      queue.push(...commit.parent);
    } catch {
      // a shallow boundary: the parent is not here
    }
  }
  return seen;
}

/** [ahead, behind]: commits only in `local`, commits only in `upstream`. */
export async function aheadBehind(cmd: Cmd, repo: Repo, local: string, upstream: string): Promise<[number, number]> {
  if (local === upstream) return [0, 0];
  const a = await ancestors(cmd, repo, local);
  const b = await ancestors(cmd, repo, upstream);
  let ahead = 0;
  let behind = 0;
  for (const oid of a) if (!b.has(oid)) ahead++;
  for (const oid of b) if (!a.has(oid)) behind++;
  return [ahead, behind];
}

export async function resolveOrNull(cmd: Cmd, repo: Repo, ref: string): Promise<string | null> {
  try {
    return await cmd.git.resolveRef({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, ref });
  } catch {
    return null;
  }
}

/** The tracking lines of long `git status`, or '' without an upstream. */
export async function trackingText(cmd: Cmd, repo: Repo, branch: string, head: string | null): Promise<string> {
  const up = await upstreamOf(cmd, repo, branch);
  if (!up) return '';
  const theirs = await resolveOrNull(cmd, repo, up.trackingRef);
  if (!theirs) {
    return `Your branch is based on '${up.short}', but the upstream is gone.\n  (use "git branch --unset-upstream" to fixup)\n`;
  }
  if (!head) return '';
  const [ahead, behind] = await aheadBehind(cmd, repo, head, theirs);
  const commits = (n: number) => `${n} commit${n === 1 ? '' : 's'}`;
  if (!ahead && !behind) return `Your branch is up to date with '${up.short}'.\n`;
  if (ahead && !behind)
    return `Your branch is ahead of '${up.short}' by ${commits(ahead)}.\n  (use "git push" to publish your local commits)\n`;
  if (!ahead && behind) {
    return `Your branch is behind '${up.short}' by ${commits(behind)}, and can be fast-forwarded.\n  (use "git pull" to update your local branch)\n`;
  }
  return (
    `Your branch and '${up.short}' have diverged,\nand have ${ahead} and ${behind} different commits each, respectively.\n` +
    `  (use "git pull" to merge the remote branch into yours)\n`
  );
}

/** `## main...origin/main [ahead 1]` for `status -sb`. */
export async function branchHeader(cmd: Cmd, repo: Repo, branch: string | null, head: string | null): Promise<string> {
  if (!branch) return '## HEAD (no branch)\n';
  if (!head) return `## No commits yet on ${branch}\n`;
  const up = await upstreamOf(cmd, repo, branch);
  if (!up) return `## ${branch}\n`;
  const theirs = await resolveOrNull(cmd, repo, up.trackingRef);
  if (!theirs) return `## ${branch}...${up.short} [gone]\n`;
  const [ahead, behind] = await aheadBehind(cmd, repo, head, theirs);
  const parts = [ahead ? `ahead ${ahead}` : '', behind ? `behind ${behind}` : ''].filter(Boolean);
  return `## ${branch}...${up.short}${parts.length ? ` [${parts.join(', ')}]` : ''}\n`;
}
