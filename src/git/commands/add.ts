import { has, parseArgs } from '../args';
import { repoPath, type Cmd, type Repo } from '../context';
import { fatal, GitExit } from '../errors';
import { matchesPath, readStates, sameSide, type FileState } from '../worktree-state';

// `git add <pathspec>…`, `.`, `-A`/`--all`, `-u`/`--update`, `-f`, `-n`, `-v`.

/** Stages `files` (additions and modifications) and unstages deletions, in as few index writes as possible. */
export async function stageStates(cmd: Cmd, repo: Repo, files: FileState[], force = false): Promise<void> {
  const toAdd = files.filter((f) => f.work && !sameSide(f.stage, f.work)).map((f) => f.path);
  const toRemove = files.filter((f) => !f.work && f.stage).map((f) => f.path);
  if (toAdd.length)
    await cmd.git.add({
      fs: cmd.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      filepath: toAdd,
      cache: cmd.cache,
      force,
      parallel: true,
    });
  for (const filepath of toRemove)
    await cmd.git.remove({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, filepath, cache: cmd.cache });
}

export async function add(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('add', args, {
    bool: [
      '-A',
      '--all',
      '-u',
      '--update',
      '-f',
      '--force',
      '-n',
      '--dry-run',
      '-v',
      '--verbose',
      '--no-all',
      '--ignore-removal',
    ],
    alias: { '--all': '-A', '--update': '-u', '--force': '-f', '--dry-run': '-n', '--verbose': '-v' },
  });
  const repo = await cmd.repo();
  const specs = [...parsed.positionals, ...(parsed.afterDashDash ?? [])];
  const all = has(parsed, '-A');
  const update = has(parsed, '-u');
  if (!specs.length && !all && !update) {
    throw new GitExit(
      0,
      'Nothing specified, nothing added.\nhint: Maybe you wanted to say \'git add .\'?\nhint: Turn this message off by running\nhint: "git config advice.addEmptyPathspec false"\n',
    );
  }
  const paths = specs.map((p) => repoPath(repo, cmd.cwd, p));
  const force = has(parsed, '-f');
  const states = await readStates(cmd, repo, { paths });
  const ignoreRemoval = has(parsed, '--no-all', '--ignore-removal');

  // Every pathspec must match something, on disk or in the index; an ignored path needs -f.
  const ignored: string[] = [];
  for (let i = 0; i < paths.length; i++) {
    if (states.some((f) => matchesPath(f.path, paths[i]))) continue;
    const abs = `${repo.dir}/${paths[i]}`;
    let exists = false;
    try {
      await cmd.fs.promises.lstat(abs);
      exists = true;
    } catch {
      exists = false;
    }
    if (!exists) fatal(`pathspec '${specs[i]}' did not match any files`);
    if (force) {
      const files = await listUnder(cmd, abs, paths[i]);
      states.push(...files.map((path) => ({ path, work: { oid: '', mode: 0o100644 } })));
    } else ignored.push(specs[i]);
  }
  const chosen = states.filter((f) => {
    if (update && !f.stage) return false;
    if (ignoreRemoval && !f.work) return false;
    return true;
  });
  const changed = chosen.filter((f) => (f.work ? !sameSide(f.stage, f.work) || !f.work.oid : !!f.stage));
  if (has(parsed, '-n') || has(parsed, '-v')) {
    for (const f of changed) cmd.out(f.work ? `add '${f.path}'\n` : `remove '${f.path}'\n`);
  }
  if (!has(parsed, '-n')) await stageStates(cmd, repo, changed, force);
  if (ignored.length) {
    throw new GitExit(
      1,
      `The following paths are ignored by one of your .gitignore files:\n${ignored.join('\n')}\n` +
        `hint: Use -f if you really want to add them.\nhint: Turn this message off by running\nhint: "git config advice.addIgnoredFile false"\n`,
    );
  }
  return 0;
}

/** Files under an ignored path given with -f (a file itself, or everything below a directory). */
async function listUnder(cmd: Cmd, abs: string, rel: string): Promise<string[]> {
  const s = await cmd.fs.promises.lstat(abs);
  if (!s.isDirectory()) return [rel];
  const out: string[] = [];
  for (const name of await cmd.fs.promises.readdir(abs))
    out.push(...(await listUnder(cmd, `${abs}/${name}`, `${rel}/${name}`)));
  return out;
}
