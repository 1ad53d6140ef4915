// What a skill's or command's body becomes when invoked, as Claude Code expands it:
// `$ARGUMENTS`, `$ARGUMENTS[N]` and `$N` (0-based, shell-style quoting), `$name` for declared
// `arguments`, `${CLAUDE_SKILL_DIR}`, `${CLAUDE_SESSION_ID}`, `` !`command` `` (its output, run
// through the permission gate by the caller) and `@path` (the file's contents, when it exists).
import type { PromptDefinition } from '../prompt-definition';
import { SHELL_COMMAND } from '../prompt-definition';

export interface ExpandRuntime {
  sessionId: string;
  /** Runs one `!` command in the workspace shell after the permission gate; returns what replaces it. */
  runShell(command: string): Promise<string>;
  /** A workspace file's text, or null when there is none (then `@path` stays as written). */
  readFile(path: string): Promise<string | null>;
}

/** Characters of one `@file` included; the rest is cut with a note. */
export const MAX_AT_FILE_CHARS = 20_000;

/** Splits arguments like a shell: quotes group words, a backslash escapes. */
export function splitArguments(args: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let started = false;
  for (let i = 0; i < args.length; i++) {
    const ch = args[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < args.length) current += args[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (ch === '\\' && i + 1 < args.length) {
      current += args[++i];
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) out.push(current);
  return out;
}

/** Argument substitutions only (no I/O). */
export function substituteArguments(
  body: string,
  def: Pick<PromptDefinition, 'argumentNames' | 'dir'>,
  args: string,
  sessionId: string,
): string {
  const list = splitArguments(args);
  const at = (n: number) => list[n] ?? '';
  const usesArguments = /\$ARGUMENTS/.test(body);
  let text = body
    .replace(/\$\{CLAUDE_SKILL_DIR\}/g, def.dir ?? '')
    .replace(/\$\{CLAUDE_SESSION_ID\}/g, sessionId)
    .replace(/\$ARGUMENTS\[(\d+)\]/g, (_, n: string) => at(Number(n)))
    .replace(/\$ARGUMENTS\b/g, args);
  def.argumentNames.forEach((name, i) => {
    if (/^[A-Za-z_]\w*$/.test(name)) text = text.replace(new RegExp(`\\$${name}\\b`, 'g'), at(i));
  });
  text = text.replace(/\$(\d+)(?!\d)/g, (_, n: string) => at(Number(n)));
  // Claude Code appends the arguments when the body does not place them itself.
  if (!usesArguments && args.trim()) text = `${text.replace(/\s+$/, '')}\n\nARGUMENTS: ${args.trim()}`;
  return text;
}

/** The full expansion: arguments, then `!` commands (in order, one at a time), then `@file` contents. */
export async function expandPrompt(
  def: Pick<PromptDefinition, 'argumentNames' | 'dir' | 'body'>,
  args: string,
  runtime: ExpandRuntime,
): Promise<string> {
  let text = substituteArguments(def.body, def, args, runtime.sessionId);
  const commands = [...text.matchAll(SHELL_COMMAND)];
  if (commands.length) {
    const outputs: string[] = [];
    for (const match of commands) outputs.push(await runtime.runShell(match[1].trim()));
    let i = 0;
    text = text.replace(SHELL_COMMAND, () => outputs[i++]);
  }
  const files: string[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(/(^|\s)@([\w./~-][^\s`'"),;]*)/g)) {
    const path = match[2].replace(/[.:]+$/, '');
    if (seen.has(path)) continue; // `@types/node` or `@someone` name no file, so they stay as written
    seen.add(path);
    const content = await runtime.readFile(path);
    if (content === null) continue;
    const shown =
      content.length > MAX_AT_FILE_CHARS
        ? `${content.slice(0, MAX_AT_FILE_CHARS)}\n[… cut: the file has ${content.length} characters; Read it for the rest]`
        : content;
    files.push(`Contents of ${path}:\n\`\`\`\n${shown.replace(/\n$/, '')}\n\`\`\``);
  }
  return files.length ? `${text.replace(/\s+$/, '')}\n\n${files.join('\n\n')}` : text;
}
