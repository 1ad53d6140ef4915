import { has, last, parseArgs, type ParsedArgs } from '../args';
import { repoPath, type Cmd, type Repo } from '../context';
import { count, nameOnly, nameStatus, numstat, patch, shortstat, stat } from '../diff-text';
import { treeChanges } from '../changes';
import { unsupported } from '../errors';
import { walkCommits } from '../history';
import { decorations, formatCommit, parsePretty, type CommitInfo, type DateMode, type Pretty } from '../pretty';
import { headOid, resolveRevision, tryResolveRevision, unknownRevision } from '../revisions';
import { fatal } from '../errors';

// `git log [<revision range>] [[--] <path>…]` with -n/-N/--max-count, --skip, --oneline,
// --format/--pretty, --date, --stat, -p, --name-only, --name-status, --decorate, --reverse,
// --author, --grep, --first-parent, --no-merges, --all.

export const LOG_FLAGS = {
  bool: [
    '--oneline',
    '--stat',
    '-p',
    '-u',
    '--patch',
    '--name-only',
    '--name-status',
    '--decorate',
    '--no-decorate',
    '--reverse',
    '--first-parent',
    '--no-merges',
    '--merges',
    '--all',
    '--abbrev-commit',
    '--no-abbrev-commit',
    '-s',
    '--no-patch',
    '--shortstat',
    '--numstat',
    '-i',
    '--regexp-ignore-case',
    '--no-color',
    '--no-renames',
    '--follow',
  ],
  value: [
    '-n',
    '--max-count',
    '--skip',
    '--format',
    '--pretty',
    '--date',
    '--author',
    '--grep',
    '-U',
    '--unified',
    '--since',
    '--after',
    '--until',
    '--before',
  ],
  optionalValue: ['--pretty', '--decorate'],
  alias: {
    '--max-count': '-n',
    '--patch': '-p',
    '-u': '-p',
    '--no-patch': '-s',
    '--regexp-ignore-case': '-i',
    '--unified': '-U',
    '--after': '--since',
    '--before': '--until',
  },
  numericCount: true,
};

export interface Selection {
  include: string[];
  exclude: string[];
  paths: string[];
}

/** Splits log/show arguments into revisions and paths, as git does (revisions first, `--` for certainty). */
export async function selectRevisions(
  cmd: Cmd,
  repo: Repo,
  parsed: ParsedArgs,
  defaultHead = true,
): Promise<Selection> {
  const include: string[] = [];
  const exclude: string[] = [];
  const paths: string[] = (parsed.afterDashDash ?? []).map((p) => repoPath(repo, cmd.cwd, p));
  let inPaths = false;
  for (const arg of parsed.positionals) {
    if (!inPaths) {
      const range = /^(.*?)(\.\.\.?)(.*)$/.exec(arg);
      if (range && !arg.startsWith('.') && range[2] === '..') {
        exclude.push(await resolveRevision(cmd, repo, range[1] || 'HEAD'));
        include.push(await resolveRevision(cmd, repo, range[3] || 'HEAD'));
        continue;
      }
      if (range && range[2] === '...') unsupported('log A...B');
      if (arg.startsWith('^')) {
        exclude.push(await resolveRevision(cmd, repo, arg.slice(1)));
        continue;
      }
      const oid = await tryResolveRevision(cmd, repo, arg);
      if (oid) {
        include.push(oid);
        continue;
      }
    }
    // Not a revision: a path, if it exists in the working tree (git's rule without `--`).
    try {
      await cmd.fs.promises.lstat(`${repo.dir}/${repoPath(repo, cmd.cwd, arg)}`);
    } catch {
      unknownRevision(arg);
    }
    inPaths = true;
    paths.push(repoPath(repo, cmd.cwd, arg));
  }
  if (!include.length && defaultHead) {
    const head = await headOid(cmd, repo);
    if (!head) {
      const branch = await cmd.git.currentBranch({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, test: false });
      fatal(`your current branch '${branch ?? 'main'}' does not have any commits yet`);
    }
    include.push(head);
  }
  return { include, exclude, paths };
}

