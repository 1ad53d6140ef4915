// The agent, tools, provider adapters and session code load in one chunk after first paint
// (src/app/boot/runtime.ts); everything in the app reaches them through this one loader.

export type Runtime = typeof import('./boot/runtime');

export interface RuntimeLoader {
  (): Promise<Runtime>;
  /** The chunk once it has loaded, for synchronous callers that only run after it has (the agent's tools). */
  loaded(): Runtime | undefined;
}

export function runtimeLoader(): RuntimeLoader {
  let runtime: Promise<Runtime> | null = null;
  let module: Runtime | undefined;
  // The first `then` on the import: it runs before any caller's await resumes.
  const load = () => (runtime ??= import('./boot/runtime').then((m) => (module = m)));
  return Object.assign(load, { loaded: () => module });
}
