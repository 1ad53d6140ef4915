import { has, last, parseArgs } from '../args';
import type { Cmd } from '../context';
import { fatal, GitExit, unsupported } from '../errors';
import { short } from '../format';
import { committerOf } from '../identity';
import { resolveRevision } from '../revisions';
import { resolveOrNull } from '../tracking';

// `git tag` (list, -l <pattern>), `git tag <name> [<commit>]`, `-a -m` (annotated), `-d`.

export async function tag(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('tag', args, {
    bool: ['-a', '--annotate', '-d', '--delete', '-f', '--force', '-l', '--list', '-n'],
    value: ['-m', '--message'],
    alias: { '--annotate': '-a', '--delete': '-d', '--force': '-f', '--list': '-l', '--message': '-m' },
  });
  if (args.includes('-s') || args.includes('--sign')) unsupported('tag -s');
  const repo = await cmd.repo();
  const { git, fs } = cmd;
  const [name, target] = parsed.positionals;
  if (has(parsed, '-d')) {
    let code = 0;
    for (const t of parsed.positionals) {
      const oid = await resolveOrNull(cmd, repo, `refs/tags/${t}`);
      if (!oid) {
        cmd.err(`error: tag '${t}' not found.\n`);
        code = 1;
        continue;
      }
      await git.deleteTag({ fs, dir: repo.dir, gitdir: repo.gitdir, ref: t });
      cmd.out(`Deleted tag '${t}' (was ${short(oid)})\n`);
    }
    return code;
  }
  if (!name || has(parsed, '-l')) {
    const tags = (await git.listTags({ fs, dir: repo.dir, gitdir: repo.gitdir })).sort();
    const pattern =
      has(parsed, '-l') && name
        ? new RegExp(
            `^${name
              .replace(/[.+^${}()|\\]/g, '\\$&')
              .replace(/\*/g, '.*')
              .replace(/\?/g, '.')}$`,
          )
        : null;
    cmd.out(
      tags
        .filter((t) => !pattern || pattern.test(t))
        .map((t) => `${t}\n`)
        .join(''),
    );
    return 0;
  }
  const oid = await resolveRevision(cmd, repo, target ?? 'HEAD');
  const force = has(parsed, '-f');
  if (!force && (await resolveOrNull(cmd, repo, `refs/tags/${name}`)))
    throw new GitExit(128, `fatal: tag '${name}' already exists\n`);
  const message = last(parsed, '-m');
  if (has(parsed, '-a') || message !== undefined) {
    if (message === undefined) fatal("Tidepool's git has no editor: give the tag message with -m");
    await git.annotatedTag({
      fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      ref: name,
      object: oid,
      message,
      tagger: await committerOf(cmd, repo),
      force,
    });
  } else {
    await git.tag({ fs, dir: repo.dir, gitdir: repo.gitdir, ref: name, object: oid, force });
  }
  return 0;
}
