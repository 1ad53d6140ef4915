import { last, parseArgs } from '../args';
import type { Cmd, Repo } from '../context';
import { fatal, GitExit, unsupported } from '../errors';
import { treeChanges } from '../changes';
import { tzString } from '../format';
import { committerOf } from '../identity';
import { currentBranch, headOid } from '../revisions';
import { readStates, sameSide } from '../worktree-state';
import { removeWorkFile, writeBlobTo } from '../worktree-write';
import { stageStates } from './add';
import { diff } from './diff';
import { subjectOf } from './commit';
import { longStatus, statusReport } from './status';
import { sparseFilepaths } from '../sparse-folder';

// `git stash [push [-m <msg>]|save <msg>]`, `list`, `show [-p]`, `apply`, `pop`, `drop`, `clear`,
// in git's own format: a WIP commit (parents: HEAD and an index commit) at refs/stash, entries in
// its reflog, so real git reads these stashes too. Apply is a three-way merge per file against
// the stash's base; anything that would need a real content merge is refused before any write.

const ZERO = '0000000000000000000000000000000000000000';
const decoder = new TextDecoder();

interface Entry {
  oid: string;
  message: string;
}

async function readEntries(cmd: Cmd, repo: Repo): Promise<{ lines: string[]; entries: Entry[] }> {
  let text = '';
  try {
    text = decoder.decode((await cmd.fs.promises.readFile(`${repo.gitdir}/logs/refs/stash`)) as Uint8Array);
  } catch {
    return { lines: [], entries: [] };
  }
  const lines = text.split('\n').filter(Boolean);
  const entries = lines
    .map((line) => ({ oid: line.split(' ')[1] ?? '', message: line.slice(line.indexOf('\t') + 1) }))
    .reverse();
  return { lines, entries };
}

async function writeEntries(cmd: Cmd, repo: Repo, lines: string[]): Promise<void> {
  const { git, fs } = cmd;
  if (!lines.length) {
    await fs.promises.rm(`${repo.gitdir}/logs/refs/stash`, { force: true });
    await git.deleteRef({ fs, dir: repo.dir, gitdir: repo.gitdir, ref: 'refs/stash' }).catch(() => undefined);
    return;
  }
  await fs.promises.writeFile(`${repo.gitdir}/logs/refs/stash`, `${lines.join('\n')}\n`);
  const newest = lines[lines.length - 1].split(' ')[1];
  await git.writeRef({ fs, dir: repo.dir, gitdir: repo.gitdir, ref: 'refs/stash', value: newest, force: true });
}

function stashIndex(arg: string | undefined): number {
  if (arg === undefined) return 0;
  const m = /^(?:stash@\{)?(\d+)\}?$/.exec(arg);
  if (!m) fatal(`'${arg}' is not a stash-like commit`);
  return Number(m[1]);
}