export interface DiffOutput {
  stat: boolean;
  patch: boolean;
  nameOnly: boolean;
  nameStatus: boolean;
  shortstat: boolean;
  numstat: boolean;
  context: number;
}

export function diffOutputOf(parsed: ParsedArgs, defaultPatch: boolean): DiffOutput {
  const noPatch = has(parsed, '-s');
  const out: DiffOutput = {
    stat: has(parsed, '--stat'),
    patch: has(parsed, '-p'),
    nameOnly: has(parsed, '--name-only'),
    nameStatus: has(parsed, '--name-status'),
    shortstat: has(parsed, '--shortstat'),
    numstat: has(parsed, '--numstat'),
    context: Number(last(parsed, '-U') ?? 3),
  };
  if (defaultPatch && !noPatch && !out.stat && !out.nameOnly && !out.nameStatus && !out.shortstat && !out.numstat)
    out.patch = true;
  if (noPatch) out.patch = false;
  return out;
}

export function wantsDiff(d: DiffOutput): boolean {
  return d.stat || d.patch || d.nameOnly || d.nameStatus || d.shortstat || d.numstat;
}

/** The diff part after a commit header in log/show. */
export async function commitDiff(cmd: Cmd, repo: Repo, c: CommitInfo, d: DiffOutput, paths: string[]): Promise<string> {
  if (c.commit.parent.length > 1) return ''; // merges show no diff without -m/--cc, as in git
  const pairs = await treeChanges(cmd, repo, c.commit.parent[0] ?? null, c.oid, paths);
  let out = '';
  if (d.nameOnly) out += nameOnly(pairs);
  if (d.nameStatus) out += nameStatus(pairs);
  const counted = d.stat || d.shortstat || d.numstat ? pairs.map((p) => count(p)) : [];
  if (d.numstat) {
    out += numstat(counted);
  }
  if (d.stat) out += stat(counted);
  else if (d.shortstat) {
    out += shortstat(counted);
  }
  if (d.patch) {
    if (d.stat || d.numstat || d.shortstat) out += '\n';
    out += pairs.map((p) => patch(p, d.context)).join('');
  }
  return out;
}

export function prettyOf(parsed: ParsedArgs): Pretty {
  const format = last(parsed, '--format') ?? last(parsed, '--pretty');
  if (format !== undefined && format !== '') return parsePretty(format);
  if (has(parsed, '--oneline')) return { kind: 'oneline' };
  return { kind: 'medium' };
}

export function dateModeOf(parsed: ParsedArgs): DateMode {
  const date = last(parsed, '--date');
  if (date === undefined) return 'default';
  if (['default', 'iso', 'iso8601', 'short', 'relative', 'unix', 'iso-strict', 'rfc', 'rfc2822'].includes(date)) {
    return (date === 'iso8601' ? 'iso' : date === 'rfc2822' ? 'rfc' : date) as DateMode;
  }
  return unsupported(`--date=${date}`);
}

function sinceOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const rel = /^(\d+)\s*\.?(second|minute|hour|day|week|month|year)s?(\s*ago)?$/i.exec(value.trim());
  if (rel) {
    const unit = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800, month: 2592000, year: 31536000 }[
      rel[2].toLowerCase() as 'day'
    ];
    return Math.floor(Date.now() / 1000) - Number(rel[1]) * unit;
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) unsupported(`log --since=${value}`);
  return Math.floor(ms / 1000);
}

