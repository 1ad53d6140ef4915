import {
  analyseScript,
  type ShellAnalysis,
  type ShellCommand,
  type ShellParser,
  type ShellWord,
} from '../../workspace/shell-syntax';

// Everything a deny or ask rule must see in a command line: the line itself, each command with
// and without its variable assignments, each command with its wrappers peeled off (`env`,
// `timeout 5`, `xargs -n1` …), the commands `find -exec` runs, and the scripts run by `bash -c`,
// `eval` or a here-document fed to a shell, parsed in turn.

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh']);
/** Wrapper → its options that take a value (the rest of its leading `-x` words are flags). */
const WRAPPER_VALUE_OPTIONS: Record<string, RegExp> = {
  env: /^(-u|-C|-S|--unset|--chdir|--split-string)$/,
  command: /^$/,
  builtin: /^$/,
  exec: /^-a$/,
  nohup: /^$/,
  time: /^(-f|-o|--format|--output)$/,
  nice: /^(-n|--adjustment)$/,
  stdbuf: /^(-i|-o|-e)$/,
  sudo: /^(-u|-g|-h|-p|-C|-U|-r|-t|-D)$/,
  doas: /^(-u|-C)$/,
  timeout: /^(-s|-k|--signal|--kill-after)$/,
  xargs:
    /^(-I|-i|-n|-L|-l|-P|-d|-E|-e|-s|-a|--max-args|--max-lines|--max-procs|--delimiter|--eof|--arg-file|--replace|--max-chars)$/,
};

const text = (words: readonly ShellWord[]): string => words.map((w) => w.text).join(' ');

/** Strips one wrapper from the front of `words`, or returns null when the first word is none. */
export function unwrapOnce(words: readonly ShellWord[]): ShellWord[] | null {
  const name = words[0]?.value;
  if (!name || !(name in WRAPPER_VALUE_OPTIONS)) return null;
  const takesValue = WRAPPER_VALUE_OPTIONS[name];
  let i = 1;
  while (i < words.length) {
    const v = words[i].value;
    if (v === null) break;
    if (v === '--') {
      i++;
      break;
    }
    if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) i++;
    else if (v.startsWith('-') && v.length > 1) i += takesValue.test(v) ? 2 : 1;
    else break;
  }
  if (name === 'timeout') i++; // the duration
  return words.slice(i);
}

/** The commands `find -exec … ;` (and -execdir, -ok, -okdir) runs. */
function findExecs(words: readonly ShellWord[]): ShellWord[][] {
  const out: ShellWord[][] = [];
  for (let i = 1; i < words.length; i++) {
    if (!/^-(exec|execdir|ok|okdir)$/.test(words[i].value ?? '')) continue;
    const start = i + 1;
    let end = start;
    while (end < words.length && words[end].value !== ';' && words[end].value !== '+') end++;
    out.push(words.slice(start, end));
    i = end;
  }
  return out;
}

/** Scripts a command runs as code of their own, when their text is fixed. */
function innerScripts(command: ShellCommand, words: readonly ShellWord[]): string[] {
  const name = words[0]?.value;
  if (!name) return [];
  if (name === 'eval')
    return words.slice(1).every((w) => w.value !== null)
      ? [
          words
            .slice(1)
            .map((w) => w.value)
            .join(' '),
        ]
      : [];
  if (!SHELLS.has(name)) return [];
  const c = words.findIndex((w, i) => i > 0 && w.value !== null && /^-[a-z]*c[a-z]*$/.test(w.value));
  if (c > 0) return words[c + 1]?.value != null ? [words[c + 1].value!] : [];
  return command.redirects.filter((r) => r.kind === 'input' && r.input != null).map((r) => r.input!);
}

/** Every text a deny or ask rule is matched against. */
export function ruleCandidates(
  line: string,
  analysis: ShellAnalysis | null,
  parser: ShellParser | null,
  depth = 0,
): string[] {
  const out = new Set<string>([line]);
  if (!analysis) return [...out];
  for (const command of analysis.commands) {
    out.add(command.text);
    const stages: ShellWord[][] = [command.words];
    for (let w: ShellWord[] | null = command.words; w && stages.length < 8;) {
      w = unwrapOnce(w);
      if (w && w.length) stages.push(w);
    }
    for (const stage of stages) {
      out.add(text(stage));
      for (const exec of findExecs(stage)) if (exec.length) out.add(text(exec));
      if (depth >= 3 || !parser) continue;
      for (const script of innerScripts(command, stage)) {
        const parsed = parser.parse(script);
        out.add(script.trim());
        if (!parsed.ok) continue;
        const inner = analyseScript(parsed.script, { cwd: '/' });
        for (const candidate of ruleCandidates(script.trim(), inner, parser, depth + 1)) out.add(candidate);
      }
    }
  }
  out.delete('');
  return [...out];
}
