// Settings `env` for the shell: exported once in the workspace shell, which carries exported
// variables across calls, so the agent's Bash calls and the terminal see them (hooks get them per run).
import type { Workspace } from '../../../workspace/types';

export async function exportSettingsEnv(
  workspace: Workspace,
  env: Record<string, string>,
  signal: AbortSignal,
): Promise<void> {
  const names = Object.keys(env).filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k));
  if (!names.length || signal.aborted) return;
  const line = names.map((k) => `${k}='${env[k].replace(/'/g, `'\\''`)}'`).join(' ');
  await workspace.exec(`export ${line}`, { signal, timeoutMs: 10_000 });
}
