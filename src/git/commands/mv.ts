import { has, parseArgs } from '../args';
import { repoPath, type Cmd, type Repo } from '../context';
import { fatal } from '../errors';
import { matchesPath, readStates } from '../worktree-state';

// `git mv [-f] [-k] [-n] [-v] <source>… <destination>`: moves in the tree, then in the index.

async function kind(cmd: Cmd, repo: Repo, path: string): Promise<'file' | 'dir' | null> {
  try {
    const s = await cmd.fs.promises.lstat(`${repo.dir}/${path}`);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

export async function mv(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('mv', args, {
    bool: ['-f', '--force', '-k', '-n', '--dry-run', '-v', '--verbose'],
    alias: { '--force': '-f', '--dry-run': '-n', '--verbose': '-v' },
  });
  const repo = await cmd.repo();
  const all = [...parsed.positionals, ...(parsed.afterDashDash ?? [])];
  if (all.length < 2) fatal('usage: git mv [<options>] <source>... <destination>', 129);
  const destSpec = all[all.length - 1];
  const dest = repoPath(repo, cmd.cwd, destSpec);
  const sources = all.slice(0, -1);
  const destKind = await kind(cmd, repo, dest);
  if (sources.length > 1 && destKind !== 'dir') fatal(`destination '${destSpec}' is not a directory`);
  const states = await readStates(cmd, repo, { paths: sources.map((s) => repoPath(repo, cmd.cwd, s)) });
  const skip = has(parsed, '-k');
  for (const spec of sources) {
    const src = repoPath(repo, cmd.cwd, spec);
    const target = destKind === 'dir' ? `${dest ? `${dest}/` : ''}${src.slice(src.lastIndexOf('/') + 1)}` : dest;
    const srcKind = await kind(cmd, repo, src);
    const tracked = states.filter((f) => f.stage && matchesPath(f.path, src));
    const bad = !srcKind
      ? 'bad source'
      : !tracked.length
        ? 'not under version control'
        : target === src || target.startsWith(`${src}/`)
          ? `can not move directory into itself`
          : null;
    const exists = (await kind(cmd, repo, target)) !== null;
    const problem = bad ?? (exists && !has(parsed, '-f') ? 'destination exists' : null);
    if (problem) {
      if (skip) continue;
      fatal(
        `${problem}, source=${spec}, destination=${destKind === 'dir' ? `${destSpec.replace(/\/$/, '')}/${src.slice(src.lastIndexOf('/') + 1)}` : destSpec}`,
      );
    }
    if (has(parsed, '-n') || has(parsed, '-v')) cmd.out(`Renaming ${src} to ${target}\n`);
    if (has(parsed, '-n')) continue;
    if (exists) await cmd.fs.promises.rm(`${repo.dir}/${target}`, { recursive: true, force: true });
    await cmd.ctx.workspace.rename(`${repo.dir}/${src}`, `${repo.dir}/${target}`);
    const moved = tracked.map((f) => ({ from: f.path, to: target + f.path.slice(src.length) }));
    for (const m of moved)
      await cmd.git.remove({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, filepath: m.from, cache: cmd.cache });
    await cmd.git.add({
      fs: cmd.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      filepath: moved.map((m) => m.to),
      cache: cmd.cache,
      force: true,
    });
  }
  return 0;
}