async function push(cmd: Cmd, repo: Repo, userMessage: string | undefined, quiet: boolean): Promise<number> {
  const { git, fs } = cmd;
  const head = await headOid(cmd, repo);
  if (!head) fatal('You do not have the initial commit yet');
  const states = await readStates(cmd, repo);
  const tracked = states.filter((f) => f.stage || f.head);
  if (!tracked.some((f) => !sameSide(f.head, f.stage) || (f.stage && !sameSide(f.stage, f.work)))) {
    cmd.out('No local changes to save\n');
    return 0;
  }
  const branch = (await currentBranch(cmd, repo)) ?? '(no branch)';
  const { commit: headCommit } = await git.readCommit({
    fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    oid: head,
    cache: cmd.cache,
  });
  const base = `${branch}: ${head.slice(0, 7)} ${subjectOf(headCommit.message)}`;
  const message = userMessage ? `On ${branch}: ${userMessage}` : `WIP on ${base}`;
  const me = await committerOf(cmd, repo);
  const common = {
    fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    cache: cmd.cache,
    author: me,
    committer: me,
    noUpdateBranch: true,
  };
  const indexCommit = await git.commit({ ...common, message: `index on ${base}\n`, parent: [head] });
  // The working tree's version of every tracked file, through the index (reset right after).
  await stageStates(
    cmd,
    repo,
    tracked.filter((f) => f.stage && !sameSide(f.stage, f.work)),
  );
  const draft = await git.commit({ ...common, message: `${message}\n`, parent: [head, indexCommit] });
  // git writes the WIP commit without a final newline; isomorphic-git always adds one. Rewrite it
  // byte for byte so the stash is the very commit real git would make.
  const { commit: drafted } = await git.readCommit({
    fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    oid: draft,
    cache: cmd.cache,
  });
  const person = (p: typeof drafted.author) => `${p.name} <${p.email}> ${p.timestamp} ${tzString(p.timezoneOffset)}`;
  const raw = `tree ${drafted.tree}\nparent ${head}\nparent ${indexCommit}\nauthor ${person(drafted.author)}\ncommitter ${person(drafted.committer)}\n\n${message}`;
  const wip = await git.writeObject({
    fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    type: 'commit',
    object: new TextEncoder().encode(raw),
    format: 'content',
  });
  const { lines } = await readEntries(cmd, repo);
  const old = lines.length ? lines[lines.length - 1].split(' ')[1] : ZERO;
  const when = me.timestamp ?? Math.floor(Date.now() / 1000);
  const tz = tzString(me.timezoneOffset ?? new Date().getTimezoneOffset());
  await fs.promises.mkdir(`${repo.gitdir}/logs`, { recursive: true });
  await writeEntries(cmd, repo, [...lines, `${old} ${wip} ${me.name} <${me.email}> ${when} ${tz}\t${message}`]);
  // Back to HEAD: tracked files and index; untracked files stay, as in git.
  await git.checkout({
    fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    ref: branch === '(no branch)' ? head : branch,
    force: true,
    cache: cmd.cache,
    filepaths: await sparseFilepaths(cmd.fs, repo.gitdir),
  });
  for (const f of await readStates(cmd, repo)) {
    if (sameSide(f.stage, f.head)) continue;
    if (f.head)
      await git.resetIndex({ fs, dir: repo.dir, gitdir: repo.gitdir, filepath: f.path, ref: head, cache: cmd.cache });
    else if (f.stage) {
      await git.remove({ fs, dir: repo.dir, gitdir: repo.gitdir, filepath: f.path, cache: cmd.cache });
      await removeWorkFile(cmd, repo, f.path);
    }
  }
  if (!quiet) cmd.out(`Saved working directory and index state ${message}\n`);
  return 0;
}

async function apply(cmd: Cmd, repo: Repo, entry: Entry): Promise<void> {
  const { git, fs } = cmd;
  const { commit: wip } = await git.readCommit({
    fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    oid: entry.oid,
    cache: cmd.cache,
  });
  const [base, index] = wip.parent;
  if (!base) fatal(`${entry.oid} is not a stash-like commit`);
  const changes = await treeChanges(cmd, repo, base, entry.oid);
  const addedInIndex = index
    ? new Set((await treeChanges(cmd, repo, base, index)).filter((p) => p.status === 'A').map((p) => p.new!.path))
    : new Set<string>();
  const states = new Map((await readStates(cmd, repo, { hashUntracked: true })).map((f) => [f.path, f]));
  // Three-way per file: take the stash's version where the file is still as it was at the base.
  const conflicts: string[] = [];
  const plan: { path: string; to?: { oid: string; mode: number } }[] = [];
  for (const pair of changes) {
    const targets = pair.status === 'R' ? [pair.old!.path, pair.new!.path] : [(pair.new ?? pair.old)!.path];
    for (const path of targets) {
      const wanted = pair.new && pair.new.path === path ? { oid: pair.new.oid, mode: pair.new.mode } : undefined;
      const was = pair.old && pair.old.path === path ? pair.old.oid : undefined;
      const now = states.get(path)?.work?.oid;
      if (now === wanted?.oid) continue;
      if (now !== was) conflicts.push(path);
      else plan.push({ path, to: wanted });
    }
  }
  if (conflicts.length) {
    throw new GitExit(
      1,
      `error: Your local changes to the following files would be overwritten by merge:\n${conflicts.map((p) => `\t${p}\n`).join('')}` +
        `Please commit your changes or stash them before you merge.\nAborting\n`,
    );
  }
  for (const step of plan) {
    if (step.to) {
      await writeBlobTo(cmd, repo, step.path, step.to.oid, step.to.mode);
      if (addedInIndex.has(step.path))
        await git.add({ fs, dir: repo.dir, gitdir: repo.gitdir, filepath: step.path, cache: cmd.cache });
    } else {
      await removeWorkFile(cmd, repo, step.path);
      if (states.get(step.path)?.stage)
        await git.remove({ fs, dir: repo.dir, gitdir: repo.gitdir, filepath: step.path, cache: cmd.cache });
    }
  }
}

