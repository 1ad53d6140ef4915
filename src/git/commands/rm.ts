import { has, parseArgs } from '../args';
import { repoPath, type Cmd } from '../context';
import { fatal, GitExit } from '../errors';
import { matchesPath, readStates, sameSide } from '../worktree-state';
import { removeWorkFile } from '../worktree-write';

// `git rm [--cached] [-r] [-f] [-q] [--ignore-unmatch] <pathspec>…`.

export async function rm(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('rm', args, {
    bool: ['--cached', '-r', '-f', '--force', '-q', '--quiet', '--ignore-unmatch', '-n', '--dry-run'],
    alias: { '--force': '-f', '--quiet': '-q', '--dry-run': '-n' },
  });
  const repo = await cmd.repo();
  const specs = [...parsed.positionals, ...(parsed.afterDashDash ?? [])];
  if (!specs.length) fatal('No pathspec was given. Which files should I remove?');
  const paths = specs.map((p) => repoPath(repo, cmd.cwd, p));
  const states = (await readStates(cmd, repo, { paths })).filter((f) => f.stage);
  for (let i = 0; i < paths.length; i++) {
    const matched = states.filter((f) => matchesPath(f.path, paths[i]));
    if (!matched.length) {
      if (has(parsed, '--ignore-unmatch')) continue;
      fatal(`pathspec '${specs[i]}' did not match any files`);
    }
    const isDir = !matched.some((f) => f.path === paths[i]) && !/[*?[]/.test(paths[i]);
    if (isDir && !has(parsed, '-r') && paths[i] !== '') fatal(`not removing '${specs[i]}' recursively without -r`);
  }
  const cached = has(parsed, '--cached');
  if (!has(parsed, '-f')) {
    const staged = states.filter((f) => f.work && !sameSide(f.stage, f.head) && !sameSide(f.stage, f.work));
    const local = states.filter((f) => f.work && !sameSide(f.stage, f.work) && !staged.includes(f));
    const stagedOnly = states.filter((f) => f.work && !sameSide(f.stage, f.head) && sameSide(f.stage, f.work));
    let error = '';
    if (staged.length) {
      error += `error: the following file${staged.length > 1 ? 's have' : ' has'} staged content different from both the\nfile and the HEAD:\n${staged.map((f) => `    ${f.path}\n`).join('')}(use -f to force removal)\n`;
    }
    if (!cached && stagedOnly.length) {
      error += `error: the following file${stagedOnly.length > 1 ? 's have' : ' has'} changes staged in the index:\n${stagedOnly.map((f) => `    ${f.path}\n`).join('')}(use --cached to keep the file, or -f to force removal)\n`;
    }
    if (!cached && local.length) {
      error += `error: the following file${local.length > 1 ? 's have' : ' has'} local modifications:\n${local.map((f) => `    ${f.path}\n`).join('')}(use --cached to keep the file, or -f to force removal)\n`;
    }
    if (error) throw new GitExit(1, error);
  }
  for (const f of states) {
    if (!has(parsed, '-q')) cmd.out(`rm '${f.path}'\n`);
    if (has(parsed, '-n')) continue;
    await cmd.git.remove({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, filepath: f.path, cache: cmd.cache });
    if (!cached && f.work) await removeWorkFile(cmd, repo, f.path);
  }
  return 0;
}
