import { z } from 'zod';
import type { Checkpoint } from '../../agent/checkpoints';
import { PERMISSION_MODES, type AgentEvent, type AgentEventType, type RuleLists } from '../../agent/events';
import type { Usage } from '../../providers/types';

// What the session database holds, and the validation every record passes on the way out:
// a record that fails is skipped and reported, never fatal. Import uses the same event schema.

export type SessionStatus = 'idle' | 'running' | 'interrupted';

export interface SessionMeta {
  id: string;
  title: string;
  createdAt: number;
  /** Last change to the conversation (turn end, rename). */
  updatedAt: number;
  /** Last time the session was opened or written; the session list sorts by it. */
  lastUsedAt: number;
  /** Model of the most recent request ('' before the first). */
  model: string;
  usage: Usage;
  usageByModel: Record<string, Usage>;
  /** Permission rules granted in this session ("always allow"). */
  rules: RuleLists;
  /** `running` while a turn is open; a session found `running` on load was interrupted by a reload or crash. */
  status: SessionStatus;
  /** User requests and assistant text, capped, for search by content. */
  searchText: string;
  /** Workspace root the files were saved under (`/workspace`). */
  root: string;
  forkedFrom?: { sessionId: string; turnId: string };
  /** Set once the session keeps its files in memory only: none are stored, so a reload finds none. */
  memoryOnly?: MemoryOnlyFiles;
}

/** Why a session's files are not stored, and what would bring them back (a repository to clone again). */
export interface MemoryOnlyFiles {
  /** When the session stopped storing its files. */
  since: number;
  /** The repository URL as the user gave it (never with credentials: repo-url refuses those). */
  source?: string;
  /** The one folder checked out, when the clone was of one folder. */
  folder?: string;
}

export interface EventRecord {
  sessionId: string;
  seq: number;
  event: AgentEvent;
}

export interface FileRecord {
  sessionId: string;
  /** Absolute, under the session's root. */
  path: string;
  data: Uint8Array;
  mtimeMs: number;
}

/** A checkpoint as stored: the one Checkpoint shape, keyed by its session. */
export type CheckpointRecord = Checkpoint & { sessionId: string };

export interface BlobRecord {
  sessionId: string;
  hash: string;
  data: Uint8Array;
}

export interface LeaseRecord {
  sessionId: string;
  writerId: string;
  heartbeatAt: number;
}

