import { has, parseArgs } from '../args';
import type { Cmd } from '../context';
import { failure, unsupported } from '../errors';

// `git config [--global|--local] <key> [<value>]`, `--get`, `--unset`, `--list`/`-l`.
// --global values live in the host's map (see RunGitContext.globalConfig), not in a file.

function checkKey(key: string): void {
  if (!/^[A-Za-z][A-Za-z0-9-]*(\.[^\n]+)?\.[A-Za-z][A-Za-z0-9-]*$/.test(key)) {
    failure(`key does not contain a section: ${key}`, 2);
  }
}

export async function config(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('config', args, {
    bool: [
      '--global',
      '--local',
      '--get',
      '--unset',
      '--list',
      '-l',
      '--add',
      '--replace-all',
      '--unset-all',
      '--show-origin',
      '--bool',
    ],
    alias: { '-l': '--list' },
  });
  if (has(parsed, '--add', '--replace-all', '--unset-all', '--show-origin'))
    unsupported(`config ${args.find((a) => a.startsWith('--'))}`);
  const global = has(parsed, '--global');
  const repo = global ? null : await cmd.findRepo();
  if (!global && !repo && !has(parsed, '--list', '--get') && parsed.positionals.length > 1) {
    // Writing needs a repository unless --global, as in git.
    await cmd.repo();
  }
  const readRepo = async (key: string) =>
    repo
      ? ((await cmd.git.getConfig({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, path: key })) as unknown)
      : undefined;

  if (has(parsed, '--list')) {
    let out = '';
    for (const [k, v] of cmd.globalConfig) if (!has(parsed, '--local')) out += `${k}=${v}\n`;
    if (repo && !global) {
      const text = new TextDecoder().decode((await cmd.fs.promises.readFile(`${repo.gitdir}/config`)) as Uint8Array);
      let section = '';
      for (const raw of text.split('\n')) {
        const line = raw.trim();
        const head = /^\[([^\s\]]+)(?:\s+"(.*)")?\]$/.exec(line);
        if (head) section = head[2] !== undefined ? `${head[1].toLowerCase()}.${head[2]}` : head[1].toLowerCase();
        else if (line && !line.startsWith('#') && !line.startsWith(';')) {
          const eq = line.indexOf('=');
          const key = (eq >= 0 ? line.slice(0, eq) : line).trim().toLowerCase();
          const value =
            eq >= 0
              ? line
                  .slice(eq + 1)
                  .trim()
                  .replace(/^"(.*)"$/, '$1')
              : 'true';
          out += `${section}.${key}=${value}\n`;
        }
      }
    }
    cmd.out(out);
    return 0;
  }
  const [key, value] = parsed.positionals;
  if (!key) failure('no key given: use git config <key> [<value>]', 2);
  checkKey(key);
  if (has(parsed, '--unset')) {
    if (global) {
      const found = [...cmd.globalConfig.keys()].find((k) => k.toLowerCase() === key.toLowerCase());
      if (!found) return 5;
      cmd.globalConfig.delete(found);
      return 0;
    }
    const r = await cmd.repo();
    if ((await readRepo(key)) === undefined) return 5;
    await cmd.git.setConfig({ fs: cmd.fs, dir: r.dir, gitdir: r.gitdir, path: key, value: undefined });
    return 0;
  }
  if (value === undefined || has(parsed, '--get')) {
    const k = key.toLowerCase();
    const override = [...cmd.overrides].find(([n]) => n.toLowerCase() === k)?.[1];
    const local = global ? undefined : await readRepo(key);
    const g = has(parsed, '--local') ? undefined : [...cmd.globalConfig].find(([n]) => n.toLowerCase() === k)?.[1];
    const found = override ?? (local !== undefined && local !== null ? String(local) : undefined) ?? g;
    if (found === undefined) return 1;
    cmd.out(`${found}\n`);
    return 0;
  }
  if (global) {
    const existing = [...cmd.globalConfig.keys()].find((k) => k.toLowerCase() === key.toLowerCase());
    cmd.globalConfig.set(existing ?? key, value);
    return 0;
  }
  const r = await cmd.repo();
  await cmd.git.setConfig({ fs: cmd.fs, dir: r.dir, gitdir: r.gitdir, path: key, value });
  return 0;
}
