import type { ContentBlock, Message, Provider, ProviderError, ProviderRequest, Usage } from '../providers/types';
import { lookupModel } from '../providers/catalog';
import type { TodoItem } from '../tools/types';
import type { AgentEvent, CompactionTrigger } from './events';

// Context management: how big the next request is, when to compact, what to keep verbatim, and
// how to ask the model for a summary. The Agent calls these; nothing here holds state.

/** Used when the catalog does not know the model: small enough that local models are not overrun. */
export const UNKNOWN_MODEL_CONTEXT_WINDOW = 32_000;
/** Auto-compaction starts when the next request would pass this share of the window. */
export const AUTO_COMPACT_RATIO = 0.8;

export interface ContextBudget {
  contextWindow: number;
  /** Estimated request tokens at which auto-compaction runs. */
  threshold: number;
  /** How many tokens of the most recent messages a compaction keeps verbatim. */
  keepRecentTokens: number;
  /** Tool outputs longer than this are clipped (head + tail) in requests; the session keeps them whole. */
  maxToolResultChars: number;
  /** Cap on the conversation text sent to the summarizer. */
  maxSummaryInputChars: number;
}

export function contextBudget(
  model: string,
  contextWindow?: number,
  ratio: number = AUTO_COMPACT_RATIO,
): ContextBudget {
  const window = contextWindow ?? lookupModel(model)?.contextWindow ?? UNKNOWN_MODEL_CONTEXT_WINDOW;
  return {
    contextWindow: window,
    threshold: Math.floor(window * ratio),
    keepRecentTokens: Math.min(Math.floor(window * 0.25), 40_000),
    maxToolResultChars: Math.max(2_000, Math.min(30_000, Math.floor(window * 4 * 0.1))),
    maxSummaryInputChars: Math.max(8_000, Math.floor(window * 4 * 0.6)),
  };
}

/** About four characters per token for English and code; the Agent calibrates this from reported usage. */
export const DEFAULT_TOKENS_PER_CHAR = 0.25;

export function estimateTokens(chars: number, tokensPerChar: number = DEFAULT_TOKENS_PER_CHAR): number {
  return Math.ceil(chars * tokensPerChar);
}

/** Characters a message adds to a request (tool outputs counted as clipped when `maxToolResultChars` is given). */
export function messageChars(message: Message, maxToolResultChars: number = Infinity): number {
  let n = 16;
  for (const block of message.content) {
    if (block.type === 'text') n += block.text.length + 24;
    else if (block.type === 'tool_result') {
      n += Math.min(block.content.length, maxToolResultChars + 200) + 48;
      // An image costs about 1,600 tokens; a PDF page about 2,000 (estimated from its size).
      for (const media of block.media ?? [])
        n += media.type === 'image' ? 6_000 : Math.max(8_000, Math.round(media.data.length / 8));
    } else n += JSON.stringify(block.input ?? {}).length + block.name.length + 48;
  }
  return n;
}

// ── clipping ───────────────────────────────────────────────────────────────

/** Keeps the head and tail of a long text, cut at line ends where one is near, with a note in between. */
export function clipMiddle(text: string, maxChars: number, what = 'output'): string {
  if (text.length <= maxChars) return text;
  const headLen = Math.floor(maxChars * 0.6);
  const tailLen = maxChars - headLen;
  let head = text.slice(0, headLen);
  let tail = text.slice(text.length - tailLen);
  const headBreak = head.lastIndexOf('\n');
  if (headBreak > headLen - 400) head = head.slice(0, headBreak + 1);
  const tailBreak = tail.indexOf('\n');
  if (tailBreak >= 0 && tailBreak < 400) tail = tail.slice(tailBreak + 1);
  const clipped = text.length - head.length - tail.length;
  return `${head}\n[… ${clipped.toLocaleString('en-US')} characters of this ${what} clipped from the middle to fit the context window; the full ${what} is kept in the session …]\n${tail}`;
}

/**
 * The messages as a request sends them: long tool outputs clipped, and every tool_use answered by a
 * tool_result in the next message (a damaged or interrupted log could lack one; both APIs reject that).
 * Copies what it changes; the transcript itself is never touched.
 */
export function prepareMessages(messages: readonly Message[], maxToolResultChars: number): Message[] {
  const out: Message[] = [];
  /** tool_use ids of the last assistant message that still need a result. */
  let pending: string[] = [];
  const missingResults = (ids: string[]): ContentBlock[] =>
    ids.map((id) => ({
      type: 'tool_result',
      toolUseId: id,
      content: 'No result was recorded for this call (the session was interrupted).',
      isError: true,
    }));
  const push = (role: Message['role'], content: ContentBlock[]) => {
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...content);
    else out.push({ role, content });
  };
  for (const message of messages) {
    let content: ContentBlock[] = message.content.map((block) =>
      block.type === 'tool_result' && block.content.length > maxToolResultChars
        ? { ...block, content: clipMiddle(block.content, maxToolResultChars) }
        : { ...block },
    );
    if (message.role === 'user') {
      // Results must answer a tool_use of the assistant message just before; unanswered calls get a stand-in.
      const asked = new Set(pending);
      content = content.filter((b) => b.type !== 'tool_result' || asked.has(b.toolUseId));
      const answered = new Set(content.flatMap((b) => (b.type === 'tool_result' ? [b.toolUseId] : [])));
      content = [...missingResults(pending.filter((id) => !answered.has(id))), ...content];
      pending = [];
      if (content.length) push('user', content);
    } else {
      if (pending.length) push('user', missingResults(pending));
      pending = content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
      if (content.length) push('assistant', content);
    }
  }
  if (pending.length) push('user', missingResults(pending));
  if (out[0]?.role === 'assistant')
    out.unshift({ role: 'user', content: [{ type: 'text', text: '(The conversation continues.)' }] });
  return out;
}

