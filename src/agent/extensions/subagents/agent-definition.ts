// Subagent types: the built-in ones and `.claude/agents/*.md` files, with the frontmatter Claude Code
// reads (`name`, `description`, `tools`, `disallowedTools`, `model`, `permissionMode`, `maxTurns`,
// `skills`); the body is the subagent's instructions.
import type { PermissionMode } from '../../events';
import { listField, parseFrontmatter, stringField } from '../frontmatter';
import type { ExtensionNotice } from '../prompt-definition';

export interface AgentDefinition {
  name: string;
  description: string;
  /** The subagent's instructions (its role, added to the system prompt). */
  prompt: string;
  /** Tool names it may use; undefined = every tool of the parent (but Agent). */
  tools?: string[];
  disallowedTools: string[];
  /** An alias (`haiku`, `sonnet`, `opus`), a model id, or `inherit`. */
  model?: string;
  permissionMode?: PermissionMode;
  maxTurns?: number;
  /** Skills whose full instructions are loaded into its context from the start. */
  skills: string[];
  scope: 'builtin' | 'user' | 'project';
  file: string;
}

/** Tools that only read: what Explore and Plan get (Bash runs in plan mode, so only read-only commands pass). */
const READ_ONLY_TOOLS = ['Read', 'Glob', 'Grep', 'LS', 'Bash', 'TodoWrite', 'Skill'];

export const BUILTIN_AGENTS: readonly AgentDefinition[] = [
  {
    name: 'general-purpose',
    description:
      'General-purpose agent for researching complex questions, searching for code and doing multi-step tasks. Use it when a search may take several tries, or to do a self-contained piece of work in parallel.',
    prompt:
      'You are a subagent doing one task for the main agent. Do the task fully with the tools you have, then answer with a concise report of what you found or changed: the main agent sees only your final message.',
    disallowedTools: [],
    skills: [],
    scope: 'builtin',
    file: 'built-in',
  },
  {
    name: 'Explore',
    description:
      'Fast, read-only agent for exploring a codebase: finding files by pattern, searching code, answering questions about how it works. Say how thorough to be: quick, medium or very thorough.',
    prompt:
      'You are a read-only exploration subagent. Search and read to answer the question; do not change any file. Prefer Glob and Grep to find things, then Read what matters. Answer with the facts found, citing paths as `path:line`.',
    tools: READ_ONLY_TOOLS,
    disallowedTools: ['Write', 'Edit', 'MultiEdit'],
    model: 'haiku',
    permissionMode: 'plan',
    skills: [],
    scope: 'builtin',
    file: 'built-in',
  },
  {
    name: 'Plan',
    description:
      'Read-only planning agent: investigates the code and returns a step-by-step implementation plan, naming the files to change and the risks.',
    prompt:
      'You are a read-only planning subagent. Investigate the code that matters for the task, then answer with a concrete, numbered implementation plan: the files to change, what to change in each, and the risks. Do not change any file.',
    tools: READ_ONLY_TOOLS,
    disallowedTools: ['Write', 'Edit', 'MultiEdit'],
    model: 'inherit',
    permissionMode: 'plan',
    skills: [],
    scope: 'builtin',
    file: 'built-in',
  },
];

const MODES: readonly PermissionMode[] = ['default', 'acceptEdits', 'plan', 'bypassPermissions'];
const NAME = /^[A-Za-z0-9][\w.:-]{0,63}$/;

export async function parseAgentFile(
  text: string,
  file: string,
  fallbackName: string,
  scope: 'user' | 'project',
): Promise<{ agent?: AgentDefinition; notices: ExtensionNotice[] }> {
  const notices: ExtensionNotice[] = [];
  const note = (message: string) => notices.push({ file, message });
  const fm = await parseFrontmatter(text);
  if (fm.warning) note(fm.warning);
  const name = stringField(fm.data, 'name') ?? fallbackName;
  if (!NAME.test(name)) {
    note(`name "${name}" is not usable (letters, digits, "-", "_"); it was not loaded.`);
    return { notices };
  }
  const description = stringField(fm.data, 'description');
  if (!description) note('has no description, so the model cannot tell when to use it.');
  const tools = 'tools' in fm.data ? listField(fm.data, 'tools') : undefined;
  const mode = stringField(fm.data, 'permissionMode');
  if (mode && !(MODES as readonly string[]).includes(mode))
    note(`permissionMode "${mode}" is not one of ${MODES.join(', ')}; the parent's mode applies.`);
  const maxTurns = Number(fm.data.maxTurns);
  if (fm.data.maxTurns !== undefined && !(Number.isInteger(maxTurns) && maxTurns > 0))
    note('maxTurns must be a whole number above 0; the default applies.');
  return {
    agent: {
      name,
      description: description ?? '',
      prompt: fm.body.trim(),
      tools: tools && tools.length && !tools.includes('*') ? tools : undefined,
      disallowedTools: listField(fm.data, 'disallowedTools'),
      model: stringField(fm.data, 'model'),
      permissionMode: mode && (MODES as readonly string[]).includes(mode) ? (mode as PermissionMode) : undefined,
      maxTurns: Number.isInteger(maxTurns) && maxTurns > 0 ? maxTurns : undefined,
      skills: listField(fm.data, 'skills'),
      scope,
      file,
    },
    notices,
  };
}
