import type { AskUserQuestionDetails } from './ask-user-question';
import type { BashBackgroundDetails } from './bash';
import type { CodeAnswer, CodeDiagnostic, CodeLocation, CodeSymbol } from './code-intel/types';
import { bool, isObj, listOf, num, oneOf, optional, optionals, str, strings, type Obj } from './details-checks';
import type { EnterPlanModeDetails } from './enter-plan-mode';
import type { ExitPlanModeDetails } from './exit-plan-mode';
import type { LspDetails } from './lsp';
import type { NotebookEditDetails } from './notebook-edit';
import type { ReadMediaDetails } from './read-media';
import type { WebSearchHit, UserQuestion } from './services';
import type { TaskCreateDetails } from './task-create';
import type { TaskGetDetails } from './task-get';
import type { TaskRecord } from './task-graph/graph';
import type { TaskListDetails } from './task-list';
import type { TaskOutputDetails } from './task-output';
import type { TaskStopDetails } from './task-stop';
import type { TaskUpdateDetails } from './task-update';
import type { WebFetchDetails } from './web-fetch';
import type { WebSearchDetails } from './web-search';

// The toolbox's details (issue 14: web, notebooks, code intelligence, questions, plans, task graph,
// background work) and their checked readers, beside details.ts so that file stays readable. Same
// rule: check every field, copy only known ones, undefined for anything malformed.

export type ToolboxDetails =
  | AskUserQuestionDetails
  | BashBackgroundDetails
  | EnterPlanModeDetails
  | ExitPlanModeDetails
  | LspDetails
  | NotebookEditDetails
  | ReadMediaDetails
  | TaskCreateDetails
  | TaskGetDetails
  | TaskListDetails
  | TaskOutputDetails
  | TaskStopDetails
  | TaskUpdateDetails
  | WebFetchDetails
  | WebSearchDetails;

type Kind = ToolboxDetails['kind'];
type Readers = { [K in Kind]: (v: Obj) => Extract<ToolboxDetails, { kind: K }> | undefined };

const MODES = oneOf('default', 'acceptEdits', 'dontAsk', 'bypassPermissions');
const TASK_STATUS = oneOf('pending', 'in_progress', 'completed');
const BACKGROUND_STATUS = oneOf('running', 'completed', 'failed', 'killed', 'timed-out');
const LSP_OPS = oneOf('goToDefinition', 'findReferences', 'hover', 'documentSymbol', 'workspaceSymbol', 'diagnostics');
const SEVERITY = oneOf('error', 'warning', 'suggestion');
const MEDIA_TYPES = oneOf('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf');

/** A record of strings only (answers keyed by question). */
function stringRecord(v: unknown): Record<string, string> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(v)) {
    if (!str(value)) return undefined;
    out[key] = value;
  }
  return out;
}

function questionOf(v: unknown): UserQuestion | undefined {
  if (!isObj(v) || !str(v.question) || !str(v.header) || !bool(v.multiSelect)) return undefined;
  const options = listOf(v.options, (o) =>
    isObj(o) && str(o.label) && str(o.description) && optional(o.preview, str)
      ? { label: o.label, description: o.description, ...(o.preview !== undefined ? { preview: o.preview } : {}) }
      : undefined,
  );
  return options && { question: v.question, header: v.header, options, multiSelect: v.multiSelect };
}

function taskOf(v: unknown): TaskRecord | undefined {
  if (!isObj(v) || !str(v.id) || !str(v.subject) || !str(v.description) || !TASK_STATUS(v.status)) return undefined;
  if (!strings(v.blocks) || !strings(v.blockedBy)) return undefined;
  const extra = optionals<{ activeForm: string; owner: string }>(v, { activeForm: str, owner: str });
  if (!extra || !optional(v.metadata, isObj)) return undefined;
  return {
    id: v.id,
    subject: v.subject,
    description: v.description,
    status: v.status,
    blocks: [...v.blocks],
    blockedBy: [...v.blockedBy],
    ...extra,
    ...(v.metadata ? { metadata: { ...v.metadata } } : {}),
  };
}

function hitOf(v: unknown): WebSearchHit | undefined {
  if (!isObj(v) || !str(v.title) || !str(v.url)) return undefined;
  const extra = optionals<{ snippet: string; pageAge: string }>(v, { snippet: str, pageAge: str });
  return extra && { title: v.title, url: v.url, ...extra };
}

