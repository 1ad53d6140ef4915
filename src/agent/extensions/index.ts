export { loadExtensions, type LoadedExtensions, type LoadOptions, type UserExtensions } from './load-extensions';
export { ExtensionSession, type ExtensionDeps } from './session/extension-session';
export { promptCommands } from './commands/prompt-commands';
export { listingCommands, skillsListing, agentsListing, hooksListing } from './listings';
export {
  checkTrust,
  describeProject,
  memoryTrustStore,
  recordTrust,
  type ProjectManifest,
  type TrustDecision,
  type TrustItem,
  type TrustState,
  type TrustStatus,
  type TrustStore,
} from './trust/project-trust';
export type { WorktreeReview, WorktreeDecision, WorktreeApproval, PendingWorktree } from './subagents/worktree-review';
export type { AgentDefinition } from './subagents/agent-definition';
export type { PromptDefinition, ExtensionNotice } from './prompt-definition';
export type { ConfiguredHook, HookHandler } from './hooks/hook-config';
export type { MergedSettings } from './settings/merge-settings';
