import { translatePattern } from './pattern';
import { requiredLiteral } from './required-literal';

// The compiled search: the regexes Grep matches with, and the literal prefilter.

export type CompiledSearch =
  | {
      ok: true;
      re: RegExp;
      lineRe: RegExp;
      /** text every match contains, for an indexOf prefilter */ literal: string | null;
    }
  | { ok: false; error: string };

/** Builds the whole-text regex (global, ^/$ at line boundaries), the per-line confirmer and the literal prefilter. */
export function compileSearch(pattern: string, opts: { ignoreCase?: boolean; multiline?: boolean }): CompiledSearch {
  const t = translatePattern(pattern);
  let flags = t.flags;
  if (opts.ignoreCase && !flags.includes('i')) flags += 'i';
  if (opts.multiline && !flags.includes('s')) flags += 's';
  const attempts = t.unicode ? [`${flags}u`, flags] : [flags, `${flags}u`];
  let lastError = '';
  for (const f of attempts) {
    for (const source of [t.source, pattern]) {
      try {
        const re = new RegExp(source, `${f}gm`);
        return { ok: true, re, lineRe: new RegExp(source, `${f}gm`), literal: requiredLiteral(source, f) };
      } catch (e) {
        lastError = (e as Error).message;
      }
    }
  }
  return { ok: false, error: `Invalid regular expression: ${lastError}` };
}
