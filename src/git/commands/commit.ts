import { all, has, last, parseArgs } from '../args';
import type { Cmd, Repo } from '../context';
import { failure, GitExit, unsupported } from '../errors';
import { changeSummary, count, shortstat } from '../diff-text';
import { treeChanges } from '../changes';
import { formatDate, short } from '../format';
import { authorOf, committerOf, parseGitDate } from '../identity';
import { currentBranch, headOid, resolveRevision } from '../revisions';
import { isStaged, readStates } from '../worktree-state';
import { stageStates } from './add';
import { longStatus, statusReport } from './status';

// `git commit -m <msg>` (repeatable), `-F <file>`, `-a`, `--amend [--no-edit]`, `--allow-empty`,
// `--author`, `-q`. There is no editor: a commit without a message says so.

/** git's `whitespace` cleanup (what -m gets): trailing spaces, leading/trailing and doubled blank lines go. */
export function cleanMessage(message: string): string {
  const lines = message.split('\n').map((l) => l.replace(/\s+$/, ''));
  const out: string[] = [];
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.length ? `${out.join('\n')}\n` : '';
}

/** `%s`: the first paragraph on one line. */
export function subjectOf(message: string): string {
  const para = message.replace(/^\n+/, '').split(/\n\s*\n/)[0] ?? '';
  return para
    .split('\n')
    .map((l) => l.trim())
    .join(' ')
    .trim();
}

/** The `[main abc1234] subject` block git prints after a commit. */
export async function commitSummary(cmd: Cmd, repo: Repo, oid: string, rootLabel: boolean): Promise<string> {
  const { commit } = await cmd.git.readCommit({
    fs: cmd.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    oid,
    cache: cmd.cache,
  });
  const branch = await currentBranch(cmd, repo);
  const where = branch ? branch : 'detached HEAD';
  const pairs = await treeChanges(cmd, repo, commit.parent[0] ?? null, oid);
  const counted = pairs.map((p) => count(p));
  const stats = counted.length ? shortstat(counted) : ' 0 files changed\n';
  return `[${where}${rootLabel ? ' (root-commit)' : ''} ${short(oid)}] ${subjectOf(commit.message)}\n${stats}${changeSummary(pairs)}`;
}

export async function commit(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('commit', args, {
    bool: [
      '-a',
      '--all',
      '--amend',
      '--no-edit',
      '--allow-empty',
      '--allow-empty-message',
      '-q',
      '--quiet',
      '-v',
      '--verbose',
      '-s',
      '--signoff',
      '--no-verify',
      '-n',
    ],
    value: ['-m', '--message', '-F', '--file', '--author', '--date', '-C', '--reuse-message'],
    alias: {
      '--message': '-m',
      '--all': '-a',
      '--quiet': '-q',
      '--file': '-F',
      '--verbose': '-v',
      '--signoff': '-s',
      '--no-verify': '-n',
      '--reuse-message': '-C',
    },
  });
  if (parsed.positionals.length || parsed.afterDashDash?.length) unsupported('commit <pathspec>');
  const repo = await cmd.repo();
  const amend = has(parsed, '--amend');
  const head = await headOid(cmd, repo);
  if (amend && !head) failure('You have nothing to amend.', 128);

  let message: string | undefined;
  const messages = all(parsed, '-m');
  if (messages.length) message = messages.join('\n\n');
  const file = last(parsed, '-F');
  if (file !== undefined) {
    const path = file.startsWith('/') ? file : `${cmd.cwd}/${file}`;
    try {
      message = new TextDecoder().decode((await cmd.fs.promises.readFile(path)) as Uint8Array);
    } catch {
      failure(`could not read log file '${file}': No such file or directory`, 128);
    }
  }
  const reuse = last(parsed, '-C');
  if (reuse !== undefined) {
    const oid = await resolveRevision(cmd, repo, reuse);
    message = (await cmd.git.readCommit({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, oid, cache: cmd.cache }))
      .commit.message;
  }
  if (message === undefined && amend) {
    message = (
      await cmd.git.readCommit({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, oid: head!, cache: cmd.cache })
    ).commit.message;
  }
  if (message === undefined) {
    throw new GitExit(1, 'error: Tidepool\'s git has no editor: give the message with -m "<message>" (or -F <file>)\n');
  }
  if (has(parsed, '-s')) {
    const me = await committerOf(cmd, repo);
    message = `${message.replace(/\n+$/, '')}\n\nSigned-off-by: ${me.name} <${me.email}>`;
  }
  message = cleanMessage(message);
  if (!message && !has(parsed, '--allow-empty-message')) {
    throw new GitExit(1, 'Aborting commit due to empty commit message.\n');
  }

  if (has(parsed, '-a')) {
    const states = await readStates(cmd, repo);
    await stageStates(
      cmd,
      repo,
      states.filter((f) => f.stage && (!f.work || f.work.oid !== f.stage.oid)),
    );
  }
  if (!amend && !has(parsed, '--allow-empty')) {
    const states = await readStates(cmd, repo);
    if (!states.some(isStaged)) {
      const report = await statusReport(cmd, repo);
      throw new GitExit(1, '', await longStatus(cmd, repo, report));
    }
  }

  // --amend keeps the original author and date, as git does without --reset-author.
  const author = amend
    ? (await cmd.git.readCommit({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, oid: head!, cache: cmd.cache }))
        .commit.author
    : await authorOf(cmd, repo);
  const authorText = last(parsed, '--author');
  if (authorText !== undefined) {
    const m = /^\s*(.*?)\s*<([^>]*)>\s*$/.exec(authorText);
    if (!m) failure(`--author '${authorText}' is not 'Name <email>'`, 128);
    author.name = m[1];
    author.email = m[2];
  }
  const date = last(parsed, '--date');
  if (date !== undefined) {
    const parsedDate = parseGitDate(date);
    if (!parsedDate) failure(`invalid date format: ${date}`, 128);
    Object.assign(author, parsedDate);
  }
  const committer = await committerOf(cmd, repo);
  const oid = await cmd.git.commit({
    fs: cmd.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    message,
    author,
    committer,
    amend,
    cache: cmd.cache,
  });
  if (!has(parsed, '-q')) {
    const { commit: made } = await cmd.git.readCommit({
      fs: cmd.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid,
      cache: cmd.cache,
    });
    let text = await commitSummary(cmd, repo, oid, made.parent.length === 0);
    if (amend && made.author.timestamp !== made.committer.timestamp) {
      text = text.replace('\n', `\n Date: ${formatDate(made.author.timestamp, made.author.timezoneOffset)}\n`);
    }
    cmd.out(text);
  }
  return 0;
}