export async function log(cmd: Cmd, args: string[]): Promise<number> {
  if (args.includes('--graph')) unsupported('log --graph');
  if (args.some((a) => a === '-L' || a.startsWith('-L') || a.startsWith('-S') || a.startsWith('-G')))
    unsupported(`log ${args.find((a) => /^-[LSG]/.test(a))}`);
  const parsed = parseArgs('log', args, LOG_FLAGS);
  const repo = await cmd.repo();
  const selection = await selectRevisions(cmd, repo, parsed);
  if (has(parsed, '--all')) {
    for (const ref of await allRefs(cmd, repo)) selection.include.push(ref);
  }
  const max = last(parsed, '-n') !== undefined ? Number(last(parsed, '-n')) : Infinity;
  let skip = Number(last(parsed, '--skip') ?? 0);
  const pretty = prettyOf(parsed);
  const dateMode = dateModeOf(parsed);
  const d = diffOutputOf(parsed, false);
  const decorateValue = last(parsed, '--decorate');
  const decor =
    (has(parsed, '--decorate') && decorateValue !== 'no') || (pretty.kind === 'format' && /%[dD]/.test(pretty.template))
      ? await decorations(cmd, repo)
      : undefined;
  const author = last(parsed, '--author');
  const grep = last(parsed, '--grep');
  const flags = has(parsed, '-i') ? 'i' : '';
  const authorRe = author ? new RegExp(author, flags) : null;
  const grepRe = grep ? new RegExp(grep, flags) : null;
  const since = sinceOf(last(parsed, '--since'));
  const until = sinceOf(last(parsed, '--until'));

  const picked: CommitInfo[] = [];
  if (max > 0) {
    for await (const c of walkCommits(cmd, repo, {
      include: selection.include,
      exclude: selection.exclude,
      firstParent: has(parsed, '--first-parent'),
    })) {
      if (has(parsed, '--no-merges') && c.commit.parent.length > 1) continue;
      if (has(parsed, '--merges') && c.commit.parent.length < 2) continue;
      if (authorRe && !authorRe.test(`${c.commit.author.name} <${c.commit.author.email}>`)) continue;
      if (grepRe && !grepRe.test(c.commit.message)) continue;
      if (until !== undefined && c.commit.committer.timestamp > until) continue;
      if (since !== undefined && c.commit.committer.timestamp < since) break;
      if (selection.paths.length) {
        if (c.commit.parent.length > 1) continue; // git's history simplification hides merges that changed nothing here
        const changed = await treeChanges(cmd, repo, c.commit.parent[0] ?? null, c.oid, selection.paths);
        if (!changed.length) continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      picked.push(c);
      if (picked.length >= max) break;
    }
  }
  if (has(parsed, '--reverse')) picked.reverse();

  let out = '';
  const oneLine = pretty.kind === 'oneline' || (pretty.kind === 'format' && pretty.terminator);
  for (let i = 0; i < picked.length; i++) {
    const c = picked[i];
    const header = formatCommit(c, pretty, dateMode, decor);
    const diffText = wantsDiff(d) ? await commitDiff(cmd, repo, c, d, selection.paths) : '';
    if (pretty.kind === 'format' && !pretty.terminator) {
      // format: separates entries with a newline, without one after the last.
      out += (i ? '\n' : '') + header + (diffText ? `\n${diffText}` : '');
      continue;
    }
    if (oneLine) {
      out += header;
      if (diffText) out += (d.patch && !d.stat ? '' : '') + diffText;
      continue;
    }
    out += (i ? '\n' : '') + header;
    if (diffText) out += `\n${diffText}`;
  }
  cmd.out(out);
  return 0;
}

/** Every branch, remote branch and tag tip, for --all. */
async function allRefs(cmd: Cmd, repo: Repo): Promise<string[]> {
  const { git, fs } = cmd;
  const out: string[] = [];
  const add = async (ref: string) => {
    const oid = await tryResolveRevision(cmd, repo, ref);
    if (oid) out.push(oid);
  };
  for (const b of await git.listBranches({ fs, dir: repo.dir, gitdir: repo.gitdir })) await add(`refs/heads/${b}`);
  for (const r of await git.listRemotes({ fs, dir: repo.dir, gitdir: repo.gitdir })) {
    for (const b of await git.listBranches({ fs, dir: repo.dir, gitdir: repo.gitdir, remote: r.remote }))
      if (b !== 'HEAD') await add(`refs/remotes/${r.remote}/${b}`);
  }
  for (const t of await git.listTags({ fs, dir: repo.dir, gitdir: repo.gitdir })) await add(`refs/tags/${t}`);
  await add('HEAD');
  return out;
}
