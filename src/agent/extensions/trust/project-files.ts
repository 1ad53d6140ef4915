// Reads, once, every workspace file that could run or load: all of `.claude/` (hook scripts
// included, since a hook runs them), `.mcp.json`, and the memory files with their imports. The
// same texts are fingerprinted and then parsed, so what loads is exactly what was trusted.
import type { Workspace } from '../../../workspace/types';
import { loadMemory } from '../../memory';
import type { HookHandler } from '../hooks/hook-config';

/** Absolute path → text. */
export type ProjectFiles = Record<string, string>;

/** Past these, `.claude/` files are left out (and listed as such): a folder that big is not configuration. */
const MAX_FILES = 300;
const MAX_FILE_BYTES = 256 * 1024;

export function projectPaths(root: string) {
  const claude = `${root}/.claude`;
  return {
    claude,
    settings: `${claude}/settings.json`,
    localSettings: `${claude}/settings.local.json`,
    skills: `${claude}/skills/`,
    commands: `${claude}/commands/`,
    agents: `${claude}/agents/`,
    mcp: `${root}/.mcp.json`,
    memory: [`${root}/CLAUDE.md`, `${root}/AGENTS.md`, `${claude}/CLAUDE.md`, `${root}/CLAUDE.local.md`],
  };
}

export async function readProjectFiles(workspace: Workspace): Promise<{ files: ProjectFiles; skipped: string[] }> {
  const root = workspace.root;
  const paths = projectPaths(root);
  const files: ProjectFiles = {};
  const skipped: string[] = [];
  const read = async (path: string) => {
    try {
      const stat = await workspace.stat(path);
      if (stat?.kind !== 'file') return;
      if (stat.size > MAX_FILE_BYTES) {
        skipped.push(path);
        return;
      }
      files[path] = await workspace.readText(path);
    } catch {
      skipped.push(path);
    }
  };
  const claude = await workspace.stat(paths.claude).catch(() => null);
  if (claude?.kind === 'dir') {
    const all = await workspace.listFiles(paths.claude);
    for (const path of all.slice(0, MAX_FILES)) await read(path);
    skipped.push(...all.slice(MAX_FILES));
  }
  await read(paths.mcp);
  const memory = await loadMemory(workspace);
  for (const path of memory.files) if (!(path in files)) await read(path);
  return { files, skipped };
}

export function describeHandler(handler: HookHandler): string {
  const timeout = handler.timeout ? ` (timeout ${handler.timeout} s)` : '';
  switch (handler.type) {
    case 'command':
      return `runs \`${handler.command}\`${timeout}`;
    case 'http':
      return `POSTs to ${handler.url}${timeout}`;
    case 'prompt':
      return `asks the model: "${handler.prompt.length > 80 ? `${handler.prompt.slice(0, 79)}…` : handler.prompt}"${timeout}`;
  }
}
