import type { Cmd, Repo } from './context';
import { treeOf } from './git-fs';
import { sameStatCache, scanStates } from './worktree-scan';

// One walk over HEAD, the index and the working tree (statusMatrix's walk, keeping oids and modes),
// from which status, diff, add, commit -a, restore and stash all read what changed.

export interface Side {
  oid: string;
  mode: number;
}

export interface FileState {
  path: string;
  head?: Side;
  stage?: Side;
  /** Working-tree file; `oid` is '' for an untracked file (never hashed: nobody needs it). */
  work?: Side;
}

export interface ReadStateOptions {
  /** Repo-relative pathspecs ('' or '.' for everything); default everything. */
  paths?: string[];
  /** Also hash untracked files (diff of an intent-to-add is not needed, so default false). */
  hashUntracked?: boolean;
  /** Compare against this commit instead of HEAD. */
  ref?: string;
}

const GLOB = /[*?[]/;
const globCache = new Map<string, RegExp>();

/** git pathspec globs: `*` and `?` match across `/` too (fnmatch without FNM_PATHNAME). */
function globRegex(spec: string): RegExp {
  let re = globCache.get(spec);
  if (!re) {
    let src = '';
    for (let i = 0; i < spec.length; i++) {
      const c = spec[i];
      if (c === '*') src += '.*';
      else if (c === '?') src += '.';
      else if (c === '[') {
        const end = spec.indexOf(']', i + 2);
        if (end < 0) src += '\\[';
        else {
          src += `[${spec
            .slice(i + 1, end)
            .replace(/^!/, '^')
            .replace(/\\/g, '\\\\')}]`;
          i = end;
        }
      } else src += c.replace(/[.+^${}()|\\/]/g, '\\$&');
    }
    re = new RegExp(`^${src}(/.*)?$`);
    globCache.set(spec, re);
  }
  return re;
}

export function isGlob(spec: string): boolean {
  return GLOB.test(spec);
}

/** True when `path` is `spec`, lies under it, or matches it as a glob (repo-relative). */
export function matchesPath(path: string, spec: string): boolean {
  if (spec === '' || spec === '.') return true;
  if (GLOB.test(spec)) return globRegex(spec).test(path);
  const s = spec.replace(/\/+$/, '');
  return path === s || path.startsWith(`${s}/`);
}

/** Could the walk find a match for `spec` below `dir`? */
function worthWalking(dir: string, spec: string): boolean {
  if (spec === '' || spec === '.' || dir === '.' || dir === '') return true;
  // A glob can only be pruned by its literal leading directories.
  const literal = GLOB.test(spec) ? spec.slice(0, spec.search(GLOB)).replace(/[^/]*$/, '') : spec;
  const s = literal.replace(/\/+$/, '');
  if (!s) return true;
  return s === dir || s.startsWith(`${dir}/`) || dir.startsWith(`${s}/`);
}

export async function readStates(cmd: Cmd, repo: Repo, options: ReadStateOptions = {}): Promise<FileState[]> {
  const { git, fs } = cmd;
  const specs = options.paths?.length ? options.paths : [''];
  let headOid: string | null = null;
  try {
    headOid = await git.resolveRef({ fs, dir: repo.dir, gitdir: repo.gitdir, ref: options.ref ?? 'HEAD' });
  } catch {
    headOid = null; // an unborn branch: no commits yet
  }
  const scanned = await scanStates(cmd, repo, {
    headOid,
    hashUntracked: options.hashUntracked ?? false,
    mayWrite: treeOf(cmd.ctx.workspace)?.writable !== false,
    filter: {
      worthWalking: (path) => specs.some((s) => worthWalking(path, s)),
      matches: (path) => specs.some((s) => matchesPath(path, s)),
    },
  });
  return scanned ?? walkStates(cmd, repo, options);
}

/** The same states through isomorphic-git's walk: for index forms worktree-scan.ts does not read, and to check it. */
export async function walkStates(cmd: Cmd, repo: Repo, options: ReadStateOptions = {}): Promise<FileState[]> {
  const { git, fs, cache } = cmd;
  const specs = options.paths?.length ? options.paths : [''];
  const headRef = options.ref ?? 'HEAD';
  let hasHead = true;
  try {
    await git.resolveRef({ fs, dir: repo.dir, gitdir: repo.gitdir, ref: headRef });
  } catch {
    hasHead = false; // an unborn branch: no commits yet
  }
  const trees = [hasHead ? git.TREE({ ref: headRef }) : null, git.WORKDIR(), git.STAGE()].filter(Boolean) as ReturnType<
    IsoGit['TREE']
  >[];
  const results = (await git.walk({
    fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    cache,
    trees,
    map: async (filepath, entries) => {
      const [head, work, stage] = hasHead ? entries : [null, entries[0], entries[1]];
      if (filepath !== '.' && !specs.some((s) => worthWalking(filepath, s))) return null;
      if (!head && !stage && work) {
        // Untracked: ignored paths (and whole ignored directories) are not walked at all.
        if (await git.isIgnored({ fs, dir: repo.dir, gitdir: repo.gitdir, filepath })) return null;
      }
      const [headType, workType, stageType] = await Promise.all([head?.type(), work?.type(), stage?.type()]);
      const isBlob = headType === 'blob' || workType === 'blob' || stageType === 'blob';
      if (!isBlob) return headType === 'commit' || stageType === 'commit' ? null : undefined;
      if (!specs.some((s) => matchesPath(filepath, s))) return undefined;
      const state: FileState = { path: filepath };
      if (headType === 'blob')
        state.head = { oid: (await head!.oid()) as string, mode: (await head!.mode()) as number };
      if (stageType === 'blob')
        state.stage = { oid: (await stage!.oid()) as string, mode: (await stage!.mode()) as number };
      if (workType === 'blob') {
        const tracked = state.head || state.stage;
        let oid = '';
        // Asking the work entry for its oid checks the same thing, but takes the index lock and
        // rereads config once per file: on a 2,000-file clean tree that was most of `git status`.
        if (state.stage && sameStatCache(await work!.stat(), await stage!.stat())) oid = state.stage.oid;
        else if (tracked || options.hashUntracked) oid = (await work!.oid()) as string;
        state.work = { oid, mode: (await work!.mode()) as number };
      }
      return state;
    },
  })) as (FileState | undefined)[] | undefined;
  return flatten(results);
}

type IsoGit = import('./load').IsoGit;

/** walk's reduce default nests children arrays: flatten to the files. */
function flatten(value: unknown, out: FileState[] = []): FileState[] {
  if (!value) return out;
  if (Array.isArray(value)) for (const v of value) flatten(v, out);
  else out.push(value as FileState);
  return out;
}

export const isStaged = (f: FileState): boolean => !sameSide(f.head, f.stage);
/** Changed in the working tree relative to the index (tracked files only). */
export const isUnstaged = (f: FileState): boolean => !!f.stage && !sameSide(f.stage, f.work);
export const isUntracked = (f: FileState): boolean => !f.stage && !!f.work;

export function sameSide(a?: Side, b?: Side): boolean {
  if (!a || !b) return !a && !b;
  return a.oid === b.oid && normalMode(a.mode) === normalMode(b.mode);
}

/** Working-tree modes arrive as stat modes; git only knows 100644, 100755, 120000 and 040000. */
export function normalMode(mode: number): number {
  const type = mode & 0o170000;
  if (type === 0o120000) return 0o120000;
  if (type === 0o040000) return 0o040000;
  if (type === 0o160000) return 0o160000;
  return mode & 0o111 ? 0o100755 : 0o100644;
}
