// The rule an "Always allow" answer adds: the command's prefix (`npm test:*`), the edited
// directory (`Edit(src/**)`), the fetched domain, or the tool's name.
import type { Tool } from '../../tools/types';
import { analyseScript, loadedShellParser, type ShellAnalysis } from '../../workspace/shell-syntax';
import { domainOf } from '../../lib/paths-and-urls';
import { absolutePath, formatRule, relativeToRoot } from './rules';

/** Commands whose second word is the real action, so a suggested rule keeps it (`git commit`, `npm test`). */
const TWO_WORD_COMMANDS = new Set([
  'npm',
  'npx',
  'pnpm',
  'yarn',
  'bun',
  'bunx',
  'deno',
  'git',
  'cargo',
  'go',
  'pip',
  'pip3',
  'poetry',
  'uv',
  'docker',
  'kubectl',
  'gh',
  'make',
  'dotnet',
  'mvn',
  'gradle',
  'rails',
  'bundle',
  'composer',
  'turbo',
  'nx',
]);
/** Package-manager subcommands that take a script name: `npm run build` suggests `npm run build:*`. */
const SCRIPT_RUNNERS = new Set(['run', 'run-script', 'exec', 'x', 'dlx']);

/** The rule an "Always allow" answer would add for this call. */
export function suggestRule(tool: Tool, input: unknown, root: string): string {
  const subject = tool.permission(input);
  const name = subject.ruleName;
  const v = subject.value;
  if (v === undefined) return name;
  if (name === 'Bash') return suggestShellRule(v);
  if (name === 'WebFetch') {
    const host = domainOf(v);
    return host ? formatRule('WebFetch', `domain:${host}`) : name;
  }
  if (name === 'Read' || name === 'Edit') {
    const rel = relativeToRoot(v, root);
    if (rel === null) {
      const abs = absolutePath(v, root);
      const dir = abs.slice(0, abs.lastIndexOf('/')) || '';
      return formatRule(name, `/${dir}/**`);
    }
    const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    return dir ? formatRule(name, `${dir}/**`) : name;
  }
  return name;
}

/** The prefix rule for a shell command; pass the line's analysis when there is one, to spare a parse. */
export function suggestShellRule(command: string, analysis?: ShellAnalysis | null): string {
  if (!analysis) {
    const parsed = loadedShellParser()?.parse(command);
    if (!parsed?.ok) return formatRule('Bash', command.trim());
    analysis = analyseScript(parsed.script, { cwd: '/' });
  }
  const commands = analysis.commands.filter((c) => !c.inSubstitution && !c.inFunction && c.words.length > 0);
  // Prefer the part that is not plain navigation: `cd app && npm test` → the npm test part.
  const part = commands.find((c) => !['cd', 'pwd'].includes(c.words[0].value ?? '')) ?? commands[0];
  if (!part) return formatRule('Bash', command.trim());
  const { words } = part;
  if (part.assignments.length) return formatRule('Bash', part.text);
  const word = (i: number): string | null | undefined => words[i]?.value;
  let take = 1;
  if (TWO_WORD_COMMANDS.has(word(0) ?? '') && word(1) && !word(1)!.startsWith('-')) {
    take = SCRIPT_RUNNERS.has(word(1)!) && word(2) && !word(2)!.startsWith('-') ? 3 : 2;
  }
  const prefix = words.slice(0, take).map((w) => w.value);
  if (prefix.some((w) => w === null || /[\s*():]/.test(w))) return formatRule('Bash', part.text);
  return formatRule('Bash', `${prefix.join(' ')}:*`);
}