// ── choosing what to summarize ────────────────────────────────────────────

const hasToolResult = (m: Message): boolean => m.content.some((b) => b.type === 'tool_result');
/** A user message the person typed (not a carrier of tool results). */
const isUserTurn = (m: Message): boolean => m.role === 'user' && !hasToolResult(m);

/**
 * Where to cut: messages before the returned index are summarized, the rest kept verbatim. A cut
 * never lands on a message of tool results, so a tool_use is never separated from its result.
 * Prefers the start of a user turn; keeps at most `keepTokens` (estimated) when it can; 0 = nothing to compact.
 */
export function chooseSplit(
  messages: readonly Message[],
  keepTokens: number,
  tokensPerChar: number = DEFAULT_TOKENS_PER_CHAR,
  maxToolResultChars: number = Infinity,
): number {
  const n = messages.length;
  if (n < 2) return 0;
  const tail: number[] = new Array(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--)
    tail[i] = tail[i + 1] + estimateTokens(messageChars(messages[i], maxToolResultChars), tokensPerChar);
  const valid = (k: number) => messages[k].role === 'assistant' || isUserTurn(messages[k]);
  for (let k = 1; k < n; k++) if (isUserTurn(messages[k]) && tail[k] <= keepTokens) return k;
  for (let k = 1; k < n; k++) if (valid(k) && tail[k] <= keepTokens) return k;
  for (let k = n - 1; k >= 1; k--) if (valid(k)) return k;
  return 0;
}

// ── asking for the summary ─────────────────────────────────────────────────

export const COMPACTION_SYSTEM_PROMPT = `You summarize a coding session between a user and an AI coding agent so the work can continue in a fresh context window. The agent will rely on your summary alone: it will not see the original messages.

Write the summary under these headings:
1. User requests: every request and instruction the user gave, verbatim when short (up to about three lines), otherwise closely paraphrased; include stated preferences and constraints.
2. Files: every file path that was read, created, edited or deleted, with what changed and why.
3. Decisions: technical choices made and the reasons for them.
4. Errors and fixes: errors met (commands, tests, tools) and how each was resolved, or that it is still open.
5. Current state: what was being worked on right before this point, with the latest commands and their results.
6. Open todos: the remaining tasks and next steps, in order.

Be specific: keep exact file paths, names, commands and error messages. Do not invent anything. Do not call tools. Reply with the summary only.`;

/** True for a request built by `buildCompactionRequest` (the replay provider answers these from the recording). */
export function isCompactionRequest(request: ProviderRequest): boolean {
  return request.system === COMPACTION_SYSTEM_PROMPT;
}

/** How the summary appears in the transcript, as the first user message. */
export function summaryMessageText(summary: string): string {
  return `This session continues an earlier conversation that was compacted to fit the context window. Summary of the earlier part:\n\n<summary>\n${summary}\n</summary>`;
}

/** Plain text of the conversation for the summarizer: tool inputs and outputs shortened, the whole capped. */
export function renderForSummary(messages: readonly Message[], maxChars: number): string {
  const names = new Map<string, string>();
  const parts: string[] = [];
  for (const message of messages) {
    for (const block of message.content) {
      if (block.type === 'text') {
        parts.push(`[${message.role === 'user' ? 'User' : 'Assistant'}]\n${block.text}`);
      } else if (block.type === 'tool_use') {
        names.set(block.id, block.name);
        parts.push(`[Tool call: ${block.name}] ${clipMiddle(JSON.stringify(block.input ?? {}), 1_500, 'input')}`);
      } else {
        const name = names.get(block.toolUseId) ?? 'tool';
        parts.push(`[Tool result: ${name}${block.isError ? ', error' : ''}]\n${clipMiddle(block.content, 2_000)}`);
      }
    }
  }
  return clipMiddle(parts.join('\n\n'), maxChars, 'conversation');
}

export function buildCompactionRequest(
  model: string,
  older: readonly Message[],
  options: { maxChars: number; instructions?: string; todos?: TodoItem[] },
): ProviderRequest {
  const todos = options.todos?.length
    ? `\n\nThe agent's todo list at this point:\n${options.todos.map((t) => `- [${t.status}] ${t.content}`).join('\n')}`
    : '';
  const extra = options.instructions?.trim()
    ? `\n\nThe user asked for this summary with these instructions: ${options.instructions.trim()}`
    : '';
  return {
    model,
    system: COMPACTION_SYSTEM_PROMPT,
    tools: [],
    messages: [
      {
        role: 'user',
        content: [
          {
            type: 'text',
            text: `The conversation to summarize:\n\n<conversation>\n${renderForSummary(older, options.maxChars)}\n</conversation>${todos}${extra}\n\nWrite the summary now.`,
          },
        ],
      },
    ],
  };
}

