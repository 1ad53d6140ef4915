import { mayStartWith, type ShellAssignment, type ShellWord } from '../../workspace/shell-syntax';
import { scanOptions, type OptionSpec } from './options';
import { gitVerdict } from './read-only-git';
import { READ_ONLY_SPECS } from './read-only-table';
import { awkProgramProblem, sedScriptProblem } from './scripts';

// Is one simple command read-only? Decided from its words as the parse gives them: the program
// must be on the read-only list, every option on its allowlist, every script it carries print-only,
// and nothing that only expansion decides may stand where it could change that.

export interface ReadOnlyVerdict {
  ok: boolean;
  /** Why it is not read-only. */
  why?: string;
  /** Operands whose contents it reads. */
  reads: ShellWord[];
  /** Operands it lists or describes without reading their contents. */
  lists: ShellWord[];
  /** It reads directories recursively (so a Read deny rule inside one cannot be checked from here). */
  recursive: boolean;
}

/** The read-only programs, for the differential test and the docs. */
export const READ_ONLY_PROGRAMS: readonly string[] = [
  ...Object.keys(READ_ONLY_SPECS),
  'cd',
  'printf',
  'set',
  'read',
  'git',
  'find',
  'sed',
  'awk',
];

/** Wrappers that run the rest of their words as a command. */
export const WRAPPERS: readonly string[] = ['command', 'builtin', 'exec', 'time', 'nice', 'timeout', 'env'];

/** Upper-case variables a read-only command may set for itself; anything else could change what runs. */
const HARMLESS_ENV = /^(LC_[A-Z]+|LANG|LANGUAGE|TZ|TERM|COLUMNS|LINES|NO_COLOR|FORCE_COLOR|CLICOLOR|GREP_COLORS?)$/;

const no = (why: string): ReadOnlyVerdict => ({ ok: false, why, reads: [], lists: [], recursive: false });
const yes = (reads: ShellWord[] = [], lists: ShellWord[] = [], recursive = false): ReadOnlyVerdict => ({
  ok: true,
  reads,
  lists,
  recursive,
});

/** Why setting this variable is not harmless, or null. */
export function assignmentProblem(name: string, value: ShellWord | null): string | null {
  if (/^[a-z_][a-z0-9_]*$/.test(name) || HARMLESS_ENV.test(name)) return null;
  if ((name === 'GIT_PAGER' || name === 'PAGER') && (value?.value === 'cat' || value?.value === '')) return null;
  return `it sets ${name}, which can change what runs`;
}

/** Judges a command: its assignments, then its words (name first). */
export function readOnlyVerdict(
  assignments: readonly ShellAssignment[],
  words: readonly ShellWord[],
  functions: readonly string[],
): ReadOnlyVerdict {
  for (const a of assignments) {
    const problem = assignmentProblem(a.name, a.value);
    if (problem) return no(problem);
  }
  return judge(words, functions, 0);
}

