import { has, parseArgs } from '../args';
import type { Cmd } from '../context';
import { fatal } from '../errors';
import { readCommitInfo } from '../history';
import { formatCommit } from '../pretty';
import { resolveRevision } from '../revisions';
import { commitDiff, dateModeOf, diffOutputOf, LOG_FLAGS, prettyOf, wantsDiff } from './log';

// `git show [<commit>…]` (header and patch), `git show <rev>:<path>` (a file as it was),
// with log's formatting flags.

export async function show(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('show', args, LOG_FLAGS);
  const repo = await cmd.repo();
  const targets = parsed.positionals.length ? parsed.positionals : ['HEAD'];
  const paths = parsed.afterDashDash ?? [];
  const pretty = prettyOf(parsed);
  const dateMode = dateModeOf(parsed);
  const d = diffOutputOf(parsed, true);
  let out = '';
  for (const [i, target] of targets.entries()) {
    const colon = target.indexOf(':');
    if (colon >= 0) {
      out += await showBlob(cmd, repo, target.slice(0, colon) || 'HEAD', target.slice(colon + 1), target);
      continue;
    }
    const oid = await resolveRevision(cmd, repo, target);
    const info = await readCommitInfo(cmd, repo, oid);
    if (!info) fatal(`bad object ${target}`);
    const header = formatCommit(info, pretty, dateMode);
    const diffText = wantsDiff(d) ? await commitDiff(cmd, repo, info, d, paths) : '';
    const compact = pretty.kind === 'oneline' || (pretty.kind === 'format' && !has(parsed, '--stat'));
    out += (i && !compact ? '\n' : '') + header + (diffText ? (compact ? diffText : `\n${diffText}`) : '');
  }
  cmd.out(out);
  return 0;
}

async function showBlob(
  cmd: Cmd,
  repo: { dir: string; gitdir: string },
  rev: string,
  path: string,
  spec: string,
): Promise<string> {
  const oid = await resolveRevision(cmd, repo, rev);
  const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
  try {
    if (!clean) {
      const { tree } = await cmd.git.readTree({
        fs: cmd.fs,
        dir: repo.dir,
        gitdir: repo.gitdir,
        oid,
        cache: cmd.cache,
      });
      return `tree ${spec}\n\n${tree.map((e) => (e.type === 'tree' ? `${e.path}/` : e.path)).join('\n')}\n`;
    }
    const { blob } = await cmd.git.readBlob({
      fs: cmd.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid,
      filepath: clean,
      cache: cmd.cache,
    });
    return new TextDecoder().decode(blob);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ObjectTypeError') {
      const { tree } = await cmd.git.readTree({
        fs: cmd.fs,
        dir: repo.dir,
        gitdir: repo.gitdir,
        oid,
        filepath: clean,
        cache: cmd.cache,
      });
      return `tree ${spec}\n\n${tree.map((e) => (e.type === 'tree' ? `${e.path}/` : e.path)).join('\n')}\n`;
    }
    return fatal(`path '${clean}' does not exist in '${rev}'`);
  }
}
