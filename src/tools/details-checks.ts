// Shape checks for the details readers (details.ts, toolbox-details.ts): a value that arrives from
// a stored or imported session is checked field by field and copied, never trusted by its type.

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
export const str = (v: unknown): v is string => typeof v === 'string';
export const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const bool = (v: unknown): v is boolean => typeof v === 'boolean';
export const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every(str);
export const optional = <T>(v: unknown, test: (v: unknown) => v is T): v is T | undefined => v === undefined || test(v);
/** A test for one of `values` (a string union). */
export const oneOf =
  <T extends string>(...values: readonly T[]) =>
  (v: unknown): v is T =>
    str(v) && (values as readonly string[]).includes(v);

/** Every entry checked by `item`, or undefined when `v` is not an array or any entry is malformed. */
export function listOf<T>(v: unknown, item: (v: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: T[] = [];
  for (const entry of v) {
    const checked = item(entry);
    if (checked === undefined) return undefined;
    out.push(checked);
  }
  return out;
}

/** `v`'s optional fields that pass their tests, copied; undefined when one is present but malformed. */
export function optionals<T extends Obj>(
  v: Obj,
  tests: { [K in keyof T]: (x: unknown) => boolean },
): Partial<T> | undefined {
  const out: Obj = {};
  for (const key of Object.keys(tests)) {
    if (v[key] === undefined) continue;
    if (!tests[key](v[key])) return undefined;
    out[key] = v[key];
  }
  return out as Partial<T>;
}
