import type { Cmd, Repo } from './context';
import { fatal } from './errors';
import { tryResolveRevision, unknownRevision } from './revisions';

// Git bundles (v2): `# v2 git bundle`, prerequisite lines `-<oid> <subject>`, ref lines
// `<oid> <refname>`, a blank line, then a packfile. A bundle carries history without a server:
// real git can `clone`, `fetch` from and `bundle verify` it. History cut off by a shallow clone
// is recorded as prerequisites (the parents of the shallow commits), so the bundle stays honest:
// it applies to any repository that has those commits.

export interface BundleRef {
  oid: string;
  name: string;
}

export interface BundlePrerequisite {
  oid: string;
  /** The commit's subject when this repository has the commit; '' otherwise. */
  comment: string;
}

export interface BundlePlan {
  refs: BundleRef[];
  prerequisites: BundlePrerequisite[];
  /** Every object the pack holds. */
  objects: string[];
}

export interface BundleHeader {
  version: 2 | 3;
  prerequisites: BundlePrerequisite[];
  refs: BundleRef[];
  /** Byte offset of the packfile. */
  packOffset: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Commits a shallow clone has without their parents (`.git/shallow`). */
export async function shallowCommits(cmd: Cmd, repo: Repo): Promise<Set<string>> {
  try {
    const text = decoder.decode((await cmd.fs.promises.readFile(`${repo.gitdir}/shallow`)) as Uint8Array);
    return new Set(
      text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^[0-9a-f]{40}$/.test(l)),
    );
  } catch {
    return new Set();
  }
}

async function readCommit(
  cmd: Cmd,
  repo: Repo,
  oid: string,
): Promise<{ parent: string[]; tree: string; message: string } | null> {
  try {
    const { commit } = await cmd.git.readCommit({
      fs: cmd.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid,
      cache: cmd.cache,
    });
    return commit;
  } catch {
    return null;
  }
}

async function objectType(cmd: Cmd, repo: Repo, oid: string): Promise<string | null> {
  try {
    const { type } = await cmd.git.readObject({
      fs: cmd.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid,
      cache: cmd.cache,
      format: 'content',
    });
    return type;
  } catch {
    return null;
  }
}

/** `main` → `refs/heads/main` (git's dwim order); null when the name is not a ref. */
async function fullRefName(cmd: Cmd, repo: Repo, name: string): Promise<string | null> {
  if (name === 'HEAD') return 'HEAD';
  const candidates = name.startsWith('refs/')
    ? [name]
    : [`refs/${name}`, `refs/tags/${name}`, `refs/heads/${name}`, `refs/remotes/${name}`, `refs/remotes/${name}/HEAD`];
  for (const ref of candidates) {
    try {
      await cmd.git.resolveRef({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, ref, depth: 1 });
      return ref;
    } catch {
      // not this spelling
    }
  }
  return null;
}

async function refOid(cmd: Cmd, repo: Repo, ref: string): Promise<string | null> {
  try {
    return await cmd.git.resolveRef({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, ref });
  } catch {
    return null;
  }
}

/** Every ref (`--all`): branches, remote-tracking branches, tags, the stash, then HEAD, as git lists them. */
async function allRefs(cmd: Cmd, repo: Repo, prefix = 'refs'): Promise<string[]> {
  const names = await cmd.git.listRefs({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, filepath: prefix });
  return names.map((n) => `${prefix}/${n}`);
}

