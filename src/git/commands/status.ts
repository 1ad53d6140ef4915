import { has, last, parseArgs } from '../args';
import { pathFromCwd, repoPath, type Cmd, type Repo } from '../context';
import { unsupported } from '../errors';
import { quotePath } from '../format';
import { currentBranch, headOid } from '../revisions';
import { branchHeader, trackingText } from '../tracking';
import { cmpPath } from '../changes';
import { normalMode, readStates, sameSide, type FileState } from '../worktree-state';
import { sparseFilepaths } from '../sparse-folder';
import { parseIndex } from '../worktree-scan';

// `git status`: long format (git 2.39's wording and hints), `-s`/`--short`, `--porcelain[=v1]`,
// `-b`, `-u[no|normal|all]`, pathspecs.

/** One side of a `git status -s` code: unchanged, modified, added, deleted, renamed, type changed. */
export type StatusCode = ' ' | 'M' | 'A' | 'D' | 'R' | 'T';

export interface StatusEntry {
  /** Repo-relative path (the new path of a rename). */
  path: string;
  from?: string;
  staged: StatusCode;
  unstaged: StatusCode;
}

export interface StatusReport {
  entries: StatusEntry[];
  /** Untracked paths, directories collapsed to `dir/` unless `all`. */
  untracked: string[];
}

const EMPTY_BLOB = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';

function code(a: FileState['head'], b: FileState['head']): StatusCode {
  if (sameSide(a, b)) return ' ';
  if (!a) return 'A';
  if (!b) return 'D';
  const ta = normalMode(a.mode) & 0o170000;
  const tb = normalMode(b.mode) & 0o170000;
  return ta !== tb ? 'T' : 'M';
}

/** Untracked files shown as the highest directory that holds no tracked file (`dir/`), as git does. */
function collapse(untracked: string[], tracked: string[]): string[] {
  const trackedDirs = new Set<string>();
  for (const path of tracked) {
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) trackedDirs.add(path.slice(0, i));
  }
  const out = new Set<string>();
  for (const path of untracked) {
    let shown = path;
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      const dir = path.slice(0, i);
      if (!trackedDirs.has(dir)) {
        shown = `${dir}/`;
        break;
      }
    }
    out.add(shown);
  }
  return [...out].sort(cmpPath);
}

export async function statusReport(
  cmd: Cmd,
  repo: Repo,
  paths: string[] = [],
  untrackedMode: 'no' | 'normal' | 'all' = 'normal',
): Promise<StatusReport> {
  const states = await readStates(cmd, repo, { paths });
  const entries: StatusEntry[] = [];
  const untracked: string[] = [];
  const tracked: string[] = [];
  for (const f of states) {
    if (f.stage) tracked.push(f.path);
    if (!f.head && !f.stage) {
      if (f.work) untracked.push(f.path);
      continue;
    }
    const staged = code(f.head, f.stage);
    const unstaged = f.stage ? code(f.stage, f.work) : ' ';
    if (staged !== ' ' || unstaged !== ' ') entries.push({ path: f.path, staged, unstaged });
    // Removed from the index but still on disk: a staged deletion plus an untracked file.
    if (f.head && !f.stage && f.work) untracked.push(f.path);
  }
  // Exact renames among staged changes: a deletion and an addition of the same blob.
  const byOid = new Map<string, StatusEntry>();
  const heads = new Map(states.map((f) => [f.path, f]));
  for (const e of entries) if (e.staged === 'A') byOid.set(heads.get(e.path)!.stage!.oid, e);
  const gone = new Set<StatusEntry>();
  for (const e of entries) {
    if (e.staged !== 'D') continue;
    const oid = heads.get(e.path)!.head!.oid;
    const added = oid === EMPTY_BLOB ? undefined : byOid.get(oid);
    if (!added || added.from) continue;
    added.staged = 'R';
    added.from = e.path;
    byOid.delete(oid);
    if (e.unstaged === ' ') gone.add(e);
    else e.staged = ' ';
  }
  const list = entries.filter((e) => !gone.has(e));
  return {
    entries: list,
    untracked:
      untrackedMode === 'no' ? [] : untrackedMode === 'all' ? untracked.sort(cmpPath) : collapse(untracked, tracked),
  };
}

const LABELS: Record<StatusCode, string> = {
  M: 'modified:',
  A: 'new file:',
  D: 'deleted:',
  R: 'renamed:',
  T: 'typechange:',
  ' ': '',
};
const pad = (label: string) => label.padEnd(12);

/** git's line for a sparse checkout (one folder cloned): how much of the tracked tree is there. */
async function sparseLine(cmd: Cmd, repo: Repo): Promise<string> {
  if (!(await sparseFilepaths(cmd.fs, repo.gitdir))) return '';
  const bytes = await cmd.fs.promises.readFile(`${repo.gitdir}/index`).catch(() => null);
  const entries = bytes instanceof Uint8Array ? parseIndex(bytes) : null;
  if (!entries?.length) return '';
  const present = entries.filter((e) => !e.skipWorktree).length;
  return `You are in a sparse checkout with ${Math.round((present / entries.length) * 100)}% of tracked files present.\n\n`;
}

