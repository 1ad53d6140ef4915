import type { EarlyBoot } from './early-boot';

// How the inline boot script in the built index.html (src/early.ts) hands the workspace it
// started to the module entry (src/boot.ts). A window property, because the two are separate
// scripts: the inline one runs while the page is still parsing, before any module is fetched.
// Only types are imported here, so the module entry stays small.

const KEY = '__tidepoolEarlyBoot';

type WithEarly = { [KEY]?: EarlyBoot };

export function publishEarlyBoot(early: EarlyBoot): void {
  (globalThis as WithEarly)[KEY] = early;
}

/** The early boot the inline script started, once (the property is removed); undefined in dev. */
export function takeEarlyBoot(): EarlyBoot | undefined {
  const holder = globalThis as WithEarly;
  const early = holder[KEY];
  delete holder[KEY];
  return early;
}
