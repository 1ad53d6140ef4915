import type { Cmd, Repo } from './context';
import type { DiffSide, FilePair } from './diff-text';
import { matchesPath, normalMode, type FileState } from './worktree-state';

// The file pairs a diff prints, for each thing git can compare: tree↔tree (show, log -p, commit
// summaries), HEAD↔index (--staged), index↔working tree (plain diff), commit↔working tree.
// Exact renames (same blob, new path) are paired the way git's rename detection pairs them.

export type Source = { kind: 'blob'; oid: string } | { kind: 'work'; path: string };

interface Pending {
  status: FilePair['status'];
  old?: { path: string; oid: string; mode: number; source: Source };
  new?: { path: string; oid: string; mode: number; source: Source };
}

async function load(cmd: Cmd, repo: Repo, side: NonNullable<Pending['old']>): Promise<DiffSide> {
  let bytes: Uint8Array;
  if (side.source.kind === 'blob') {
    bytes = (
      await cmd.git.readBlob({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, oid: side.source.oid, cache: cmd.cache })
    ).blob;
  } else {
    bytes = (await cmd.fs.promises.readFile(`${repo.dir}/${side.source.path}`)) as Uint8Array;
  }
  return { path: side.path, oid: side.oid, mode: side.mode, bytes };
}

/** Pairs exact renames, sorts like git, and loads the contents. */
async function finish(cmd: Cmd, repo: Repo, pending: Pending[], renames = true): Promise<FilePair[]> {
  let list = pending;
  if (renames) {
    const added = new Map<string, Pending[]>();
    for (const p of list) if (p.status === 'A') added.set(p.new!.oid, [...(added.get(p.new!.oid) ?? []), p]);
    const used = new Set<Pending>();
    const out: Pending[] = [];
    for (const p of list) {
      if (p.status !== 'D') continue;
      const match = added.get(p.old!.oid)?.find((a) => !used.has(a));
      if (match && !isEmptyBlob(p.old!.oid)) {
        used.add(match);
        used.add(p);
        out.push({ status: 'R', old: p.old, new: match.new });
      }
    }
    list = [...list.filter((p) => !used.has(p)), ...out];
  }
  // git orders by path; a rename sits where its destination path would.
  list.sort((x, y) => cmpPath((x.new ?? x.old)!.path, (y.new ?? y.old)!.path));
  return Promise.all(
    list.map(async (p) => ({
      status: p.status,
      old: p.old ? await load(cmd, repo, p.old) : undefined,
      new: p.new ? await load(cmd, repo, p.new) : undefined,
    })),
  );
}

const EMPTY_BLOB = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
const isEmptyBlob = (oid: string) => oid === EMPTY_BLOB;

/** Byte order, as git sorts paths. */
export function cmpPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Changes from tree-ish `from` (null: the empty tree) to tree-ish `to`. */
export async function treeChanges(
  cmd: Cmd,
  repo: Repo,
  from: string | null,
  to: string,
  paths: string[] = [],
): Promise<FilePair[]> {
  const { git, fs, cache } = cmd;
  const specs = paths.length ? paths : [''];
  const trees = from ? [git.TREE({ ref: from }), git.TREE({ ref: to })] : [git.TREE({ ref: to })];
  const found = (await git.walk({
    fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    cache,
    trees,
    map: async (filepath, entries) => {
      const [a, b] = from ? entries : [null, entries[0]];
      if (filepath === '.') return undefined;
      if (!specs.some((s) => matchesPath(filepath, s) || matchesPath(s, filepath))) return null;
      const [ta, tb] = await Promise.all([a?.type(), b?.type()]);
      const oa = ta === 'blob' ? ((await a!.oid()) as string) : undefined;
      const ob = tb === 'blob' ? ((await b!.oid()) as string) : undefined;
      if (ta === 'tree' && tb === 'tree' && (await a!.oid()) === (await b!.oid())) return null; // unchanged subtree
      if (!oa && !ob) return undefined;
      if (!specs.some((s) => matchesPath(filepath, s))) return undefined;
      const ma = oa ? ((await a!.mode()) as number) : 0;
      const mb = ob ? ((await b!.mode()) as number) : 0;
      if (oa && ob && oa === ob && ma === mb) return undefined;
      const old = oa ? { path: filepath, oid: oa, mode: ma, source: { kind: 'blob', oid: oa } as Source } : undefined;
      const neu = ob ? { path: filepath, oid: ob, mode: mb, source: { kind: 'blob', oid: ob } as Source } : undefined;
      return { status: old && neu ? 'M' : old ? 'D' : 'A', old, new: neu } as Pending;
    },
  })) as unknown;
  return finish(cmd, repo, flat(found));
}

