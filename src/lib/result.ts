// Expected failures are values, not exceptions (a missing file, a refused permission, a
// provider's 401): the caller must look at them, and the message names what to do next.
// Exceptions stay for bugs.

export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function err<E = string>(error: E): Result<never, E> {
  return { ok: false, error };
}