/** Which refs go in and which commits are left out, from `git bundle create`'s rev arguments. */
async function readRevs(
  cmd: Cmd,
  repo: Repo,
  revs: string[],
): Promise<{ refs: BundleRef[]; include: string[]; exclude: string[] }> {
  const refNames: string[] = [];
  const include: string[] = [];
  const exclude: string[] = [];
  const addRef = async (name: string) => {
    if (refNames.includes(name)) return;
    const oid = await refOid(cmd, repo, name);
    if (!oid) return;
    refNames.push(name);
    include.push(oid);
  };
  const resolve = async (rev: string) => {
    const oid = await tryResolveRevision(cmd, repo, rev);
    if (!oid) unknownRevision(rev);
    return oid;
  };
  const positive = async (rev: string) => {
    // A ref name (possibly short) becomes a ref of the bundle; any other revision only selects history.
    const ref = /[~^:@]/.test(rev) ? null : await fullRefName(cmd, repo, rev);
    if (ref) await addRef(ref);
    else include.push(await resolve(rev));
  };
  for (const rev of revs) {
    if (rev === '--all') {
      for (const ref of await allRefs(cmd, repo)) await addRef(ref);
      if (await refOid(cmd, repo, 'HEAD')) await addRef('HEAD');
    } else if (rev === '--branches') for (const ref of await allRefs(cmd, repo, 'refs/heads')) await addRef(ref);
    else if (rev === '--tags') for (const ref of await allRefs(cmd, repo, 'refs/tags')) await addRef(ref);
    else if (rev === '--remotes') for (const ref of await allRefs(cmd, repo, 'refs/remotes')) await addRef(ref);
    else if (rev.startsWith('^')) exclude.push(await resolve(rev.slice(1)));
    else if (rev.includes('...')) fatal(`symmetric ranges ('${rev}') are not supported in Tidepool's git bundle`, 1);
    else if (rev.includes('..')) {
      const [from, to] = rev.split('..');
      exclude.push(await resolve(from || 'HEAD'));
      await positive(to || 'HEAD');
    } else if (rev.startsWith('-')) fatal(`'${rev}' is not supported in Tidepool's git bundle`, 1);
    else await positive(rev);
  }
  const refs: BundleRef[] = [];
  // A tag ref's line names the tag object itself (resolveRef does not peel).
  for (const name of refNames) refs.push({ name, oid: (await refOid(cmd, repo, name))! });
  return { refs, include, exclude };
}

/** Commits reachable from `tips`, not walking past shallow commits or through `stop`. */
async function commitsFrom(
  cmd: Cmd,
  repo: Repo,
  tips: string[],
  shallow: Set<string>,
  stop: Set<string> = new Set(),
): Promise<Map<string, { parent: string[]; tree: string; message: string }>> {
  const found = new Map<string, { parent: string[]; tree: string; message: string }>();
  const stack = [...tips];
  while (stack.length) {
    const oid = stack.pop()!;
    if (found.has(oid) || stop.has(oid)) continue;
    const commit = await readCommit(cmd, repo, oid);
    if (!commit) continue;
    found.set(oid, commit);
    if (!shallow.has(oid)) stack.push(...commit.parent);
  }
  return found;
}

/** Trees and blobs under `tree` not already in `seen` (added to it). Submodule commits are not objects of this repo. */
async function treeObjects(cmd: Cmd, repo: Repo, tree: string, seen: Set<string>, out: string[] | null): Promise<void> {
  if (seen.has(tree)) return;
  seen.add(tree);
  out?.push(tree);
  const { tree: entries } = await cmd.git.readTree({
    fs: cmd.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    oid: tree,
    cache: cmd.cache,
  });
  for (const e of entries) {
    if (e.type === 'tree') await treeObjects(cmd, repo, e.oid, seen, out);
    else if (e.type === 'blob' && !seen.has(e.oid)) {
      seen.add(e.oid);
      out?.push(e.oid);
    }
  }
}

/** What `git bundle create <file> <revs…>` would put in the bundle. */
export async function planBundle(cmd: Cmd, repo: Repo, revs: string[]): Promise<BundlePlan> {
  const { refs, include, exclude } = await readRevs(cmd, repo, revs);
  if (!refs.length) fatal('Refusing to create empty bundle.');
  const shallow = await shallowCommits(cmd, repo);
  const excluded = exclude.length
    ? new Set((await commitsFrom(cmd, repo, exclude, shallow)).keys())
    : new Set<string>();

  const objects: string[] = [];
  const seen = new Set<string>();
  const commitTips: string[] = [];
  // Annotated tags: the tag objects go in, and whatever they point at is walked like any tip.
  for (const tip of include) {
    let oid = tip;
    for (let i = 0; i < 10; i++) {
      const type = await objectType(cmd, repo, oid);
      if (type === 'tag') {
        if (!seen.has(oid)) (seen.add(oid), objects.push(oid));
        const { tag } = await cmd.git.readTag({
          fs: cmd.fs,
          dir: repo.dir,
          gitdir: repo.gitdir,
          oid,
          cache: cmd.cache,
        });
        oid = tag.object;
        continue;
      }
      if (type === 'commit') commitTips.push(oid);
      else if (type === 'tree') await treeObjects(cmd, repo, oid, seen, objects);
      else if (type === 'blob' && !seen.has(oid)) (seen.add(oid), objects.push(oid));
      break;
    }
  }
  const commits = await commitsFrom(cmd, repo, commitTips, shallow, excluded);
  if (!commits.size && !objects.length) fatal('Refusing to create empty bundle.');

  // Prerequisites: parents the bundle leaves out — excluded commits, or those a shallow clone never had.
  const prerequisites: BundlePrerequisite[] = [];
  const boundary = new Set<string>();
  for (const commit of commits.values()) {
    for (const parent of commit.parent) {
      if (commits.has(parent) || boundary.has(parent)) continue;
      boundary.add(parent);
      const known = await readCommit(cmd, repo, parent);
      prerequisites.push({ oid: parent, comment: known ? known.message.split('\n')[0] : '' });
    }
  }
  // Whatever the prerequisites' trees hold, the receiver has: leave it out (as git does, a thin bundle).
  const had = new Set<string>();
  for (const p of boundary) {
    const known = await readCommit(cmd, repo, p);
    if (known) await treeObjects(cmd, repo, known.tree, had, null);
  }
  for (const oid of had) seen.add(oid);
  for (const [oid, commit] of commits) {
    objects.push(oid);
    await treeObjects(cmd, repo, commit.tree, seen, objects);
  }
  return { refs, prerequisites, objects };
}

