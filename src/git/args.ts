import { unsupported } from './errors';

// A small argv parser in git's style: `-m msg`, `-mmsg`, `--message=msg`, bundled short flags
// (`-am msg`, `-sb`), `-n5`/`-5`, and `--` before paths. Every command lists the flags it
// implements; anything else is refused by name, so nothing is silently ignored.

export interface FlagSpec {
  /** Flags without a value, e.g. `['-a', '--all']`. */
  bool?: string[];
  /** Flags that take a value, e.g. `['-m', '--message']`. */
  value?: string[];
  /** Long flags whose value is optional and only given with `=`, e.g. `--porcelain[=v1]`. */
  optionalValue?: string[];
  /** Spelling → canonical name, e.g. `{ '--message': '-m' }`. */
  alias?: Record<string, string>;
  /** Accept `-<number>` (log's `-3`) as `-n <number>`. */
  numericCount?: boolean;
}

export interface ParsedArgs {
  /** Canonical flag → values in order (`''` for a boolean occurrence). */
  flags: Map<string, string[]>;
  positionals: string[];
  /** Arguments after `--`, or null when there was no `--`. */
  afterDashDash: string[] | null;
}

export function parseArgs(command: string, args: string[], spec: FlagSpec): ParsedArgs {
  const bool = new Set(spec.bool ?? []);
  const value = new Set(spec.value ?? []);
  const optional = new Set(spec.optionalValue ?? []);
  const canon = (name: string) => spec.alias?.[name] ?? name;
  const flags = new Map<string, string[]>();
  const add = (name: string, v: string) => {
    const key = canon(name);
    flags.set(key, [...(flags.get(key) ?? []), v]);
  };
  const positionals: string[] = [];
  let afterDashDash: string[] | null = null;

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      afterDashDash = args.slice(i + 1);
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(0, eq) : arg;
      if (eq >= 0 && (value.has(name) || optional.has(name))) add(name, arg.slice(eq + 1));
      else if (eq < 0 && bool.has(name)) add(name, '');
      else if (eq < 0 && optional.has(name)) add(name, '');
      else if (eq < 0 && value.has(name)) {
        if (i + 1 >= args.length) throw new UsageError(`option '${name.slice(2)}' requires a value`);
        add(name, args[++i]);
      } else unsupported(`${command} ${name}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      if (spec.numericCount && /^-\d+$/.test(arg)) {
        add('-n', arg.slice(1));
        continue;
      }
      // Bundled short flags: each letter a boolean until one takes a value (the rest, or the next arg).
      for (let j = 1; j < arg.length; j++) {
        const name = `-${arg[j]}`;
        if (value.has(name)) {
          const rest = arg.slice(j + 1);
          if (rest) add(name, rest);
          else if (i + 1 < args.length) add(name, args[++i]);
          else throw new UsageError(`switch '${arg[j]}' requires a value`);
          break;
        }
        if (!bool.has(name)) unsupported(`${command} ${j === 1 ? arg : name}`);
        add(name, '');
      }
      continue;
    }
    positionals.push(arg);
  }
  return { flags, positionals, afterDashDash };
}

/** git's own wording for a malformed option (exit 129). */
export class UsageError extends Error {}

export function has(parsed: ParsedArgs, ...names: string[]): boolean {
  return names.some((n) => parsed.flags.has(n));
}

export function last(parsed: ParsedArgs, name: string): string | undefined {
  const values = parsed.flags.get(name);
  return values?.[values.length - 1];
}

export function all(parsed: ParsedArgs, name: string): string[] {
  return parsed.flags.get(name) ?? [];
}
