// One folder of a repository, checked out alone: what the page offers when a whole repository is
// too big for the tab. It is git's own sparse checkout, so native git reads the result the same way:
// every file stays in `.git/index`, the ones outside the folder flagged skip-worktree (they are
// taken as unchanged and never written), and `.git/info/sparse-checkout` names the folder.

/** A folder as the user typed it (`packages/app/`, `/docs`), repo-relative; or why it cannot be one. */
export function normaliseFolder(raw: string): { ok: true; folder: string } | { ok: false; message: string } {
  const parts = raw.trim().replace(/\\/g, '/').split('/').filter(Boolean);
  if (!parts.length) return { ok: false, message: 'Name a folder of the repository, such as packages/app.' };
  for (const part of parts) {
    if (part === '.' || part === '..' || part.toLowerCase() === '.git' || part.includes('\0'))
      return { ok: false, message: `"${raw.trim()}" is not a folder path inside the repository.` };
  }
  return { ok: true, folder: parts.join('/') };
}

/** Is repo-relative `path` inside `folder` (itself repo-relative, no slashes at either end)? */
export function inFolder(path: string, folder: string): boolean {
  return path.startsWith(`${folder}/`);
}

/** `.git/info/sparse-checkout` for one folder, in git's non-cone pattern form. */
export function sparsePatterns(folder: string): string {
  return `/${folder}/\n`;
}

/** The folder asked for holds no file of the commit. */
export class FolderMissingError extends Error {
  constructor(readonly folder: string) {
    super(`The repository has no folder ${folder} (or no file in it).`);
    this.name = 'FolderMissingError';
  }
}

/**
 * Not handled: a later fetch and merge that changes files outside the folder leaves their index
 * entries at the clone's blobs (a depth-1, one-branch clone's own commits never touch them, as the
 * files are not there to edit); and isomorphic-git's walk, the status fallback for index v4 or
 * conflicts, does not know skip-worktree and would list them as deleted.
 *
 * The folders a sparse checkout made here keeps (`.git/info/sparse-checkout` lines of the form
 * `/folder/`), as checkout's `filepaths`; undefined for a full checkout. Forced checkouts (reset
 * --hard, stash, switching branches) pass them, so they never write the files left out.
 */
export async function sparseFilepaths(
  fs: { promises: { readFile(path: string, options: { encoding: 'utf8' }): Promise<unknown> } },
  gitdir: string,
): Promise<string[] | undefined> {
  let text: unknown;
  try {
    text = await fs.promises.readFile(`${gitdir}/info/sparse-checkout`, { encoding: 'utf8' });
  } catch {
    return undefined;
  }
  if (typeof text !== 'string') return undefined;
  const folders: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\/(.+)\/$/.exec(line.trim());
    if (m && normaliseFolder(m[1]).ok) folders.push(m[1]);
  }
  return folders.length ? folders : undefined;
}
