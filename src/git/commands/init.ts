import { last, parseArgs } from '../args';
import type { Cmd } from '../context';
import { normalizePath } from '../../workspace/paths';
import { configValue } from '../identity';

// `git init [-b <branch>] [-q] [<dir>]`.

export async function init(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('init', args, {
    bool: ['-q', '--quiet'],
    value: ['-b', '--initial-branch'],
    alias: { '--initial-branch': '-b', '--quiet': '-q' },
  });
  const target = parsed.positionals[0];
  const dir = target ? normalizePath(target.startsWith('/') ? target : `${cmd.cwd}/${target}`) : cmd.cwd;
  const gitdir = `${dir === '/' ? '' : dir}/.git`;
  let existed = false;
  try {
    existed = (await cmd.fs.promises.stat(`${gitdir}/HEAD`)).isFile();
  } catch {
    existed = false;
  }
  const defaultBranch = last(parsed, '-b') ?? (await configValue(cmd, null, 'init.defaultBranch')) ?? 'main';
  await cmd.fs.promises.mkdir(dir, { recursive: true });
  await cmd.git.init({ fs: cmd.fs, dir, gitdir, defaultBranch });
  if (!parsed.flags.has('-q'))
    cmd.out(`${existed ? 'Reinitialized existing' : 'Initialized empty'} Git repository in ${gitdir}/\n`);
  return 0;
}
