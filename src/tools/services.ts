// What tools get from the session besides the workspace: callbacks the app or UI supplies (asking the
// user, approving a plan), per-session state the agent holds (the task graph, background tasks), and
// access paths (web, a small model, search, code intelligence). All optional: a tool whose service
// is missing is left out of the tool list (Tool.available), never sent to fail.
import type { Result } from '../lib/result';
import type { MediaKinds } from '../providers/types';
import type { BackgroundTasks } from './background/tasks';
import type { CodeIntel } from './code-intel/types';
import type { TaskGraph } from './task-graph/graph';

/** The agent's permission mode, as tools may read it (the same union as agent/events.ts PermissionMode). */
export type SessionMode = 'default' | 'acceptEdits' | 'plan' | 'dontAsk' | 'bypassPermissions';

/** How pages are fetched from the browser: the CORS proxy for hosts that send no CORS headers. */
export interface WebAccess {
  /**
   * Proxy base URL. `{url}` in it is replaced by the encoded target URL; otherwise the target is appended
   * as `<proxy>/<host>/<path>` (the shape git's proxy setting uses).
   */
  corsProxy?: string;
  /** Injected for tests; default the global fetch. */
  fetch?: typeof fetch;
}

/** A one-shot request with no tools, to a small model when one is configured, else the session's. */
export type SmallModel = (
  request: { system?: string; prompt: string; maxTokens?: number },
  signal: AbortSignal,
) => Promise<Result<{ text: string; model: string }>>;

export interface WebSearchHit {
  title: string;
  url: string;
  snippet?: string;
  pageAge?: string;
}

export interface WebSearchOutcome {
  hits: WebSearchHit[];
  /** What the searching model wrote about the results (Anthropic's server tool), if anything. */
  summary?: string;
  /** Where the search ran, for the card: `Anthropic web search` or the endpoint's host. */
  via: string;
}

export type WebSearch = (
  query: string,
  options: { allowedDomains?: string[]; blockedDomains?: string[] },
  signal: AbortSignal,
) => Promise<Result<WebSearchOutcome>>;

/** One AskUserQuestion question, as the model sent it. */
export interface UserQuestion {
  question: string;
  header: string;
  options: { label: string; description: string; preview?: string }[];
  multiSelect: boolean;
}

/**
 * The user's answers keyed by question text: an option label, labels joined by ", " for multiSelect,
 * or the text typed into "Other". null: the user dismissed the questions.
 */
export type UserAnswers = { answers: Record<string, string>; notes?: Record<string, string> } | null;

export type AskUser = (questions: UserQuestion[], signal: AbortSignal) => Promise<UserAnswers>;

/** The user's verdict on a plan: approve and switch to `mode`, or keep planning (with feedback). */
export type PlanDecision =
  { approved: true; mode: Exclude<SessionMode, 'plan'> } | { approved: false; feedback?: string };

export type ApprovePlan = (plan: string, signal: AbortSignal) => Promise<PlanDecision>;

/** EnterPlanMode asks first: true when the user agrees to switch into plan mode. */
export type ConfirmPlanMode = (signal: AbortSignal) => Promise<boolean>;

export interface ToolServices {
  /** What the session's model accepts besides text; Read sends images and PDFs as blocks only where accepted. */
  accepts?: MediaKinds;
  /** The permission mode in force. */
  mode?: SessionMode;
  web?: WebAccess;
  smallModel?: SmallModel;
  webSearch?: WebSearch;
  askUser?: AskUser;
  approvePlan?: ApprovePlan;
  confirmPlanMode?: ConfirmPlanMode;
  /** The session's task graph as it stands (held as events by the agent, so replay rebuilds it). */
  taskGraph?: () => TaskGraph;
  /** The session's background commands (Bash run_in_background, TaskOutput, TaskStop). */
  background?: BackgroundTasks;
  /** TypeScript/JavaScript code intelligence over the workspace (LSP, diagnostics after edits). */
  codeIntel?: CodeIntel;
}
