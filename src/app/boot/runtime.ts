// Everything heavy the chat needs, in one lazily loaded chunk: the agent loop, the tools
// (zod and their schemas) and the provider factory (whose SDKs load lazily in turn).
// The page imports this after first paint, so the message box never waits for it.
// Before any schema parses: zod must not probe `new Function` under the app's policy.
import '../../lib/zod-jitless';
import { listModels } from '../../providers/list-models';
import type { ProviderConfig } from '../../providers/types';
import { err, ok, type Result } from '../../lib/result';

export { Agent } from '../../agent/agent';
export { builtinTools } from '../../tools/index';
export { createCodeIntel } from '../../tools/code-intel/client';
export { createProvider } from '../../providers/create-provider';
export { LiveSession, type PersistenceStatus } from '../../session/live-session';
export { openSessionStore, SessionLockedError, requestPersistentStorage } from '../../store/session-store';
export type { SessionStore, SessionSummary } from '../../store/session-store';
export { rewindPoints, type RewindPoint } from '../../agent/checkpoints';
export { importSession } from '../../session/import';
export { exportFileName } from '../../session/export';
export {
  loadExtensions,
  ExtensionSession,
  promptCommands,
  listingCommands,
  recordTrust,
} from '../../agent/extensions/index';
export { ExtensionSlot } from '../extensions/extension-slot';
export { ReplayProvider, loadReplay, replayTurns, type ReplayScript } from '../../session/replay-provider';
export { lessonFileName, lessonTimeline, notesByStep, recordedAnswers, withNotes } from '../../session/lesson';

/** The ids the endpoint lists, sorted; a failure says what to do. */
export async function listModelIds(config: ProviderConfig, signal: AbortSignal): Promise<Result<string[]>> {
  const result = await listModels(config, signal);
  if (Array.isArray(result)) return ok([...new Set(result)].sort((a, b) => a.localeCompare(b)));
  return err(`${result.message} ${result.hint}`.trim());
}
