import { mayStartWith, type ShellWord } from '../../workspace/shell-syntax';

// Reads a command's arguments against an allowlist of its options, GNU style: clustered short
// flags (`-la`), values attached or separate (`-n5`, `-n 5`, `--lines=5`, `--lines 5`), `--` ends
// the options, and options may follow operands. Anything not on the list fails the scan, so an
// unknown or abbreviated long option (`--outp` for `--output`) is never taken for a safe one.

export interface OptionSpec {
  /** Short flags without a value, e.g. `'lah'`. */
  short?: string;
  /** Short flags that take a value (`-n 5`, `-n5`). */
  shortValue?: string;
  /** Long options without a value. */
  long?: readonly string[];
  /** Long options that take a value (`--max-count=5`, `--max-count 5`). */
  longValue?: readonly string[];
  /** Long options whose value is optional and can only be attached (`--color`, `--color=never`). */
  longOptional?: readonly string[];
  /** Long options that take two values (`jq --arg name value`). */
  longTwo?: readonly string[];
  /** `-5` is a count (head, tail, grep's context). */
  numeric?: boolean;
  /** Options end at the first operand (POSIX utilities, `find`-like front ends). */
  stopAtOperand?: boolean;
}

export interface ScannedArgs {
  /** Options seen, by name (`l`, `lines`), with each value given. */
  options: Map<string, (ShellWord | null)[]>;
  operands: ShellWord[];
}

export type ScanResult = { ok: true; args: ScannedArgs } | { ok: false; why: string };

/**
 * Scans `args` (the words after the command name). `injectionSafe`: every option of the program is
 * harmless, so a word that might expand to an option is taken as an operand instead of failing.
 */
export function scanOptions(args: readonly ShellWord[], spec: OptionSpec, injectionSafe = false): ScanResult {
  const options = new Map<string, (ShellWord | null)[]>();
  const operands: ShellWord[] = [];
  let endOfOptions = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (endOfOptions) {
      operands.push(word);
      continue;
    }
    const value = word.value;
    if (value === null) {
      if (mayStartWith(word, '-') && !injectionSafe) {
        return { ok: false, why: `${word.text} could expand to an option` };
      }
      operands.push(word);
      if (spec.stopAtOperand) endOfOptions = true;
      continue;
    }
    if (value === '--') {
      endOfOptions = true;
      continue;
    }
    if (!value.startsWith('-') || value === '-') {
      operands.push(word);
      if (spec.stopAtOperand) endOfOptions = true;
      continue;
    }
    if (value.startsWith('--')) {
      const eq = value.indexOf('=');
      const name = value.slice(2, eq < 0 ? undefined : eq);
      if (spec.long?.includes(name) && eq < 0) addOption(options, name, null);
      else if (spec.longOptional?.includes(name))
        addOption(options, name, eq < 0 ? null : attached(word, value.slice(eq + 1)));
      else if (spec.longValue?.includes(name)) {
        if (eq >= 0) addOption(options, name, attached(word, value.slice(eq + 1)));
        else if (i + 1 < args.length) addOption(options, name, args[++i]);
        else return { ok: false, why: `--${name} needs a value` };
      } else if (spec.longTwo?.includes(name) && eq < 0) {
        if (i + 2 >= args.length) return { ok: false, why: `--${name} needs two values` };
        addOption(options, name, args[i + 2]);
        i += 2;
      } else return { ok: false, why: `${value.slice(0, eq < 0 ? undefined : eq)} is not an option known to be safe` };
      continue;
    }
    if (spec.numeric && /^-\d+$/.test(value)) {
      addOption(options, '#', word);
      continue;
    }
    for (let j = 1; j < value.length; j++) {
      const c = value[j];
      if (spec.short?.includes(c)) {
        addOption(options, c, null);
        continue;
      }
      if (spec.shortValue?.includes(c)) {
        if (j + 1 < value.length) addOption(options, c, attached(word, value.slice(j + 1)));
        else if (i + 1 < args.length) addOption(options, c, args[++i]);
        else return { ok: false, why: `-${c} needs a value` };
        break;
      }
      return { ok: false, why: `-${c} is not an option known to be safe` };
    }
  }
  return { ok: true, args: { options, operands } };
}

function addOption(options: Map<string, (ShellWord | null)[]>, name: string, value: ShellWord | null): void {
  const list = options.get(name);
  if (list) list.push(value);
  else options.set(name, [value]);
}

/** The value part of `--name=value` or `-nVALUE`, as a word of its own. */
function attached(word: ShellWord, value: string): ShellWord {
  return { ...word, value, text: value, leading: value };
}

/** True when any of `names` was given. */
export function hasOption(args: ScannedArgs, ...names: string[]): boolean {
  return names.some((n) => args.options.has(n));
}