/** The bundle's bytes: header, then a packfile of the planned objects. */
export async function writeBundle(cmd: Cmd, repo: Repo, plan: BundlePlan): Promise<Uint8Array> {
  let header = '# v2 git bundle\n';
  for (const p of plan.prerequisites) header += `-${p.oid}${p.comment ? ` ${p.comment}` : ''}\n`;
  for (const r of plan.refs) header += `${r.oid} ${r.name}\n`;
  header += '\n';
  const { packfile } = await cmd.git.packObjects({
    fs: cmd.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    oids: plan.objects,
    cache: cmd.cache,
  });
  const head = encoder.encode(header);
  const out = new Uint8Array(head.length + packfile!.length);
  out.set(head, 0);
  out.set(packfile!, head.length);
  return out;
}

export async function createBundle(
  cmd: Cmd,
  repo: Repo,
  revs: string[],
): Promise<{ bytes: Uint8Array; plan: BundlePlan }> {
  const plan = await planBundle(cmd, repo, revs);
  return { bytes: await writeBundle(cmd, repo, plan), plan };
}

/** Reads a bundle's header; null when the bytes are not a v2/v3 bundle. */
export function parseBundleHeader(bytes: Uint8Array): BundleHeader | null {
  let at = 0;
  const line = (): string | null => {
    const end = bytes.indexOf(10, at);
    if (end < 0) return null;
    const text = decoder.decode(bytes.subarray(at, end));
    at = end + 1;
    return text;
  };
  const first = line();
  const version = first === '# v2 git bundle' ? 2 : first === '# v3 git bundle' ? 3 : null;
  if (!version) return null;
  const prerequisites: BundlePrerequisite[] = [];
  const refs: BundleRef[] = [];
  for (;;) {
    const text = line();
    if (text === null) return null;
    if (text === '') break;
    if (version === 3 && text.startsWith('@')) {
      if (text !== '@object-format=sha1' && !text.startsWith('@filter')) return null;
      continue;
    }
    if (text.startsWith('-')) {
      const m = /^-([0-9a-f]{40})(?: (.*))?$/.exec(text);
      if (!m) return null;
      prerequisites.push({ oid: m[1], comment: m[2] ?? '' });
    } else {
      const m = /^([0-9a-f]{40}) (.+)$/.exec(text);
      if (!m) return null;
      refs.push({ oid: m[1], name: m[2] });
    }
  }
  return { version, prerequisites, refs, packOffset: at };
}

/** The packfile after the header is whole: its signature, and its SHA-1 trailer matches its bytes. */
export async function packIsIntact(bytes: Uint8Array, offset: number): Promise<boolean> {
  const pack = bytes.subarray(offset);
  if (pack.length < 32 || decoder.decode(pack.subarray(0, 4)) !== 'PACK') return false;
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-1', pack.subarray(0, pack.length - 20) as Uint8Array<ArrayBuffer>),
  );
  const trailer = pack.subarray(pack.length - 20);
  return digest.every((b, i) => b === trailer[i]);
}