function judge(words: readonly ShellWord[], functions: readonly string[], depth: number): ReadOnlyVerdict {
  const [nameWord, ...args] = words;
  if (!nameWord) return yes();
  const name = nameWord.value;
  if (name === null) return no(`the command name ${nameWord.text} is only known when the line runs`);
  if (functions.includes(name)) return no(`it calls ${name}, a function defined in this line`);
  if (depth > 4) return no('too many nested wrappers');
  if (WRAPPERS.includes(name)) return wrapper(name, args, functions, depth);
  switch (name) {
    case 'cd': {
      const scanned = scanOptions(args, { short: 'LPe@' });
      if (!scanned.ok) return no(`cd: ${scanned.why}`);
      return scanned.args.operands.length <= 1 ? yes() : no('cd: too many arguments');
    }
    case 'printf':
      return args[0]?.value === '-v' && assignmentProblem(args[1]?.value ?? '$', args[2] ?? null)
        ? no(`printf -v ${args[1]?.text ?? ''} sets a variable that can change what runs`)
        : yes();
    case 'set':
      return setVerdict(args);
    case 'read': {
      const scanned = scanOptions(args, { short: 'rse', shortValue: 'adnNptu' });
      if (!scanned.ok) return no(`read: ${scanned.why}`);
      for (const w of scanned.args.operands) {
        if (w.value === null || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(w.value)) return no(`read into ${w.text}`);
        const problem = assignmentProblem(w.value, null);
        if (problem) return no(problem);
      }
      return yes();
    }
    case 'git': {
      const verdict = gitVerdict(args);
      return verdict.ok ? yes([], [], !!verdict.showsContents) : no(verdict.why ?? 'not a read-only git command');
    }
    case 'find':
      return findVerdict(args);
    case 'sed':
      return sedVerdict(args);
    case 'awk':
      return awkVerdict(args);
  }
  const spec = READ_ONLY_SPECS[name];
  if (!spec) return no(`${name} is not on the read-only list`);
  if (!spec.options) return yes();
  const scanned = scanOptions(args, spec.options, spec.injectionSafe);
  if (!scanned.ok) return no(`${name}: ${scanned.why}`);
  const { operands, options } = scanned.args;
  if (spec.operands === 'none' && operands.length) return no(`${name} takes no operands here`);
  if (spec.maxOperands !== undefined && operands.length > spec.maxOperands) {
    return no(`${name} with ${operands.length} operands writes its output to the last one`);
  }
  const problem = spec.check?.(scanned.args);
  if (problem) return no(problem);
  let paths = operands;
  if (spec.firstOperandData && !spec.firstOperandData.some((o) => options.has(o))) paths = paths.slice(1);
  const recursive = spec.recursive === true || (!!spec.recursive && spec.recursive.some((o) => options.has(o)));
  if (spec.operands === 'read') return yes(paths, [], recursive);
  if (spec.operands === 'list') return yes([], paths, recursive);
  return yes();
}

function wrapper(
  name: string,
  args: readonly ShellWord[],
  functions: readonly string[],
  depth: number,
): ReadOnlyVerdict {
  let spec: OptionSpec;
  switch (name) {
    case 'command':
      if (args.some((w) => w.value === '-v' || w.value === '-V')) return yes();
      spec = { short: 'p', stopAtOperand: true };
      break;
    case 'time':
      spec = { short: 'p', stopAtOperand: true };
      break;
    case 'nice':
      spec = { shortValue: 'n', numeric: true, stopAtOperand: true };
      break;
    case 'timeout':
      spec = {
        short: 'v',
        shortValue: 'sk',
        long: ['preserve-status', 'foreground', 'verbose'],
        longValue: ['signal', 'kill-after'],
        stopAtOperand: true,
      };
      break;
    case 'env':
      spec = {
        short: 'i0',
        shortValue: 'u',
        long: ['ignore-environment', 'null'],
        longValue: ['unset'],
        stopAtOperand: true,
      };
      break;
    default: // builtin, exec
      spec = { stopAtOperand: true };
  }
  const scanned = scanOptions(args, spec);
  if (!scanned.ok) return no(`${name}: ${scanned.why}`);
  let rest = scanned.args.operands;
  if (name === 'timeout') rest = rest.slice(1); // the duration
  if (name === 'env') {
    while (rest.length && rest[0].value !== null && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0].value)) {
      const [varName, ...value] = rest[0].value.split('=');
      const problem = assignmentProblem(varName, { ...rest[0], value: value.join('=') });
      if (problem) return no(problem);
      rest = rest.slice(1);
    }
    if (rest.length && rest[0].value === null) return no(`env runs ${rest[0].text}, only known when the line runs`);
  }
  return judge(rest, functions, depth + 1);
}

