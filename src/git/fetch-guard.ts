import type { GitFs } from './git-fs';
import { CHECKOUT_LIMITS, tooManyBytes, tooManyFiles, type RemoteLimits } from './limits';
import type { IsoGit } from './load';

// `git fetch` / `git pull` take in no more than a clone may: the download is capped in http.ts,
// and what the fetched commits' trees inflate to is counted here, before anything is merged.
// Past a limit the repository goes back to exactly what it was: every file under .git that the
// fetch added is removed and every one it changed (refs, packed-refs, shallow, FETCH_HEAD) restored.

export interface GitDirSnapshot {
  /** Contents of every file under .git except objects (refs, shallow, config…). */
  files: Map<string, Uint8Array>;
  /** Every object file (loose and packs) there was. */
  objects: Set<string>;
}

async function walk(fs: GitFs, dir: string, out: string[]): Promise<void> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = `${dir}/${name}`;
    const stat = await fs.promises.lstat(path);
    if (stat.isDirectory()) await walk(fs, path, out);
    else out.push(path);
  }
}

export async function snapshotGitDir(fs: GitFs, gitdir: string): Promise<GitDirSnapshot> {
  const paths: string[] = [];
  await walk(fs, gitdir, paths);
  const files = new Map<string, Uint8Array>();
  const objects = new Set<string>();
  for (const path of paths) {
    if (path.startsWith(`${gitdir}/objects/`)) objects.add(path);
    else files.set(path, (await fs.promises.readFile(path)) as Uint8Array);
  }
  return { files, objects };
}

export async function restoreGitDir(fs: GitFs, gitdir: string, snapshot: GitDirSnapshot): Promise<void> {
  const now: string[] = [];
  await walk(fs, gitdir, now);
  for (const path of now) {
    const known = path.startsWith(`${gitdir}/objects/`) ? snapshot.objects.has(path) : snapshot.files.has(path);
    if (!known) await fs.promises.unlink(path).catch(() => undefined);
  }
  for (const [path, bytes] of snapshot.files) await fs.promises.writeFile(path, bytes);
}

/**
 * Counts the files and inflated bytes of each fetched commit's tree against the limits; throws
 * CheckoutLimitError past one. Blobs are counted once each, and reading stops at the first excess.
 */
export async function checkFetchedTrees(
  git: IsoGit,
  fs: GitFs,
  repo: { dir: string; gitdir: string },
  cache: object,
  commits: string[],
  limits: RemoteLimits = {},
): Promise<void> {
  const maxFiles = limits.files ?? CHECKOUT_LIMITS.files;
  const maxBytes = limits.bytes ?? CHECKOUT_LIMITS.bytes;
  const seen = new Set<string>();
  for (const oid of commits) {
    const { commit } = await git.readCommit({ fs, ...repo, oid, cache });
    let files = 0;
    let bytes = 0;
    const visit = async (treeOid: string): Promise<void> => {
      const { tree } = await git.readTree({ fs, ...repo, oid: treeOid, cache });
      for (const entry of tree) {
        if (entry.type === 'tree') await visit(entry.oid);
        else if (entry.type === 'blob') {
          if (++files > maxFiles) throw tooManyFiles(files, maxFiles);
          if (seen.has(entry.oid)) continue;
          seen.add(entry.oid);
          const { blob } = await git.readBlob({ fs, ...repo, oid: entry.oid, cache });
          bytes += blob.byteLength;
          if (bytes > maxBytes) throw tooManyBytes(maxBytes);
        }
      }
    };
    await visit(commit.tree);
  }
}