export async function longStatus(
  cmd: Cmd,
  repo: Repo,
  report: StatusReport,
  options: { untrackedMode: string } = { untrackedMode: 'normal' },
): Promise<string> {
  const branch = await currentBranch(cmd, repo);
  const head = await headOid(cmd, repo);
  let out = branch ? `On branch ${branch}\n` : `HEAD detached at ${head?.slice(0, 7) ?? 'HEAD'}\n`;
  if (branch) {
    // The tracking lines, when there are any, end with a blank line of their own.
    const tracking = await trackingText(cmd, repo, branch, head);
    if (tracking) out += `${tracking}\n`;
  }
  out += await sparseLine(cmd, repo);
  if (!head) out += '\nNo commits yet\n\n';
  const show = (p: string) => pathFromCwd(repo, cmd.cwd, p);
  const staged = report.entries.filter((e) => e.staged !== ' ');
  const unstaged = report.entries.filter((e) => e.unstaged !== ' ');
  // Each section ends with a blank line; nothing precedes one.
  if (staged.length) {
    out += `Changes to be committed:\n`;
    out += head
      ? `  (use "git restore --staged <file>..." to unstage)\n`
      : `  (use "git rm --cached <file>..." to unstage)\n`;
    for (const e of staged)
      out += `\t${pad(LABELS[e.staged])}${e.staged === 'R' ? `${show(e.from!)} -> ${show(e.path)}` : show(e.path)}\n`;
    out += '\n';
  }
  if (unstaged.length) {
    const deletions = unstaged.some((e) => e.unstaged === 'D');
    out += `Changes not staged for commit:\n`;
    out += deletions
      ? `  (use "git add/rm <file>..." to update what will be committed)\n`
      : `  (use "git add <file>..." to update what will be committed)\n`;
    out += `  (use "git restore <file>..." to discard changes in working directory)\n`;
    for (const e of unstaged) out += `\t${pad(LABELS[e.unstaged])}${show(e.path)}\n`;
    out += '\n';
  }
  if (report.untracked.length) {
    out += `Untracked files:\n  (use "git add <file>..." to include in what will be committed)\n`;
    for (const p of report.untracked) out += `\t${show(p)}\n`;
    out += '\n';
  }
  if (!staged.length) {
    if (unstaged.length) out += `no changes added to commit (use "git add" and/or "git commit -a")\n`;
    else if (report.untracked.length)
      out += `nothing added to commit but untracked files present (use "git add" to track)\n`;
    else if (!head) out += `nothing to commit (create/copy files and use "git add" to track)\n`;
    else if (options.untrackedMode === 'no') out += `nothing to commit (use -u to show untracked files)\n`;
    else out += `nothing to commit, working tree clean\n`;
  }
  return out;
}

export function shortStatus(repo: Repo, cwd: string, report: StatusReport, porcelain: boolean): string {
  // --porcelain paths are always from the repo root; -s paths are relative to where you stand.
  const show = (p: string) => quotePath(porcelain ? p : pathFromCwd(repo, cwd, p), true);
  let out = '';
  for (const e of report.entries) {
    const name = e.from ? `${show(e.from)} -> ${show(e.path)}` : show(e.path);
    out += `${e.staged}${e.unstaged} ${name}\n`;
  }
  for (const p of report.untracked) out += `?? ${show(p)}\n`;
  return out;
}

export async function status(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('status', args, {
    bool: ['-s', '--short', '-b', '--branch', '--long', '--no-ahead-behind', '--show-stash'],
    optionalValue: ['--porcelain', '--untracked-files'],
    value: ['-u'],
    alias: { '--short': '-s', '--branch': '-b', '--untracked-files': '-u' },
  });
  // `-u` alone means `all`; its value may only be glued on (`-uno`).
  const uIdx = args.findIndex((a) => a === '-u');
  if (uIdx >= 0) {
    return status(cmd, [...args.slice(0, uIdx), '-uall', ...args.slice(uIdx + 1)]);
  }
  const porcelainValue = last(parsed, '--porcelain');
  if (porcelainValue && porcelainValue !== 'v1' && porcelainValue !== '1')
    unsupported(`status --porcelain=${porcelainValue}`);
  const mode = last(parsed, '-u') || 'normal';
  const untrackedMode =
    mode === 'no' || mode === 'all' ? mode : mode === 'normal' ? 'normal' : unsupported(`status -u${mode}`);
  const repo = await cmd.repo();
  const paths = [...parsed.positionals, ...(parsed.afterDashDash ?? [])].map((p) => repoPath(repo, cmd.cwd, p));
  const report = await statusReport(cmd, repo, paths, untrackedMode);
  const porcelain = parsed.flags.has('--porcelain');
  if ((has(parsed, '-s') || porcelain) && !has(parsed, '--long')) {
    let out = '';
    if (has(parsed, '-b')) {
      out += await branchHeader(cmd, repo, await currentBranch(cmd, repo), await headOid(cmd, repo));
    }
    cmd.out(out + shortStatus(repo, cmd.cwd, report, porcelain));
    return 0;
  }
  cmd.out(await longStatus(cmd, repo, report, { untrackedMode }));
  return 0;
}