function flat(value: unknown, out: Pending[] = []): Pending[] {
  if (!value) return out;
  if (Array.isArray(value)) for (const v of value) flat(v, out);
  else out.push(value as Pending);
  return out;
}

/** HEAD (or the states' ref) → index: what `git diff --staged` shows. */
export function stagedChanges(cmd: Cmd, repo: Repo, states: FileState[]): Promise<FilePair[]> {
  const pending: Pending[] = [];
  for (const f of states) {
    const h = f.head;
    const s = f.stage;
    if (!h && !s) continue;
    if (h && s && h.oid === s.oid && normalMode(h.mode) === normalMode(s.mode)) continue;
    const old = h
      ? { path: f.path, oid: h.oid, mode: normalMode(h.mode), source: { kind: 'blob', oid: h.oid } as Source }
      : undefined;
    const neu = s
      ? { path: f.path, oid: s.oid, mode: normalMode(s.mode), source: { kind: 'blob', oid: s.oid } as Source }
      : undefined;
    pending.push({ status: old && neu ? 'M' : old ? 'D' : 'A', old, new: neu });
  }
  return finish(cmd, repo, pending);
}

/** Index → working tree: what a plain `git diff` shows (tracked files only, no renames). */
export function unstagedChanges(cmd: Cmd, repo: Repo, states: FileState[]): Promise<FilePair[]> {
  const pending: Pending[] = [];
  for (const f of states) {
    const s = f.stage;
    const w = f.work;
    if (!s) continue;
    if (w && s.oid === w.oid && normalMode(s.mode) === normalMode(w.mode)) continue;
    const old = { path: f.path, oid: s.oid, mode: normalMode(s.mode), source: { kind: 'blob', oid: s.oid } as Source };
    const neu = w
      ? { path: f.path, oid: w.oid, mode: normalMode(w.mode), source: { kind: 'work', path: f.path } as Source }
      : undefined;
    pending.push({ status: neu ? 'M' : 'D', old, new: neu });
  }
  return finish(cmd, repo, pending, false);
}

/** A commit's tree → working tree, over the paths the index or that commit track (`git diff <commit>`). */
export function commitToWorkChanges(cmd: Cmd, repo: Repo, states: FileState[]): Promise<FilePair[]> {
  const pending: Pending[] = [];
  for (const f of states) {
    const h = f.head;
    const w = f.stage ? f.work : undefined; // untracked files are not part of the comparison
    if (!h && !w) continue;
    if (h && w && h.oid === w.oid && normalMode(h.mode) === normalMode(w.mode)) continue;
    const old = h
      ? { path: f.path, oid: h.oid, mode: normalMode(h.mode), source: { kind: 'blob', oid: h.oid } as Source }
      : undefined;
    const neu = w
      ? { path: f.path, oid: w.oid, mode: normalMode(w.mode), source: { kind: 'work', path: f.path } as Source }
      : undefined;
    pending.push({ status: old && neu ? 'M' : old ? 'D' : 'A', old, new: neu });
  }
  return finish(cmd, repo, pending, false);
}
