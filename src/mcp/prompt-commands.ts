// Server prompts as slash commands: `/mcp__<server>__<prompt> args…`. The descriptors have the
// shape of src/agent/commands' SlashCommand (the app registers them); running one fetches the
// prompt with its arguments and sends the result as the user's message.
import type { GetPromptResult, Prompt, PromptArgument } from '@modelcontextprotocol/sdk/types.js';
import { err, ok, type Result } from '../lib/result';
import type { McpConnection } from './connection';
import { formatFailure } from './errors';
import { normalizeToolPart } from './names';

/** The outcomes a prompt command produces (a subset of the agent's CommandOutcome). */
export type McpCommandOutcome =
  { type: 'send'; prompt: string } | { type: 'notice'; markdown: string; tone?: 'info' | 'error' };

export interface McpPromptCommand {
  /** Lower case, without the slash: command lookup ignores case. */
  name: string;
  summary: string;
  argHint?: string;
  run(ctx: { args: string }): Promise<McpCommandOutcome[]>;
  mcp: { server: string; prompt: string; arguments: PromptArgument[] };
}

export interface PromptSource {
  server: string;
  serverPart: string;
  prompts: readonly Prompt[];
  connection: () => McpConnection | undefined;
}

/** Splits an argument line into words as a shell would: quotes group (`city="New York"`), backslash escapes. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (/\s/.test(c)) {
      if (word !== null) out.push(word);
      word = null;
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) out.push(word);
  return out;
}

/** `city=Paris state="New York"`, or positional in the prompt's argument order (the last takes the rest). */
export function parsePromptArgs(
  text: string,
  params: readonly PromptArgument[],
): Result<Record<string, string>, string> {
  const words = splitArgs(text.trim());
  const values: Record<string, string> = {};
  const positional: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    const key = eq > 0 ? word.slice(0, eq) : '';
    if (key && params.some((p) => p.name === key)) values[key] = word.slice(eq + 1);
    else positional.push(word);
  }
  const open = params.filter((p) => values[p.name] === undefined);
  if (positional.length > open.length && open.length) {
    positional.splice(open.length - 1, positional.length, positional.slice(open.length - 1).join(' '));
  } else if (positional.length && !open.length) {
    return err(`Too many arguments: "${positional.join(' ')}" has no argument to go to.`);
  }
  positional.forEach((value, i) => (values[open[i].name] = value));
  const missing = params.filter((p) => p.required && !values[p.name]);
  if (missing.length) return err(`Missing ${missing.map((p) => p.name).join(', ')}.`);
  return ok(values);
}

export function argHint(params: readonly PromptArgument[]): string | undefined {
  if (!params.length) return undefined;
  return params.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`)).join(' ');
}

/** The prompt's messages as the text of one user message. */
export function promptText(result: GetPromptResult): string {
  const parts = result.messages.map((message) => {
    const c = message.content;
    let text: string;
    if (c.type === 'text') text = c.text;
    else if (c.type === 'resource') {
      const r = c.resource;
      text =
        'text' in r && typeof r.text === 'string'
          ? `<resource uri="${r.uri}">\n${r.text}\n</resource>`
          : `[binary resource ${r.uri}]`;
    } else if (c.type === 'resource_link') text = `[resource link: ${c.name} <${c.uri}>]`;
    else text = `[${c.type} omitted]`;
    return message.role === 'assistant' ? `(assistant) ${text}` : text;
  });
  return parts.join('\n\n');
}

export function createPromptCommands(
  sources: readonly PromptSource[],
  reserved: Iterable<string> = [],
): McpPromptCommand[] {
  const taken = new Set([...reserved].map((n) => n.toLowerCase()));
  const out: McpPromptCommand[] = [];
  for (const source of sources) {
    for (const prompt of [...source.prompts].sort((a, b) => a.name.localeCompare(b.name))) {
      const base = `mcp__${source.serverPart}__${normalizeToolPart(prompt.name)}`.toLowerCase();
      let name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
      taken.add(name);
      const params = prompt.arguments ?? [];
      const hint = argHint(params);
      out.push({
        name,
        summary: `${prompt.title ?? prompt.description ?? prompt.name} (MCP: ${source.server})`,
        ...(hint ? { argHint: hint } : {}),
        mcp: { server: source.server, prompt: prompt.name, arguments: params },
        async run({ args }) {
          const parsed = parsePromptArgs(args, params);
          if (!parsed.ok) {
            return [
              {
                type: 'notice',
                tone: 'error',
                markdown: `\`/${name}\`: ${parsed.error} Usage: \`/${name}${hint ? ` ${hint}` : ''}\``,
              },
            ];
          }
          const connection = source.connection();
          if (!connection) {
            return [
              {
                type: 'notice',
                tone: 'error',
                markdown: `\`/${name}\`: "${source.server}" is not connected. Reconnect it from /mcp.`,
              },
            ];
          }
          const result = await connection.getPrompt(prompt.name, parsed.value);
          if (!result.ok)
            return [{ type: 'notice', tone: 'error', markdown: `\`/${name}\`: ${formatFailure(result.error)}` }];
          const text = promptText(result.value);
          if (!text.trim())
            return [{ type: 'notice', tone: 'error', markdown: `\`/${name}\`: the prompt came back empty.` }];
          return [{ type: 'send', prompt: text }];
        },
      });
    }
  }
  return out;
}