export async function stash(cmd: Cmd, args: string[]): Promise<number> {
  const known = ['push', 'save', 'pop', 'apply', 'drop', 'list', 'clear', 'show'];
  const sub = args[0] && !args[0].startsWith('-') ? args[0] : 'push';
  if (!known.includes(sub)) unsupported(`stash ${sub}`);
  const rest = args[0] === sub ? args.slice(1) : args;
  const repo = await cmd.repo();

  if (sub === 'push' || sub === 'save') {
    const parsed = parseArgs('stash', rest, {
      value: ['-m', '--message'],
      bool: ['-q', '--quiet'],
      alias: { '--message': '-m', '--quiet': '-q' },
    });
    if (parsed.positionals.length && sub === 'push') unsupported('stash push <pathspec>');
    const message =
      last(parsed, '-m') ?? (sub === 'save' && parsed.positionals.length ? parsed.positionals.join(' ') : undefined);
    return push(cmd, repo, message, parsed.flags.has('-q'));
  }
  const { lines, entries } = await readEntries(cmd, repo);
  if (sub === 'list') {
    parseArgs('stash list', rest, {});
    cmd.out(entries.map((e, i) => `stash@{${i}}: ${e.message}\n`).join(''));
    return 0;
  }
  if (sub === 'clear') {
    await writeEntries(cmd, repo, []);
    return 0;
  }
  const parsed = parseArgs(`stash ${sub}`, rest, {
    bool: ['-q', '--quiet', '-p', '--patch', '--stat', '--name-only'],
    alias: { '--quiet': '-q', '--patch': '-p' },
  });
  const index = stashIndex(parsed.positionals[0]);
  if (!entries.length) throw new GitExit(1, 'error: No stash entries found.\n');
  const entry = entries[index];
  if (!entry) fatal(`stash@{${index}} is not a valid reference`);
  if (sub === 'show') {
    const flags = parsed.flags.has('-p') ? [] : parsed.flags.has('--name-only') ? ['--name-only'] : ['--stat'];
    return diff(cmd, [...flags, `${entry.oid}^1`, entry.oid]);
  }
  const drop = async () => {
    const position = lines.length - 1 - index;
    await writeEntries(
      cmd,
      repo,
      lines.filter((_, i) => i !== position),
    );
    if (!parsed.flags.has('-q')) cmd.out(`Dropped refs/stash@{${index}} (${entry.oid})\n`);
  };
  if (sub === 'drop') {
    await drop();
    return 0;
  }
  await apply(cmd, repo, entry);
  if (!parsed.flags.has('-q')) cmd.out(await longStatus(cmd, repo, await statusReport(cmd, repo)));
  if (sub === 'pop') await drop();
  return 0;
}
