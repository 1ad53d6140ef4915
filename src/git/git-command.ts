import type { Command } from 'just-bash';
import { createLiteWorkspace, type LiteWorkspace, type LiteWorkspaceOptions } from '../workspace/lite-workspace';
import type { Workspace } from '../workspace/types';
import type { GitProgress, GitRemoteAccess } from './context';
import type { GitHttpClient } from './http';

// `git` as a just-bash command for the lite shell. Only this thin shim is loaded with the shell:
// the CLI, isomorphic-git and `buffer` arrive on the first `git` the user runs.

export interface GitCommandOptions {
  /** The workspace whose tree holds the repositories (a getter: the command is made before it). */
  workspace: () => Workspace;
  /** Current proxy and token lookup (read per command, so settings changes apply at once). */
  remote?: () => GitRemoteAccess | undefined;
  onProgress?: (event: GitProgress) => void;
  http?: GitHttpClient;
  globalConfig?: Map<string, string>;
}

export function createGitCommand(options: GitCommandOptions): Command {
  return {
    name: 'git',
    async execute(args, ctx) {
      const { runGit } = await import('./cli');
      const env = ctx.exportedEnv ?? Object.fromEntries(ctx.env);
      // In a read-only run the shell's fs carries a token; git then works on the read-only view.
      const token = (ctx.fs as { readOnlyToken?: unknown }).readOnlyToken;
      let workspace = options.workspace();
      if (token !== undefined) {
        const view = workspace.readOnlyWorkspaceFor?.(token);
        if (!view)
          return { stdout: '', stderr: 'git: this read-only run has no read-only view of the files\n', exitCode: 1 };
        workspace = view;
      }
      return runGit(args, {
        workspace,
        cwd: ctx.cwd,
        env,
        signal: ctx.signal,
        remote: options.remote?.(),
        onProgress: options.onProgress,
        http: options.http,
        globalConfig: options.globalConfig,
      });
    },
  };
}

/** A lite workspace whose shell has `git`. */
export function createLiteWorkspaceWithGit(
  options: LiteWorkspaceOptions & Omit<GitCommandOptions, 'workspace'> = {},
): LiteWorkspace {
  const { remote, onProgress, http, globalConfig, ...workspaceOptions } = options;
  let workspace: LiteWorkspace | null = null;
  const git = createGitCommand({ workspace: () => workspace!, remote, onProgress, http, globalConfig });
  workspace = createLiteWorkspace({
    ...workspaceOptions,
    customCommands: [...(workspaceOptions.customCommands ?? []), git],
  });
  return workspace;
}
