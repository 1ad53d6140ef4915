import type { ToolSpec } from '../providers/types';
import type { Tool } from '../tools/types';
import type { Workspace } from '../workspace/types';
import type { PermissionMode, RuleLists } from './events';
import { loadMemory } from './memory';
import { readDeniedPredicate } from './permissions';
import { buildSystemPrompt } from './system-prompt';

const specCache = new WeakMap<readonly Tool[], ToolSpec[]>();

/** Tool specs are computed once per tool list: they are sent with every request. */
export function toolSpecs(tools: readonly Tool[]): ToolSpec[] {
  let specs = specCache.get(tools);
  if (!specs) {
    specs = tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
    specCache.set(tools, specs);
  }
  return specs;
}

/** The system prompt and tools for the next request; memory files are re-read so edits apply at once. */
export async function buildRequestContext(
  workspace: Workspace,
  tools: readonly Tool[],
  mode: PermissionMode,
  extra: {
    /** Extension sections (the skills listing, a subagent's role), appended last. */
    sections?: readonly string[];
    /** The permission rules: a `Read(...)` deny keeps matching `@imports` out of the prompt. */
    rules?: RuleLists;
    /** False leaves the memory files out (an untrusted project's CLAUDE.md is not read). */
    memory?: boolean;
  } = {},
): Promise<{ system: string; tools: ToolSpec[] }> {
  // A `Read(.env)` deny rule also keeps `@.env` in CLAUDE.md out of the prompt.
  const memory =
    extra.memory === false
      ? { text: '' }
      : await loadMemory(workspace, {
          isReadDenied: extra.rules ? readDeniedPredicate(extra.rules, workspace.root) : undefined,
        });
  const system = buildSystemPrompt({
    backend: workspace.backend,
    root: workspace.root,
    cwd: workspace.shellState().cwd,
    date: new Date().toISOString().slice(0, 10),
    mode,
    memory: memory.text || undefined,
    sections: extra.sections,
  });
  return { system, tools: toolSpecs(tools) };
}
