import type { Cmd, Repo } from './context';
import type { CommitInfo } from './pretty';

// Commit traversal for log: newest first by committer date (git's default order), from several
// tips, minus everything reachable from excluded tips (`a..b`, `^a`). History cut off by a shallow
// clone simply ends.

export async function readCommitInfo(cmd: Cmd, repo: Repo, oid: string): Promise<CommitInfo | null> {
  try {
    const { commit } = await cmd.git.readCommit({
      fs: cmd.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid,
      cache: cmd.cache,
    });
    return { oid, commit };
  } catch {
    return null;
  }
}

async function reachable(cmd: Cmd, repo: Repo, tips: string[], limit = 100_000): Promise<Set<string>> {
  const seen = new Set<string>();
  const stack = [...tips];
  while (stack.length && seen.size < limit) {
    const oid = stack.pop()!;
    if (seen.has(oid)) continue;
    seen.add(oid);
    const info = await readCommitInfo(cmd, repo, oid);
    if (info) stack.push(...info.commit.parent);
  }
  return seen;
}

export interface WalkOptions {
  include: string[];
  exclude?: string[];
  firstParent?: boolean;
}

/** Yields commits newest first; stop iterating to stop reading. */
export async function* walkCommits(cmd: Cmd, repo: Repo, options: WalkOptions): AsyncGenerator<CommitInfo> {
  const excluded = options.exclude?.length ? await reachable(cmd, repo, options.exclude) : new Set<string>();
  const queued = new Set<string>();
  const heap: CommitInfo[] = [];
  const push = async (oid: string) => {
    if (queued.has(oid) || excluded.has(oid)) return;
    queued.add(oid);
    const info = await readCommitInfo(cmd, repo, oid);
    if (!info) return;
    heap.push(info);
  };
  for (const tip of options.include) await push(tip);
  while (heap.length) {
    // Few commits are ever pending at once: a linear scan for the newest is simpler than a heap and fast enough.
    let best = 0;
    for (let i = 1; i < heap.length; i++) {
      if (heap[i].commit.committer.timestamp > heap[best].commit.committer.timestamp) best = i;
    }
    const [next] = heap.splice(best, 1);
    yield next;
    const parents = options.firstParent ? next.commit.parent.slice(0, 1) : next.commit.parent;
    for (const p of parents) await push(p);
  }
}
