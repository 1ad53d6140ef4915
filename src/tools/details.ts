import type { DiffHunk } from '../lib/diff-hunk';
import type { BashDetails } from './bash';
import type { EditDetails } from './edit';
import type { GlobDetails } from './glob';
import type { GrepDetails } from './grep-details';
import type { LsDetails } from './ls';
import type { McpCardBlock, McpToolDetails } from './mcp-details';
import type { ReadDetails } from './read';
import type { TodoDetails } from './todo-write';
import type { WriteDetails } from './write';
import { bool, isObj, listOf, num, optional, str, strings, type Obj } from './details-checks';
import { toolboxReaders, type ToolboxDetails } from './toolbox-details';

// A tool result has two readers: the model reads `content`, the UI reads `details` (typed data
// per tool, as pi-mono's AgentToolResult.details and gemini-cli's returnDisplay). Each tool
// defines its details type beside itself; this is the one union the cards switch on.
//
// Details reach the UI from the live agent, from the session's stored events and from imported
// session files, so the UI takes them through `toolDetailsOf`, which checks the shape and copies
// only known fields: a malformed or unknown value becomes undefined (the card then shows the
// text), never an exception. Type imports only: the page loads this without the tools.
//
// A new tool with a card: its details type beside it (a `kind` of its own), one line in the
// union (the toolbox's are in toolbox-details.ts), one reader below (the readers' type makes a missing one a compile error), and its card
// under src/ui/tool-cards/ keyed by that kind.

export type ToolDetails =
  | ReadDetails
  | WriteDetails
  | EditDetails
  | GrepDetails
  | GlobDetails
  | LsDetails
  | BashDetails
  | TodoDetails
  | McpToolDetails
  | ToolboxDetails;

export type ToolDetailsKind = ToolDetails['kind'];

/** What a tool may return as details: every tool's details have a kind of their own now. */
export type AnyToolDetails = ToolDetails;

/** The details when they are one of the carded kinds (a live result; stored ones go through toolDetailsOf). */
export function cardedDetails(details: AnyToolDetails | undefined): ToolDetails | undefined {
  return details && 'kind' in details && Object.hasOwn(readers, details.kind) ? (details as ToolDetails) : undefined;
}

function hunkOf(v: unknown): DiffHunk | undefined {
  if (!isObj(v) || !num(v.oldStart) || !num(v.oldLines) || !num(v.newStart) || !num(v.newLines)) return undefined;
  if (!strings(v.lines) || !optional(v.section, str)) return undefined;
  const hunk: DiffHunk = {
    oldStart: v.oldStart,
    oldLines: v.oldLines,
    newStart: v.newStart,
    newLines: v.newLines,
    lines: [...v.lines],
  };
  if (v.section !== undefined) hunk.section = v.section;
  return hunk;
}

/** One MCP result block, fields copied by type; an unknown type is malformed. */
function mcpBlockOf(v: unknown): McpCardBlock | undefined {
  if (!isObj(v) || !str(v.type)) return undefined;
  switch (v.type) {
    case 'text':
      return str(v.text) ? { type: 'text', text: v.text } : undefined;
    case 'image':
    case 'audio':
      return str(v.mimeType) && str(v.data) ? { type: v.type, mimeType: v.mimeType, data: v.data } : undefined;
    case 'resource-link':
      if (!str(v.uri) || !str(v.name) || !optional(v.mimeType, str) || !optional(v.description, str)) return undefined;
      return { type: 'resource-link', uri: v.uri, name: v.name, mimeType: v.mimeType, description: v.description };
    case 'resource':
      if (!str(v.uri) || !optional(v.mimeType, str) || !optional(v.text, str) || !optional(v.blob, str))
        return undefined;
      return { type: 'resource', uri: v.uri, mimeType: v.mimeType, text: v.text, blob: v.blob };
    default:
      return undefined;
  }
}

const TODO_STATUS = new Set(['pending', 'in_progress', 'completed']);
const GREP_MODES = new Set(['files_with_matches', 'content', 'count']);

type CoreKind = Exclude<ToolDetailsKind, ToolboxDetails['kind']>;