function locationOf(v: unknown): CodeLocation | undefined {
  if (!isObj(v) || !str(v.path) || !num(v.line) || !num(v.character) || !optional(v.preview, str)) return undefined;
  return {
    path: v.path,
    line: v.line,
    character: v.character,
    ...(v.preview !== undefined ? { preview: v.preview } : {}),
  };
}

function symbolOf(v: unknown, depth = 0): CodeSymbol | undefined {
  if (!isObj(v) || !str(v.name) || !str(v.kind) || !str(v.path) || !num(v.line) || !num(v.character)) return undefined;
  if (!optional(v.container, str) || depth > 20) return undefined;
  const children = v.children === undefined ? undefined : listOf(v.children, (c) => symbolOf(c, depth + 1));
  if (v.children !== undefined && !children) return undefined;
  return {
    name: v.name,
    kind: v.kind,
    path: v.path,
    line: v.line,
    character: v.character,
    ...(v.container !== undefined ? { container: v.container } : {}),
    ...(children ? { children } : {}),
  };
}

function diagnosticOf(v: unknown): CodeDiagnostic | undefined {
  if (!isObj(v) || !str(v.path) || !num(v.line) || !num(v.character) || !str(v.message) || !num(v.code))
    return undefined;
  if (!SEVERITY(v.severity)) return undefined;
  return { path: v.path, line: v.line, character: v.character, message: v.message, code: v.code, severity: v.severity };
}

function answerOf(v: unknown): CodeAnswer | undefined {
  if (!isObj(v)) return undefined;
  switch (v.op) {
    case 'goToDefinition':
    case 'findReferences': {
      const locations = listOf(v.locations, locationOf);
      return locations && { op: v.op, locations };
    }
    case 'hover':
      if (!str(v.signature) || !optional(v.documentation, str)) return undefined;
      return { op: 'hover', signature: v.signature, ...(v.documentation ? { documentation: v.documentation } : {}) };
    case 'documentSymbol': {
      const symbols = listOf(v.symbols, (s) => symbolOf(s));
      return symbols && { op: 'documentSymbol', symbols };
    }
    case 'workspaceSymbol': {
      const symbols = listOf(v.symbols, (s) => symbolOf(s));
      return symbols && str(v.query) ? { op: 'workspaceSymbol', query: v.query, symbols } : undefined;
    }
    case 'diagnostics': {
      const diagnostics = listOf(v.diagnostics, diagnosticOf);
      return diagnostics && { op: 'diagnostics', diagnostics };
    }
    default:
      return undefined;
  }
}

