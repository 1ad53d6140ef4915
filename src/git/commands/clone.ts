import { has, last, parseArgs } from '../args';
import type { Cmd } from '../context';
import { fatal, GitExit, unsupported } from '../errors';
import { normalizePath } from '../../workspace/paths';
import { cloneRepo } from '../clone-core';
import { treeOf } from '../git-fs';
import { parseRepoUrl } from '../repo-url';
import { gitWording } from '../remote-errors';
import { DEFAULT_MAX_BYTES } from '../limits';

// `git clone <url> [<dir>] [--depth <n>] [-b <branch>] [--single-branch] [--no-checkout] [-o <name>] [-q]`.

export async function clone(cmd: Cmd, args: string[]): Promise<number> {
  const parsed = parseArgs('clone', args, {
    bool: [
      '-q',
      '--quiet',
      '--single-branch',
      '--no-single-branch',
      '-n',
      '--no-checkout',
      '--no-tags',
      '-v',
      '--verbose',
      '--progress',
    ],
    value: ['--depth', '-b', '--branch', '-o', '--origin'],
    alias: { '--quiet': '-q', '--branch': '-b', '--no-checkout': '-n', '--origin': '-o', '--verbose': '-v' },
  });
  const [source, target] = parsed.positionals;
  if (!source) fatal('You must specify a repository to clone.', 129);
  if (/^(\.{0,2}\/|~)/.test(source) || source.startsWith('file:')) unsupported('clone of a local path');
  const parsedUrl = parseRepoUrl(source);
  if (!parsedUrl.ok) fatal(`${parsedUrl.message} ${parsedUrl.hint}`);
  const url = /^https?:\/\//i.test(source) ? source.replace(/\/+$/, '') : parsedUrl.repo.cloneUrl;
  const name = target ?? parsedUrl.repo.name;
  const dir = normalizePath(name.startsWith('/') ? name : `${cmd.cwd}/${name}`);
  const fsp = cmd.fs.promises;
  let existed = false;
  try {
    const s = await fsp.stat(dir);
    existed = true;
    if (!s.isDirectory() || (await fsp.readdir(dir)).length)
      fatal(`destination path '${name}' already exists and is not an empty directory.`);
  } catch (error) {
    if (error instanceof GitExit) throw error;
  }
  const depthText = last(parsed, '--depth');
  const depth = depthText !== undefined ? Number(depthText) : undefined;
  if (depth !== undefined && (!Number.isInteger(depth) || depth < 1))
    fatal(`depth ${depthText} is not a positive number`);
  const quiet = has(parsed, '-q');
  if (!quiet) cmd.err(`Cloning into '${name}'...\n`);
  const outcome = await cloneRepo({
    git: cmd.git,
    fs: cmd.fs,
    tree: treeOf(cmd.ctx.workspace),
    cache: cmd.cache,
    dir,
    url,
    ref: last(parsed, '-b') ?? parsedUrl.repo.branch,
    depth,
    // A shallow clone fetches one branch unless told otherwise, as in git.
    singleBranch: has(parsed, '--single-branch') || (depth !== undefined && !has(parsed, '--no-single-branch')),
    noCheckout: has(parsed, '-n'),
    remote: last(parsed, '-o'),
    access: cmd.ctx.remote,
    http: cmd.ctx.http,
    signal: cmd.ctx.signal,
    maxBytes: cmd.ctx.limits?.maxBytes ?? DEFAULT_MAX_BYTES,
    checkoutLimits: cmd.ctx.limits,
    onProgress: cmd.ctx.onProgress,
  });
  if (!outcome.ok) {
    // Leave nothing half-cloned behind.
    await fsp.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    if (existed) await fsp.mkdir(dir).catch(() => undefined);
    throw new GitExit(128, gitWording(outcome.error, url));
  }
  return 0;
}
