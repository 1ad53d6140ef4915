// The agent, tools, provider adapters and session code load in one chunk after first paint
// (src/app/boot/runtime.ts); everything in the app reaches them through this one loader.

export type Runtime = typeof import('./boot/runtime');

export function runtimeLoader(): () => Promise<Runtime> {
  let runtime: Promise<Runtime> | null = null;
  return () => (runtime ??= import('./boot/runtime'));
}
