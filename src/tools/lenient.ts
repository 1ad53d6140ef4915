import { z } from 'zod';

// Models often send "42", "true" or null for optional fields; accept them rather than fail the call.

/** An optional number that also accepts a numeric string; null counts as absent. */
export function looseNumber(): z.ZodPreprocess<z.ZodOptional<z.ZodNumber>> {
  return z.preprocess(
    (v) =>
      v === null ? undefined : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v,
    z.number().optional(),
  );
}

/** An optional boolean that also accepts "true"/"false"; null counts as absent. */
export function looseBoolean(): z.ZodPreprocess<z.ZodOptional<z.ZodBoolean>> {
  return z.preprocess(
    (v) => (v === null ? undefined : v === 'true' ? true : v === 'false' ? false : v),
    z.boolean().optional(),
  );
}
