import type { Cmd } from '../context';
import { fatal, unsupported } from '../errors';
import { currentBranch, tryResolveRevision, unknownRevision } from '../revisions';

// `git rev-parse` for what scripts and models ask most: HEAD ids (--short), --abbrev-ref,
// --show-toplevel, --git-dir, --is-inside-work-tree, --verify.

export async function revParse(cmd: Cmd, args: string[]): Promise<number> {
  let short: number | null = null;
  let abbrevRef = false;
  let verify = false;
  let quiet = false;
  const lines: string[] = [];
  const repo = await cmd.findRepo();
  for (const arg of args) {
    if (arg === '--short') short = 7;
    else if (arg.startsWith('--short=')) short = Math.max(4, Number(arg.slice(8)) || 7);
    else if (arg === '--abbrev-ref') abbrevRef = true;
    else if (arg === '--verify') verify = true;
    else if (arg === '-q' || arg === '--quiet') quiet = true;
    else if (arg === '--is-inside-work-tree')
      lines.push(repo ? 'true' : fatal('not a git repository (or any of the parent directories): .git'));
    else if (arg === '--is-inside-git-dir') lines.push('false');
    else if (arg === '--is-bare-repository') lines.push('false');
    else if (arg === '--show-toplevel') lines.push((await cmd.repo()).dir);
    else if (arg === '--git-dir') {
      const r = await cmd.repo();
      lines.push(r.dir === cmd.cwd ? '.git' : r.gitdir);
    } else if (arg === '--absolute-git-dir') lines.push((await cmd.repo()).gitdir);
    else if (arg === '--show-prefix') {
      const r = await cmd.repo();
      lines.push(cmd.cwd === r.dir ? '' : `${cmd.cwd.slice(r.dir.length + 1)}/`);
    } else if (arg === '--show-cdup') {
      const r = await cmd.repo();
      const depth = cmd.cwd === r.dir ? 0 : cmd.cwd.slice(r.dir.length + 1).split('/').length;
      lines.push('../'.repeat(depth));
    } else if (arg.startsWith('-')) unsupported(`rev-parse ${arg}`);
    else {
      const r = await cmd.repo();
      if (abbrevRef && (arg === 'HEAD' || arg === '@')) {
        lines.push((await currentBranch(cmd, r)) ?? 'HEAD');
        continue;
      }
      const oid = await tryResolveRevision(cmd, r, arg);
      if (!oid) {
        if (verify) {
          if (quiet) return 1;
          fatal('Needed a single revision');
        }
        unknownRevision(arg);
      }
      lines.push(abbrevRef ? arg : short ? oid.slice(0, short) : oid);
    }
  }
  cmd.out(lines.map((l) => `${l}\n`).join(''));
  return 0;
}