const str = z.string();
const num = z.number().finite();
const bytes = z.custom<Uint8Array>(
  (v) =>
    v instanceof Uint8Array || (ArrayBuffer.isView(v) && (v as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT === 1),
);

export const usageSchema = z.object({
  inputTokens: num,
  outputTokens: num,
  cacheReadTokens: num,
  cacheWriteTokens: num,
});

const ruleListsSchema = z.object({ allow: z.array(str), ask: z.array(str), deny: z.array(str) });

const providerErrorSchema = z.looseObject({
  kind: str,
  message: str,
  hint: str,
  status: num.optional(),
  retryable: z.boolean(),
});

const todoSchema = z.looseObject({
  content: str,
  status: z.enum(['pending', 'in_progress', 'completed']),
  activeForm: str,
});

const permissionAnswerSchema = z.union([
  z.looseObject({ decision: z.literal('allow-once') }),
  z.looseObject({ decision: z.literal('allow-always'), rule: str }),
  z.looseObject({ decision: z.literal('deny'), message: str.optional() }),
]);

const ev = <T extends z.ZodRawShape>(type: string, shape: T) => z.looseObject({ type: z.literal(type), ...shape });

// Known event types are checked field by field. A type this build does not know (written by a newer
// build) is kept as long as it is an object with a string `type`: applyEvent ignores what it does not know.
const eventSchemas: Partial<Record<AgentEventType, z.ZodType>> = {
  'turn-started': ev('turn-started', { turnId: str, text: str, at: num }),
  'step-started': ev('step-started', { turnId: str, step: num }),
  'text-delta': ev('text-delta', { turnId: str, text: str }),
  'tool-call-started': ev('tool-call-started', { turnId: str, callId: str, name: str }),
  'tool-call-delta': ev('tool-call-delta', { turnId: str, callId: str, argsDelta: str }),
  'tool-call': ev('tool-call', { turnId: str, callId: str, name: str, input: z.unknown(), summary: str }),
  'permission-asked': ev('permission-asked', {
    turnId: str,
    callId: str,
    toolName: str,
    summary: str,
    suggestedRule: str,
  }),
  'permission-answered': ev('permission-answered', { turnId: str, callId: str, answer: permissionAnswerSchema }),
  'tool-progress': ev('tool-progress', { turnId: str, callId: str, chunk: str }),
  'tool-result': ev('tool-result', {
    turnId: str,
    callId: str,
    name: str,
    isError: z.boolean(),
    content: str,
    changed: z.array(str).optional(),
    interrupted: z.boolean().optional(),
  }),
  'todos-updated': ev('todos-updated', { turnId: str, todos: z.array(todoSchema) }),
  'assistant-message-ended': ev('assistant-message-ended', { turnId: str, step: num, stopReason: str }),
  usage: ev('usage', { turnId: str, model: str, usage: usageSchema }),
  retrying: ev('retrying', { turnId: str, attempt: num, delayMs: num, error: providerErrorSchema }),
  error: ev('error', { turnId: str, error: providerErrorSchema }),
  'mode-changed': ev('mode-changed', { mode: z.enum(PERMISSION_MODES) }),
  'rules-changed': ev('rules-changed', { allow: z.array(str), ask: z.array(str), deny: z.array(str) }),
  'transcript-cleared': ev('transcript-cleared', {}),
  'turn-ended': ev('turn-ended', { turnId: str, reason: z.enum(['done', 'aborted', 'error', 'max-turns']) }),
  'compaction-started': ev('compaction-started', {
    turnId: str,
    trigger: z.enum(['manual', 'auto', 'context-too-long']),
  }),
  compacted: ev('compacted', {
    turnId: str,
    trigger: z.enum(['manual', 'auto', 'context-too-long']),
    summary: str,
    replacedMessages: z.number().int().nonnegative(),
    tokensBefore: num,
    tokensAfter: num,
  }),
  'checkpoint-created': ev('checkpoint-created', { turnId: str, checkpointId: str, fileCount: num }),
  'files-changed': ev('files-changed', {
    turnId: str,
    files: z.array(z.object({ path: str.startsWith('/'), change: z.enum(['added', 'modified', 'deleted']) })),
  }),
};

/** The event if `value` is a well-formed AgentEvent, else a one-line reason. */
export function checkEvent(value: unknown): { ok: true; event: AgentEvent } | { ok: false; reason: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'not an object' };
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || type.length === 0 || type.length > 64) return { ok: false, reason: 'no event type' };
  const schema = (eventSchemas as Record<string, z.ZodType | undefined>)[type];
  if (!schema) return { ok: true, event: value as AgentEvent };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, event: value as AgentEvent };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `${type}: ${issue.path.join('.') || '(event)'} ${issue.message}` };
}

export const sessionMetaSchema = z.object({
  id: str.min(1),
  title: str,
  createdAt: num,
  updatedAt: num,
  lastUsedAt: num,
  model: str,
  usage: usageSchema,
  usageByModel: z.record(str, usageSchema),
  rules: ruleListsSchema,
  status: z.enum(['idle', 'running', 'interrupted']),
  searchText: str,
  root: str,
  forkedFrom: z.object({ sessionId: str, turnId: str }).optional(),
  memoryOnly: z.object({ since: num, source: str.optional(), folder: str.optional() }).optional(),
});

export const eventRecordSchema = z.object({ sessionId: str, seq: z.number().int().nonnegative(), event: z.unknown() });
export const fileRecordSchema = z.object({ sessionId: str, path: str.startsWith('/'), data: bytes, mtimeMs: num });
export const checkpointRecordSchema = z.object({
  sessionId: str,
  id: str,
  turnId: str,
  createdAt: num,
  label: str,
  files: z.array(z.tuple([str, str])),
  stats: z.array(z.tuple([num, num])).optional(),
});
export const blobRecordSchema = z.object({ sessionId: str, hash: str, data: bytes });

/** A one-line description of why a record failed its schema, for the problems report. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join('.') || '(record)'}: ${issue.message}`;
}