export const toolboxReaders: Readers = {
  'ask-user-question': (v) => {
    const questions = listOf(v.questions, questionOf);
    const answers = v.answers === undefined ? undefined : stringRecord(v.answers);
    if (!questions || (v.answers !== undefined && !answers) || !optional(v.declined, bool)) return undefined;
    return {
      kind: 'ask-user-question',
      questions,
      ...(answers ? { answers } : {}),
      ...(v.declined !== undefined ? { declined: v.declined } : {}),
    };
  },
  'bash-background': (v) =>
    str(v.backgroundTaskId) && str(v.command) && optional(v.description, str)
      ? {
          kind: 'bash-background',
          backgroundTaskId: v.backgroundTaskId,
          command: v.command,
          ...(v.description !== undefined ? { description: v.description } : {}),
        }
      : undefined,
  'enter-plan-mode': (v) => (bool(v.entered) ? { kind: 'enter-plan-mode', entered: v.entered } : undefined),
  'exit-plan-mode': (v) => {
    if (!str(v.plan) || !bool(v.approved) || !optional(v.mode, MODES) || !optional(v.feedback, str)) return undefined;
    return {
      kind: 'exit-plan-mode',
      plan: v.plan,
      approved: v.approved,
      ...(v.mode !== undefined ? { mode: v.mode } : {}),
      ...(v.feedback !== undefined ? { feedback: v.feedback } : {}),
    };
  },
  lsp: (v) => {
    if (!LSP_OPS(v.operation) || !str(v.filePath) || !num(v.line) || !num(v.character)) return undefined;
    const answer = v.answer === null ? null : answerOf(v.answer);
    if (answer === undefined) return undefined;
    return { kind: 'lsp', operation: v.operation, filePath: v.filePath, line: v.line, character: v.character, answer };
  },
  'notebook-edit': (v) => {
    if (!str(v.notebook_path) || !oneOf('replace', 'insert', 'delete')(v.edit_mode) || !str(v.cell_id))
      return undefined;
    if (!str(v.language) || !str(v.new_source) || !optional(v.cell_type, oneOf('code', 'markdown', 'raw')))
      return undefined;
    if (!optional(v.old_source, str)) return undefined;
    return {
      kind: 'notebook-edit',
      notebook_path: v.notebook_path,
      edit_mode: v.edit_mode,
      cell_id: v.cell_id,
      language: v.language,
      new_source: v.new_source,
      ...(v.cell_type !== undefined ? { cell_type: v.cell_type } : {}),
      ...(v.old_source !== undefined ? { old_source: v.old_source } : {}),
    };
  },
  'read-media': (v) => {
    if (!oneOf('image', 'pdf', 'notebook')(v.type) || !str(v.filePath) || !num(v.originalSize)) return undefined;
    const extra = optionals<{ mediaType: string; pdfAs: string; totalPages: number; cells: number }>(v, {
      mediaType: MEDIA_TYPES,
      pdfAs: oneOf('document', 'text'),
      totalPages: num,
      cells: num,
    });
    const d = v.dimensions;
    const dimensions = isObj(d) && num(d.width) && num(d.height) ? { width: d.width, height: d.height } : undefined;
    if (!extra || (d !== undefined && !dimensions) || !optional(v.pages, (p) => Array.isArray(p) && p.every(num)))
      return undefined;
    return {
      kind: 'read-media',
      type: v.type,
      filePath: v.filePath,
      originalSize: v.originalSize,
      ...(extra as Partial<ReadMediaDetails>),
      ...(dimensions ? { dimensions } : {}),
      ...(v.pages ? { pages: [...(v.pages as number[])] } : {}),
    };
  },
  'task-create': (v) => {
    const task = taskOf(v.task);
    return task && { kind: 'task-create', task };
  },
  'task-get': (v) => {
    const task = v.task === null ? null : taskOf(v.task);
    return task === undefined ? undefined : { kind: 'task-get', task };
  },
  'task-list': (v) => {
    const tasks = listOf(v.tasks, (t) =>
      isObj(t) && str(t.id) && str(t.subject) && TASK_STATUS(t.status) && strings(t.blockedBy) && optional(t.owner, str)
        ? {
            id: t.id,
            subject: t.subject,
            status: t.status,
            blockedBy: [...t.blockedBy],
            ...(t.owner !== undefined ? { owner: t.owner } : {}),
          }
        : undefined,
    );
    return tasks && { kind: 'task-list', tasks };
  },
  'task-output': (v) =>
    str(v.taskId) && str(v.command) && BACKGROUND_STATUS(v.status) && str(v.tail) && optional(v.exitCode, num)
      ? {
          kind: 'task-output',
          taskId: v.taskId,
          command: v.command,
          status: v.status,
          tail: v.tail,
          ...(v.exitCode !== undefined ? { exitCode: v.exitCode } : {}),
        }
      : undefined,
  'task-stop': (v) =>
    str(v.task_id) && v.task_type === 'local_bash' && str(v.command) && BACKGROUND_STATUS(v.status)
      ? { kind: 'task-stop', task_id: v.task_id, task_type: 'local_bash', command: v.command, status: v.status }
      : undefined,
  'task-update': (v) => {
    if (!bool(v.success) || !str(v.taskId) || !strings(v.updatedFields) || !optional(v.error, str)) return undefined;
    const s = v.statusChange;
    const statusChange = isObj(s) && str(s.from) && str(s.to) ? { from: s.from, to: s.to } : undefined;
    if (s !== undefined && !statusChange) return undefined;
    return {
      kind: 'task-update',
      success: v.success,
      taskId: v.taskId,
      updatedFields: [...v.updatedFields],
      ...(statusChange ? { statusChange } : {}),
      ...(v.error !== undefined ? { error: v.error } : {}),
    };
  },
  'web-fetch': (v) => {
    if (!str(v.url) || !num(v.durationMs)) return undefined;
    const extra = optionals<Omit<WebFetchDetails, 'kind' | 'url' | 'durationMs'>>(v, {
      finalUrl: str,
      status: num,
      title: str,
      bytes: num,
      cut: bool,
      viaProxy: bool,
      redirectedTo: str,
      model: str,
      fromCache: bool,
    });
    return extra && { kind: 'web-fetch', url: v.url, durationMs: v.durationMs, ...extra };
  },
  'web-search': (v) => {
    const hits = listOf(v.hits, hitOf);
    if (!hits || !str(v.query) || !str(v.via) || !num(v.durationSeconds)) return undefined;
    return { kind: 'web-search', query: v.query, hits, via: v.via, durationSeconds: v.durationSeconds };
  },
};