const coreReaders: { [K in CoreKind]: (v: Obj) => Extract<ToolDetails, { kind: K }> | undefined } = {
  read: (v) =>
    str(v.path) && num(v.startLine) && num(v.endLine) && num(v.totalLines) && bool(v.truncated)
      ? {
          kind: 'read',
          path: v.path,
          startLine: v.startLine,
          endLine: v.endLine,
          totalLines: v.totalLines,
          truncated: v.truncated,
        }
      : undefined,
  write: (v) =>
    str(v.path) && bool(v.created) && num(v.bytes) && num(v.lines)
      ? { kind: 'write', path: v.path, created: v.created, bytes: v.bytes, lines: v.lines }
      : undefined,
  edit: (v) => {
    if (!str(v.path) || !bool(v.created) || !num(v.replacements) || !optional(v.edits, num)) return undefined;
    const hunks = v.hunks === null ? null : listOf(v.hunks, hunkOf);
    if (hunks === undefined) return undefined;
    const details: EditDetails = {
      kind: 'edit',
      path: v.path,
      created: v.created,
      replacements: v.replacements,
      hunks,
    };
    if (v.edits !== undefined) details.edits = v.edits;
    return details;
  },
  grep: (v) => {
    if (!str(v.pattern) || !str(v.path) || !str(v.mode) || !GREP_MODES.has(v.mode) || !bool(v.truncated))
      return undefined;
    if (!num(v.total)) return undefined;
    const files = listOf(v.files, (f) =>
      isObj(f) && str(f.path) && optional(f.count, num)
        ? f.count === undefined
          ? { path: f.path }
          : { path: f.path, count: f.count }
        : undefined,
    );
    if (!files) return undefined;
    return {
      kind: 'grep',
      pattern: v.pattern,
      path: v.path,
      mode: v.mode as GrepDetails['mode'],
      files,
      total: v.total,
      truncated: v.truncated,
    };
  },
  glob: (v) =>
    str(v.pattern) && str(v.path) && strings(v.files) && num(v.total) && bool(v.truncated)
      ? { kind: 'glob', pattern: v.pattern, path: v.path, files: [...v.files], total: v.total, truncated: v.truncated }
      : undefined,
  ls: (v) => {
    if (!str(v.path) || !bool(v.truncated)) return undefined;
    const entries = listOf(v.entries, (e) =>
      isObj(e) && str(e.path) && bool(e.dir) ? { path: e.path, dir: e.dir } : undefined,
    );
    return entries ? { kind: 'ls', path: v.path, entries, truncated: v.truncated } : undefined;
  },
  bash: (v) => {
    if (!str(v.command) || !str(v.cwd) || !str(v.stdout) || !str(v.stderr)) return undefined;
    if (!(v.exitCode === null || num(v.exitCode)) || !bool(v.timedOut) || !bool(v.interrupted)) return undefined;
    if (!num(v.timeoutMs)) return undefined;
    return {
      kind: 'bash',
      command: v.command,
      cwd: v.cwd,
      stdout: v.stdout,
      stderr: v.stderr,
      exitCode: v.exitCode,
      timedOut: v.timedOut,
      interrupted: v.interrupted,
      timeoutMs: v.timeoutMs,
    };
  },
  todos: (v) => {
    const todos = listOf(v.todos, (t) =>
      isObj(t) && str(t.content) && str(t.activeForm) && str(t.status) && TODO_STATUS.has(t.status)
        ? { content: t.content, activeForm: t.activeForm, status: t.status as TodoDetails['todos'][number]['status'] }
        : undefined,
    );
    return todos ? { kind: 'todos', todos } : undefined;
  },
  'mcp-tool': (v) => {
    if (!str(v.server) || !str(v.tool) || !bool(v.isError)) return undefined;
    const blocks = listOf(v.blocks, mcpBlockOf);
    if (!blocks) return undefined;
    const details: McpToolDetails = { kind: 'mcp-tool', server: v.server, tool: v.tool, blocks, isError: v.isError };
    if (isObj(v.structuredContent)) details.structuredContent = { ...v.structuredContent };
    const p = v.progress;
    if (isObj(p) && num(p.progress) && optional(p.total, num) && optional(p.message, str))
      details.progress = { progress: p.progress, total: p.total, message: p.message };
    const f = v.failure;
    if (isObj(f) && str(f.kind) && str(f.server) && str(f.message) && str(f.hint) && optional(f.detail, str))
      details.failure = { kind: f.kind, server: f.server, message: f.message, hint: f.hint, detail: f.detail };
    return details;
  },
};

const readers: { [K in ToolDetailsKind]: (v: Obj) => Extract<ToolDetails, { kind: K }> | undefined } = {
  ...coreReaders,
  ...toolboxReaders,
};

/** `value` as well-formed ToolDetails (a fresh copy of the known fields), else undefined. */
export function toolDetailsOf(value: unknown): ToolDetails | undefined {
  if (!isObj(value) || !str(value.kind) || !Object.hasOwn(readers, value.kind)) return undefined;
  return readers[value.kind as ToolDetailsKind](value);
}