export type CompactionOutcome =
  | { ok: true; replacedMessages: number; summary: string }
  | { ok: false; reason: 'nothing-to-compact' | 'aborted' }
  | { ok: false; reason: 'provider-error'; error: ProviderError };

export interface CompactionInput {
  provider: Provider;
  messages: readonly Message[];
  todos: TodoItem[];
  budget: ContextBudget;
  trigger: CompactionTrigger;
  turnId: string;
  instructions?: string;
  /** Estimated tokens of the request the compaction is making room for. */
  tokensBefore: number;
  /** Chars of the system prompt and tool specs, which every request carries on top of the messages. */
  fixedChars: number;
  tokensPerChar: number;
  signal?: AbortSignal;
  emit: (event: AgentEvent) => void;
}

/**
 * Summarizes the older messages and emits `compacted` (folded into the transcript like any event).
 * A provider failure is returned (and emitted as `error` unless it was an abort); the transcript is untouched then.
 */
export async function compactConversation(input: CompactionInput): Promise<CompactionOutcome> {
  const { messages, budget, tokensPerChar } = input;
  // Asked for by hand, compaction should shrink the context noticeably even far below the threshold.
  const messageTokens = estimateTokens(
    messages.reduce((n, m) => n + messageChars(m, budget.maxToolResultChars), 0),
    tokensPerChar,
  );
  const keep =
    input.trigger === 'manual'
      ? Math.min(budget.keepRecentTokens, Math.floor(messageTokens / 4))
      : budget.keepRecentTokens;
  const split = chooseSplit(messages, keep, tokensPerChar, budget.maxToolResultChars);
  if (split === 0) return { ok: false, reason: 'nothing-to-compact' };
  const older = messages.slice(0, split);
  input.emit({ type: 'compaction-started', turnId: input.turnId, trigger: input.trigger });
  const request = buildCompactionRequest(input.provider.model, older, {
    maxChars: budget.maxSummaryInputChars,
    instructions: input.instructions,
    todos: input.todos,
  });
  let summary = '';
  let usage: Usage | null = null;
  let failure: ProviderError | null = null;
  try {
    for await (const event of input.provider.stream(request, input.signal)) {
      if (event.type === 'text-delta') summary += event.text;
      else if (event.type === 'usage') usage = event.usage;
      else if (event.type === 'error') failure = event.error;
    }
  } catch (error) {
    failure = {
      kind: 'stream-dropped',
      message: `The summary request failed: ${String(error)}`,
      hint: 'Try /compact again.',
      retryable: true,
    };
  }
  if (usage) input.emit({ type: 'usage', turnId: input.turnId, model: input.provider.model, usage });
  if (input.signal?.aborted || failure?.kind === 'aborted') return { ok: false, reason: 'aborted' };
  if (!failure && !summary.trim()) {
    failure = {
      kind: 'bad-request',
      message: 'The model returned an empty summary.',
      hint: 'Try /compact again, or start a new session.',
      retryable: false,
    };
  }
  if (failure) {
    input.emit({
      type: 'error',
      turnId: input.turnId,
      error: { ...failure, message: `Compaction failed: ${failure.message}` },
    });
    return { ok: false, reason: 'provider-error', error: failure };
  }
  let text = summary.trim();
  // When the cut falls inside the current turn, the request that started it must survive word for word.
  if (!messages.slice(split).some(isUserTurn)) {
    const request = [...older].reverse().find(isUserTurn);
    const words = request?.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');
    if (words) text += `\n\nThe user's current request, verbatim:\n${clipMiddle(words, 4_000, 'request')}`;
  }
  const keptChars = messages.slice(split).reduce((n, m) => n + messageChars(m, budget.maxToolResultChars), 0);
  const tokensAfter = estimateTokens(input.fixedChars + keptChars + summaryMessageText(text).length, tokensPerChar);
  input.emit({
    type: 'compacted',
    turnId: input.turnId,
    trigger: input.trigger,
    summary: text,
    replacedMessages: split,
    tokensBefore: input.tokensBefore,
    tokensAfter,
  });
  return { ok: true, replacedMessages: split, summary: text };
}

/** How `compacted` changes the transcript (called by applyEvent, so replay rebuilds it exactly). */
export function applyCompaction(messages: readonly Message[], summary: string, replacedMessages: number): Message[] {
  const kept = messages.slice(replacedMessages);
  const block: ContentBlock = { type: 'text', text: summaryMessageText(summary) };
  if (kept[0]?.role === 'user') kept[0] = { role: 'user', content: [block, ...kept[0].content] };
  else kept.unshift({ role: 'user', content: [block] });
  return kept;
}
