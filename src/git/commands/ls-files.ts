import { has, parseArgs } from '../args';
import { pathFromCwd, relativeDir, repoPath, type Cmd } from '../context';
import { quotePath } from '../format';
import { matchesPath, readStates } from '../worktree-state';

// `git ls-files [-m] [-o] [-d] [-s] [--exclude-standard] [<path>…]`: the index, as paths from cwd.

export async function lsFiles(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('ls-files', args, {
    bool: [
      '-c',
      '--cached',
      '-m',
      '--modified',
      '-o',
      '--others',
      '-d',
      '--deleted',
      '-s',
      '--stage',
      '--exclude-standard',
      '-z',
      '--full-name',
    ],
    alias: { '--cached': '-c', '--modified': '-m', '--others': '-o', '--deleted': '-d', '--stage': '-s' },
  });
  const repo = await cmd.repo();
  const prefix = relativeDir(repo, cmd.cwd);
  const specs = [...parsed.positionals, ...(parsed.afterDashDash ?? [])].map((p) => repoPath(repo, cmd.cwd, p));
  const paths = specs.length ? specs : prefix ? [prefix] : [];
  const states = await readStates(cmd, repo, { paths });
  const sep = has(parsed, '-z') ? '\0' : '\n';
  const show = (p: string) => (has(parsed, '--full-name') ? p : pathFromCwd(repo, cmd.cwd, p));
  const fmt = (p: string) => (has(parsed, '-z') ? show(p) : quotePath(show(p)));
  const lines: string[] = [];
  const anyMode = has(parsed, '-m', '-o', '-d');
  for (const f of states) {
    if (!paths.some((p) => matchesPath(f.path, p)) && paths.length) continue;
    if (has(parsed, '-s') && f.stage) lines.push(`${f.stage.mode.toString(8)} ${f.stage.oid} 0\t${fmt(f.path)}`);
    else if ((has(parsed, '-c') || !anyMode) && f.stage) lines.push(fmt(f.path));
    if (has(parsed, '-d') && f.stage && !f.work) lines.push(fmt(f.path));
    if (has(parsed, '-m') && f.stage && (!f.work || f.work.oid !== f.stage.oid)) lines.push(fmt(f.path));
    if (has(parsed, '-o') && !f.stage && f.work) lines.push(fmt(f.path));
  }
  cmd.out(lines.map((l) => l + sep).join(''));
  return 0;
}
