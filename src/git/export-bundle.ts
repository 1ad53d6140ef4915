import type { Workspace } from '../workspace/types';
import { createBundle } from './bundle';
import { createCmd } from './cli';
import { GitExit } from './errors';

// "Download git bundle": the repository around `dir`, every ref and all the history it has, as one
// file real git can clone. Answers in words when there is nothing to bundle.

export type BundleExport =
  | { ok: true; bytes: Uint8Array; fileName: string; refs: number; prerequisites: number }
  | { ok: false; message: string };

/** A file name from a repository name: no separators or odd characters. */
function safeName(name: string): string {
  const cleaned = name
    .replace(/\.git$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return cleaned || 'repository';
}

export async function exportBundle(workspace: Workspace, dir: string, name?: string): Promise<BundleExport> {
  const cmd = await createCmd({ workspace, cwd: dir });
  const repo = await cmd.findRepo();
  if (!repo) {
    return {
      ok: false,
      message:
        'This workspace is not a git repository, so there is no history to bundle. Initialize a repository and commit, or download the files as a zip.',
    };
  }
  let repoName = name;
  if (!repoName) {
    const origin = await cmd.git
      .getConfig({ fs: cmd.fs, dir: repo.dir, gitdir: repo.gitdir, path: 'remote.origin.url' })
      .catch(() => undefined);
    repoName =
      typeof origin === 'string' && origin ? origin.replace(/\/+$/, '').split(/[/:]/).pop() : repo.dir.split('/').pop();
  }
  try {
    const { bytes, plan } = await createBundle(cmd, repo, ['--all']);
    return {
      ok: true,
      bytes,
      fileName: `${safeName(repoName ?? '')}.bundle`,
      refs: plan.refs.length,
      prerequisites: plan.prerequisites.length,
    };
  } catch (error) {
    if (error instanceof GitExit && /empty bundle/.test(error.stderr)) {
      return {
        ok: false,
        message: 'The repository has no commits yet, so there is no history to bundle. Commit first.',
      };
    }
    const text =
      error instanceof GitExit ? error.stderr.trim() : error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Could not build the bundle: ${text}` };
  }
}