function setVerdict(args: readonly ShellWord[]): ReadOnlyVerdict {
  const options = new Set(['pipefail', 'errexit', 'nounset', 'xtrace', 'verbose', 'noclobber', 'noglob']);
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') return yes(); // the rest become positional parameters
    if (v === null) return no(`set ${args[i].text}`);
    if (/^[-+][euxvfC]+$/.test(v)) continue;
    if (/^[-+][euxvfC]*o$/.test(v) && options.has(args[i + 1]?.value ?? '')) {
      i++;
      continue;
    }
    return no(`set ${v} changes how the shell runs`);
  }
  return yes();
}

const FIND_FLAGS = new Set(
  '-print -print0 -prune -quit -true -false -empty -readable -writable -executable -nouser -nogroup -depth -mount -xdev -noleaf -ignore_readdir_race -noignore_readdir_race -daystart -follow -ls -a -and -o -or -not ! ( ) ,'.split(
    ' ',
  ),
);
const FIND_TESTS = new Set(
  '-name -iname -path -ipath -wholename -iwholename -regex -iregex -type -xtype -maxdepth -mindepth -size -perm -user -group -uid -gid -links -inum -newer -anewer -cnewer -mtime -atime -ctime -mmin -amin -cmin -used -samefile -lname -ilname -regextype -printf -fstype'.split(
    ' ',
  ),
);

/** `find [-H|-L|-P] [path…] [expression]`: every predicate from the allowlist, so no -exec, -delete, -fprint… */
function findVerdict(args: readonly ShellWord[]): ReadOnlyVerdict {
  let i = 0;
  while (i < args.length && /^-[HLP]$/.test(args[i].value ?? '')) i++;
  const paths: ShellWord[] = [];
  for (; i < args.length; i++) {
    const w = args[i];
    if (w.value !== null) {
      if (/^[-(!]/.test(w.value)) break;
    } else if (mayStartWith(w, '-(!')) {
      return no(`find: ${w.text} could expand to a predicate`);
    }
    paths.push(w);
  }
  for (; i < args.length; i++) {
    const token = args[i].value;
    if (token === null) return no(`find: ${args[i].text} stands where a predicate goes`);
    if (FIND_FLAGS.has(token)) continue;
    if (FIND_TESTS.has(token) || /^-newer[aBcmt]{2}$/.test(token)) {
      if (i + 1 >= args.length) return no(`find: ${token} needs a value`);
      i++;
      continue;
    }
    return no(`find: ${token} is not a predicate known to be safe`);
  }
  return yes([], paths, true);
}

const SED_OPTIONS: OptionSpec = {
  short: 'nrEsuz',
  shortValue: 'el',
  long: ['quiet', 'silent', 'regexp-extended', 'separate', 'unbuffered', 'null-data', 'posix', 'debug', 'sandbox'],
  longValue: ['expression', 'line-length'],
};

/** sed without -i or -f, whose scripts only print. */
function sedVerdict(args: readonly ShellWord[]): ReadOnlyVerdict {
  const scanned = scanOptions(args, SED_OPTIONS);
  if (!scanned.ok) return no(`sed: ${scanned.why}`);
  const { options, operands } = scanned.args;
  const given = [...(options.get('e') ?? []), ...(options.get('expression') ?? [])];
  const scripts = given.length ? given : operands.slice(0, 1);
  if (scripts.length === 0) return no('sed without a script');
  for (const script of scripts) {
    if (!script || script.value === null)
      return no(`the sed script ${script?.text ?? ''} is only known when the line runs`);
    const problem = sedScriptProblem(script.value);
    if (problem) return no(`sed: ${problem}`);
  }
  return yes(given.length ? operands : operands.slice(1));
}

/** awk without -f, whose program only prints. */
function awkVerdict(args: readonly ShellWord[]): ReadOnlyVerdict {
  const scanned = scanOptions(args, { shortValue: 'Fv', stopAtOperand: true });
  if (!scanned.ok) return no(`awk: ${scanned.why}`);
  const [program, ...files] = scanned.args.operands;
  if (!program || program.value === null) return no('the awk program is only known when the line runs');
  const problem = awkProgramProblem(program.value);
  if (problem) return no(`awk: ${problem}`);
  return yes(files.filter((w) => w.value === null || !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value)));
}
