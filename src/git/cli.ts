import type { Workspace } from '../workspace/types';
import { normalizePath } from '../workspace/paths';
import { UsageError } from './args';
import { findRepoRoot, notARepo, type Cmd, type GitResult, type RunGitContext } from './context';
import { GitExit } from './errors';
import { gitCacheFor, gitFsFor } from './git-fs';
import { loadIsoGit } from './load';
import { add } from './commands/add';
import { branch } from './commands/branch';
import { bundle } from './commands/bundle';
import { checkout, switchBranch } from './commands/checkout';
import { clone } from './commands/clone';
import { commit } from './commands/commit';
import { config } from './commands/config';
import { diff } from './commands/diff';
import { fetch, pull, push } from './commands/remote-sync';
import { init } from './commands/init';
import { log } from './commands/log';
import { lsFiles } from './commands/ls-files';
import { merge } from './commands/merge';
import { mv } from './commands/mv';
import { remote } from './commands/remote';
import { reset } from './commands/reset';
import { restore } from './commands/restore';
import { revParse } from './commands/rev-parse';
import { rm } from './commands/rm';
import { show } from './commands/show';
import { stash } from './commands/stash';
import { status } from './commands/status';
import { tag } from './commands/tag';

// `git` for Tidepool's shells: global options, then one subcommand per file under commands/.
// `runGit` is the plain entry both the lite shell (a just-bash command) and the WebContainer
// backend call; it never throws for anything a user can cause.

export type GitSubcommand = (cmd: Cmd, args: string[]) => Promise<number>;

export const SUBCOMMANDS: Record<string, GitSubcommand> = {
  init,
  clone,
  status,
  add,
  stage: add,
  commit,
  log,
  diff,
  show,
  branch,
  checkout,
  switch: switchBranch,
  restore,
  reset,
  stash,
  rm,
  mv,
  remote,
  push,
  pull,
  fetch,
  config,
  merge,
  tag,
  'rev-parse': revParse,
  'ls-files': lsFiles,
  bundle,
};

export const GIT_VERSION = 'git version 2.39.0 (Tidepool: isomorphic-git)';

const globalConfigs = new WeakMap<Workspace, Map<string, string>>();

function helpText(): string {
  return (
    'usage: git [-C <path>] [-c <name>=<value>] <command> [<args>]\n\n' +
    "Tidepool's git (isomorphic-git on the workspace files) supports:\n" +
    `   ${Object.keys(SUBCOMMANDS)
      .filter((c) => c !== 'stage')
      .join(', ')}\n` +
    'Anything else says it is not supported and exits 1.\n'
  );
}

/** The context every subcommand receives, for callers that use git's internals directly (bundle download). */
export async function createCmd(
  ctx: RunGitContext,
  cwd: string = ctx.cwd,
  overrides: Map<string, string> = new Map(),
  out: (text: string) => void = () => undefined,
  err: (text: string) => void = () => undefined,
): Promise<Cmd> {
  const [git, fs] = await Promise.all([loadIsoGit(), Promise.resolve(gitFsFor(ctx.workspace))]);
  const cache = gitCacheFor(fs);
  let globalConfig = ctx.globalConfig ?? globalConfigs.get(ctx.workspace);
  if (!globalConfig) globalConfigs.set(ctx.workspace, (globalConfig = new Map()));
  const root = ctx.workspace.root;
  const at = normalizePath(cwd);
  let found: Promise<Awaited<ReturnType<typeof findRepoRoot>>> | null = null;
  const findRepo = () => (found ??= findRepoRoot(fs, root, at));
  return {
    git,
    fs,
    cache,
    ctx,
    cwd: at,
    env: ctx.env ?? {},
    overrides,
    globalConfig,
    out,
    err,
    findRepo,
    repo: async () => (await findRepo()) ?? notARepo(),
  };
}

export async function runGit(args: string[], ctx: RunGitContext): Promise<GitResult> {
  let stdout = '';
  let stderr = '';
  const overrides = new Map<string, string>();
  let cwd = normalizePath(ctx.cwd);
  let i = 0;
  try {
    for (; i < args.length; i++) {
      const a = args[i];
      if (a === '-C') cwd = normalizePath(args[++i]?.startsWith('/') ? args[i] : `${cwd}/${args[i] ?? ''}`);
      else if (a === '-c') {
        const kv = args[++i] ?? '';
        const eq = kv.indexOf('=');
        overrides.set(eq >= 0 ? kv.slice(0, eq) : kv, eq >= 0 ? kv.slice(eq + 1) : 'true');
      } else if (a === '--no-pager' || a === '-P' || a === '--no-optional-locks' || a === '--literal-pathspecs')
        continue;
      else if (a === '--version' || a === 'version') return { stdout: `${GIT_VERSION}\n`, stderr: '', exitCode: 0 };
      else if (a === '--help' || a === '-h' || a === 'help') return { stdout: helpText(), stderr: '', exitCode: 0 };
      else if (a.startsWith('-')) throw new GitExit(1, `git: '${a}' is not supported in Tidepool's git\n`);
      else break;
    }
    const name = args[i];
    if (!name) return { stdout: helpText(), stderr: '', exitCode: 1 };
    const sub = SUBCOMMANDS[name];
    if (!sub) throw new GitExit(1, `git: '${name}' is not supported in Tidepool's git\n`);
    const rest = args.slice(i + 1);
    if (rest.includes('--help') || rest.includes('-h')) {
      return {
        stdout: `usage: git ${name} … (see 'git ${name}' in real git's documentation; Tidepool implements the common flags)\n`,
        stderr: '',
        exitCode: 0,
      };
    }

    const cmd = await createCmd(
      ctx,
      cwd,
      overrides,
      (text) => (stdout += text),
      (text) => (stderr += text),
    );
    const exitCode = await sub(cmd, rest);
    return { stdout, stderr, exitCode };
  } catch (error) {
    if (error instanceof GitExit)
      return { stdout: stdout + error.stdout, stderr: stderr + error.stderr, exitCode: error.exitCode };
    if (error instanceof UsageError) return { stdout, stderr: `${stderr}error: ${error.message}\n`, exitCode: 129 };
    return { stdout, stderr: stderr + describe(error), exitCode: 128 };
  }
}

/** isomorphic-git's errors, worded for a shell user. */
function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; data?: Record<string, unknown> };
  if (e?.code === 'NotFoundError') return `fatal: ${e.message}\n`;
  if (e?.code === 'HttpError') return `fatal: unable to access remote: ${e.message}\n`;
  if (e && typeof e.message === 'string') return `fatal: ${e.message}\n`;
  return `fatal: ${String(error)}\n`;
}
