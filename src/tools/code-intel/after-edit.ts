// After a tool changed TypeScript or JavaScript files, the type errors the change brought in are
// appended to its result (as Claude Code does with its LSP diagnostics), so the model can fix them
// without running tsc. Bounded in time: a service that has not started yet is started for the next
// edit, not waited for.
import type { Workspace } from '../../workspace/types';
import { formatDiagnostics, shownPath } from '../lsp';
import type { ToolResult } from '../types';
import type { CodeIntel } from './types';

export const NEW_ERRORS_WAIT_MS = 10_000;
const MAX_FILES = 5;

export async function withNewErrors(
  result: ToolResult,
  intel: CodeIntel | undefined,
  workspace: Workspace,
  signal: AbortSignal,
): Promise<ToolResult> {
  const files = (result.changed ?? []).filter((p) => intel?.handles(p)).slice(0, MAX_FILES);
  if (!intel || result.isError || !files.length) return result;
  // A cold service (the TypeScript worker loads megabytes) is started for the next edit, not waited
  // for: an edit never waits on a service the session has not used yet.
  if (intel.warm === false) {
    intel.warmUp?.();
    return result;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), NEW_ERRORS_WAIT_MS)));
  const sections: string[] = [];
  try {
    for (const path of files) {
      const found = await Promise.race([intel.newErrorsAfterEdit(path, signal), timeout]);
      if (!found) break; // out of time: say nothing rather than hold the turn
      if (!found.ok || !found.value.length) continue;
      sections.push(`${shownPath(workspace, path)}:`, ...formatDiagnostics(workspace, found.value.slice(0, 20)));
      if (found.value.length > 20) sections.push(`  … and ${found.value.length - 20} more`);
    }
  } finally {
    clearTimeout(timer);
  }
  if (!sections.length) return result;
  return {
    ...result,
    content: `${result.content}\n\n<new-diagnostics>\nThis change introduced type errors; fix them:\n${sections.join('\n')}\n</new-diagnostics>`,
  };
}
