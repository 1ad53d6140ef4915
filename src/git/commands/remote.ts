import { has, parseArgs } from '../args';
import type { Cmd } from '../context';
import { fatal, GitExit, unsupported } from '../errors';

// `git remote [-v]`, `add <name> <url>`, `remove|rm <name>`, `rename <old> <new>`,
// `get-url <name>`, `set-url <name> <url>`.

export async function remote(cmd: Cmd, args: string[]): Promise<number> {
  const repo = await cmd.repo();
  const { git, fs } = cmd;
  const base = { fs, dir: repo.dir, gitdir: repo.gitdir };
  const [sub, ...rest] = args[0]?.startsWith('-') || args.length === 0 ? ['', ...args] : args;
  const remotes = await git.listRemotes(base);
  const find = (name: string) => remotes.find((r) => r.remote === name);
  switch (sub) {
    case '': {
      const parsed = parseArgs('remote', rest, { bool: ['-v', '--verbose'], alias: { '--verbose': '-v' } });
      const sorted = [...remotes].sort((a, b) => a.remote.localeCompare(b.remote));
      if (has(parsed, '-v')) {
        for (const r of sorted) {
          const pushUrl = (await git.getConfig({ ...base, path: `remote.${r.remote}.pushurl` })) as string | undefined;
          cmd.out(`${r.remote}\t${r.url} (fetch)\n${r.remote}\t${pushUrl ?? r.url} (push)\n`);
        }
      } else cmd.out(sorted.map((r) => `${r.remote}\n`).join(''));
      return 0;
    }
    case 'add': {
      const parsed = parseArgs('remote add', rest, { bool: ['-f', '--fetch'], value: ['-t', '-m'] });
      if (has(parsed, '-t', '-m', '-f', '--fetch')) unsupported(`remote add ${rest.find((a) => a.startsWith('-'))}`);
      const [name, url] = parsed.positionals;
      if (!name || !url) fatal('usage: git remote add <name> <url>', 129);
      if (find(name)) throw new GitExit(3, `error: remote ${name} already exists.\n`);
      await git.addRemote({ ...base, remote: name, url });
      return 0;
    }
    case 'remove':
    case 'rm': {
      const [name] = rest;
      if (!name || !find(name)) throw new GitExit(2, `error: No such remote: '${name ?? ''}'\n`);
      await git.deleteRemote({ ...base, remote: name });
      // Its remote-tracking branches go with it.
      for (const b of await git.listBranches({ ...base, remote: name })) {
        await git.deleteRef({ ...base, ref: `refs/remotes/${name}/${b}` }).catch(() => undefined);
      }
      return 0;
    }
    case 'rename': {
      const [from, to] = rest;
      const r = from ? find(from) : undefined;
      if (!r || !to) throw new GitExit(2, `error: No such remote: '${from ?? ''}'\n`);
      if (find(to)) fatal(`remote ${to} already exists.`);
      await git.addRemote({ ...base, remote: to, url: r.url });
      await git.deleteRemote({ ...base, remote: from });
      return 0;
    }
    case 'get-url': {
      const [name] = rest;
      const r = name ? find(name) : undefined;
      if (!r) throw new GitExit(2, `error: No such remote '${name ?? ''}'\n`);
      cmd.out(`${r.url}\n`);
      return 0;
    }
    case 'set-url': {
      const [name, url] = rest;
      if (!name || !url) fatal('usage: git remote set-url <name> <newurl>', 129);
      if (!find(name)) throw new GitExit(2, `error: No such remote '${name}'\n`);
      await git.addRemote({ ...base, remote: name, url, force: true });
      return 0;
    }
    case 'show':
    case 'prune':
    case 'update':
    case 'set-head':
    case 'set-branches':
    default:
      return unsupported(`remote ${sub}`);
  }
}
