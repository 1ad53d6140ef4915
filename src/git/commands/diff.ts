import { has, last, parseArgs } from '../args';
import { repoPath, type Cmd } from '../context';
import { commitToWorkChanges, stagedChanges, treeChanges, unstagedChanges } from '../changes';
import { count, nameOnly, nameStatus, numstat, patch, shortstat, stat, type FilePair } from '../diff-text';
import { GitExit, unsupported } from '../errors';
import { headOid, tryResolveRevision, unknownRevision } from '../revisions';
import { readStates } from '../worktree-state';

// `git diff` in its four forms: index→worktree, --staged/--cached [<commit>]→index,
// <commit>→worktree, <a> <b> / a..b; with --stat, --numstat, --shortstat, --name-only,
// --name-status, -U<n>, --quiet/--exit-code and pathspecs.

export async function diff(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('diff', args, {
    bool: [
      '--cached',
      '--staged',
      '--stat',
      '--numstat',
      '--shortstat',
      '--name-only',
      '--name-status',
      '--quiet',
      '--exit-code',
      '--no-color',
      '-p',
      '--patch',
      '-u',
      '--no-renames',
      '--no-ext-diff',
      '-M',
      '--find-renames',
    ],
    value: ['-U', '--unified'],
    optionalValue: ['--color'],
    alias: { '--staged': '--cached', '--unified': '-U', '--patch': '-p', '-u': '-p', '--find-renames': '-M' },
  });
  const color = last(parsed, '--color');
  if (color !== undefined && color !== 'never' && color !== '') unsupported(`diff --color=${color}`);
  const repo = await cmd.repo();
  const revisions: string[] = [];
  const paths = (parsed.afterDashDash ?? []).map((p) => repoPath(repo, cmd.cwd, p));
  for (const arg of parsed.positionals) {
    if (!paths.length) {
      const range = /^(.+?)\.\.(\.?)(.+)$/.exec(arg);
      if (range) {
        if (range[2]) unsupported('diff A...B');
        revisions.push(range[1], range[3]);
        continue;
      }
      if (await tryResolveRevision(cmd, repo, arg)) {
        revisions.push(arg);
        continue;
      }
    }
    try {
      await cmd.fs.promises.lstat(`${repo.dir}/${repoPath(repo, cmd.cwd, arg)}`);
    } catch {
      unknownRevision(arg);
    }
    paths.push(repoPath(repo, cmd.cwd, arg));
  }
  if (revisions.length > 2) unsupported('diff with more than two revisions');
  const resolve = async (rev: string) => (await tryResolveRevision(cmd, repo, rev)) ?? unknownRevision(rev);

  let pairs: FilePair[];
  if (revisions.length === 2) {
    pairs = await treeChanges(cmd, repo, await resolve(revisions[0]), await resolve(revisions[1]), paths);
  } else if (has(parsed, '--cached')) {
    const base = revisions[0] ? await resolve(revisions[0]) : await headOid(cmd, repo);
    const states = await readStates(cmd, repo, { paths, ref: base ?? undefined });
    pairs = await stagedChanges(cmd, repo, base ? states : states.map((f) => ({ ...f, head: undefined })));
  } else if (revisions.length === 1) {
    const states = await readStates(cmd, repo, { paths, ref: await resolve(revisions[0]) });
    pairs = await commitToWorkChanges(cmd, repo, states);
  } else {
    pairs = await unstagedChanges(cmd, repo, await readStates(cmd, repo, { paths }));
  }

  const quiet = has(parsed, '--quiet');
  if (!quiet) {
    const context = Number(last(parsed, '-U') ?? 3);
    const counted = has(parsed, '--stat', '--numstat', '--shortstat') ? pairs.map((p) => count(p)) : [];
    let out = '';
    if (has(parsed, '--name-only')) out += nameOnly(pairs);
    else if (has(parsed, '--name-status')) out += nameStatus(pairs);
    else {
      if (has(parsed, '--numstat')) out += numstat(counted);
      if (has(parsed, '--stat')) out += stat(counted);
      else if (has(parsed, '--shortstat')) out += shortstat(counted);
      const patchToo = has(parsed, '-p') || !has(parsed, '--stat', '--numstat', '--shortstat');
      if (patchToo) {
        if (out && pairs.length) out += '\n';
        out += pairs.map((p) => patch(p, context)).join('');
      }
    }
    cmd.out(out);
  }
  if ((quiet || has(parsed, '--exit-code')) && pairs.length) throw new GitExit(1, '');
  return 0;
}
