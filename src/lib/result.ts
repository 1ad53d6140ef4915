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

/** For work whose failures below may still throw (storage: quota, a closed database): a throw becomes a value. */
export async function attempt<T>(work: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await work();
  } catch (error) {
    return err(error instanceof Error ? error.message : String(error));
  }
}
