// Shared set-up for the extension tests: a lite workspace, the scripted mock provider, extensions
// loaded from files, and an Agent carrying an ExtensionSession, with every event recorded.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Agent, type AgentOptions } from '../../src/agent/agent';
import type { AgentEvent, PermissionAnswer } from '../../src/agent/events';
import { ExtensionSession, type ExtensionDeps } from '../../src/agent/extensions/session/extension-session';
import { loadExtensions, type LoadedExtensions, type UserExtensions } from '../../src/agent/extensions/load-extensions';
import { memoryTrustStore, recordTrust, type TrustStore } from '../../src/agent/extensions/trust/project-trust';
import { createProvider } from '../../src/providers/create-provider';
import type { Provider } from '../../src/providers/types';
import { builtinTools } from '../../src/tools/index';
import { createLiteWorkspace, type LiteWorkspace } from '../../src/workspace/lite-workspace';
import type { MockProvider } from '../fixtures/mock-provider';

export function providerFor(mock: MockProvider, model = 'claude-sonnet-4-5'): Provider {
  return createProvider({
    preset: 'anthropic',
    format: 'anthropic',
    baseUrl: mock.url,
    apiKey: 'sk-test-ext',
    model,
    retryBaseDelayMs: 5,
    maxRetries: 0,
  });
}

/** Every file of a folder on disk, by root-relative path (the real-world fixture project). */
export function folderFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

export interface Harness {
  agent: Agent;
  workspace: LiteWorkspace;
  session: ExtensionSession;
  loaded: LoadedExtensions;
  events: AgentEvent[];
  store: TrustStore;
}

export interface HarnessOptions {
  files?: Record<string, string>;
  user?: UserExtensions;
  /** Trust the project before loading (default true). */
  trusted?: boolean;
  deps?: Partial<ExtensionDeps>;
  agent?: Partial<AgentOptions>;
  /** Answers permission asks (default allow once). */
  answer?: (e: Extract<AgentEvent, { type: 'permission-asked' }>) => PermissionAnswer | undefined;
}

export async function harness(mock: MockProvider, options: HarnessOptions = {}): Promise<Harness> {
  const workspace = createLiteWorkspace({ files: options.files ?? {} });
  const store = memoryTrustStore();
  const projectId = 'test-project';
  let loaded = await loadExtensions({ workspace, user: options.user, trust: { projectId, store } });
  if (options.trusted !== false && loaded.trust.status !== 'not-needed') {
    await recordTrust(store, projectId, loaded.trust.manifest, true);
    loaded = await loadExtensions({ workspace, user: options.user, trust: { projectId, store } });
  }
  const session = new ExtensionSession(loaded, {
    sessionId: 'session-1',
    providerFor: (model) => providerFor(mock, model === 'haiku' ? 'claude-haiku-4-5' : model),
    tree: workspace.tree,
    ...options.deps,
  });
  const agent = new Agent({
    workspace,
    provider: providerFor(mock),
    tools: [...builtinTools, ...session.tools],
    hooks: session.hooks,
    rules: loaded.settings.rules,
    mode: loaded.settings.defaultMode,
    ...options.agent,
  });
  const events: AgentEvent[] = [];
  agent.subscribe((event) => {
    events.push(event);
    if (event.type === 'permission-asked') {
      const answer = options.answer ? options.answer(event) : { decision: 'allow-once' as const };
      if (answer) queueMicrotask(() => agent.answerPermission(event.callId, answer));
    }
  });
  return { agent, workspace, session, loaded, events, store };
}

export const ofType = <T extends AgentEvent['type']>(events: AgentEvent[], type: T) =>
  events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);

/** The text of every request's messages, in order. */
export const requestText = (mock: MockProvider, i: number): string => JSON.stringify(mock.requests[i]?.body ?? null);

export async function waitFor(check: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
