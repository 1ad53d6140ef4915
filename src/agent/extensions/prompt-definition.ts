// Skills and custom commands are one idea in Claude Code: Markdown instructions with frontmatter,
// invoked as /name (and, for skills, by the model through the Skill tool). Both load into this shape.

export type ExtensionScope = 'user' | 'project';

export interface PromptDefinition {
  kind: 'skill' | 'command';
  /** What follows the slash; a command in a subfolder is `folder:name`. */
  name: string;
  description: string;
  scope: ExtensionScope;
  /** Workspace path of SKILL.md or the command file; `user skill <name>` for ones kept in the browser. */
  file: string;
  /** A skill's folder (`${CLAUDE_SKILL_DIR}`), where the files beside SKILL.md are. */
  dir?: string;
  /** The instructions, loaded into the conversation only when invoked. */
  body: string;
  argumentHint?: string;
  /** Frontmatter `arguments`: names for `$name` substitutions, in order. */
  argumentNames: string[];
  /** Permission rules (`Read`, `Bash(git add:*)`) that need no approval while it is active. */
  allowedTools: string[];
  /** Permission rules refused while it is active. */
  disallowedTools: string[];
  model?: string;
  /** Only the user may invoke it (the model does not see it). */
  disableModelInvocation: boolean;
  /** False hides it from the / menu; the model may still use it. */
  userInvocable: boolean;
  /** `fork`: runs in a subagent of type `agent` and returns its answer. */
  context?: 'fork';
  agent?: string;
  /** The `` !`command` `` lines it would run when invoked (shown before the project is trusted). */
  shellCommands: string[];
}

/** The notice form shared by every loader: the file, and what is wrong with it. */
export interface ExtensionNotice {
  file: string;
  message: string;
}

export const SHELL_COMMAND = /!`([^`\n]+)`/g;

export function shellCommandsIn(body: string): string[] {
  return [...body.matchAll(SHELL_COMMAND)].map((m) => m[1].trim());
}

/** The first paragraph of the body, for files without a `description` (as Claude Code does). */
export function firstParagraph(body: string): string {
  for (const block of body.split(/\r?\n\s*\r?\n/)) {
    const text = block
      .split(/\r?\n/)
      .map((l) => l.replace(/^#+\s*/, '').trim())
      .filter(Boolean)
      .join(' ');
    if (text) return text.length > 250 ? `${text.slice(0, 249)}…` : text;
  }
  return '';
}
