import { describe, expect, it } from 'vitest';
import { askUserQuestionTool } from './ask-user-question';
import { toolDetailsOf, type ToolDetails } from './details';
import { enterPlanModeTool } from './enter-plan-mode';
import { exitPlanModeTool } from './exit-plan-mode';
import { call, makeContext } from './test-context';

// The toolbox's details as the UI takes them from a stored or imported session: well-formed ones
// come through as copies of their known fields, anything malformed becomes undefined (the card then
// shows the text), never an exception.

const task = {
  id: '2',
  subject: 'Write tests',
  description: 'Cover the parser',
  activeForm: 'Writing tests',
  status: 'in_progress',
  owner: 'tester',
  blocks: ['3'],
  blockedBy: ['1'],
};

const samples: ToolDetails[] = [
  {
    kind: 'ask-user-question',
    questions: [
      {
        question: 'Which DB?',
        header: 'DB',
        options: [
          { label: 'SQLite', description: 'A file', preview: 'x' },
          { label: 'Postgres', description: 'A server' },
        ],
        multiSelect: false,
      },
    ],
    answers: { 'Which DB?': 'SQLite' },
  },
  { kind: 'bash-background', backgroundTaskId: 'bash_1', command: 'npm run dev', description: 'Dev server' },
  { kind: 'enter-plan-mode', entered: true },
  { kind: 'exit-plan-mode', plan: '# Plan', approved: false, feedback: 'smaller' },
  {
    kind: 'lsp',
    operation: 'documentSymbol',
    filePath: '/workspace/a.ts',
    line: 1,
    character: 1,
    answer: {
      op: 'documentSymbol',
      symbols: [
        {
          name: 'A',
          kind: 'class',
          path: '/workspace/a.ts',
          line: 1,
          character: 1,
          children: [{ name: 'm', kind: 'method', path: '/workspace/a.ts', line: 2, character: 3, container: 'A' }],
        },
      ],
    },
  },
  { kind: 'lsp', operation: 'hover', filePath: 'a.ts', line: 3, character: 4, answer: null },
  {
    kind: 'notebook-edit',
    notebook_path: '/workspace/n.ipynb',
    edit_mode: 'replace',
    cell_id: 'c1',
    cell_type: 'code',
    language: 'python',
    new_source: 'print(1)',
    old_source: 'print(0)',
  },
  {
    kind: 'read-media',
    type: 'image',
    filePath: '/workspace/logo.png',
    originalSize: 1200,
    mediaType: 'image/png',
    dimensions: { width: 16, height: 16 },
  },
  { kind: 'read-media', type: 'pdf', filePath: 'a.pdf', originalSize: 9, pdfAs: 'text', pages: [1, 2], totalPages: 5 },
  { kind: 'task-create', task: task as never },
  { kind: 'task-get', task: null },
  { kind: 'task-list', tasks: [{ id: '1', subject: 'A', status: 'pending', blockedBy: [], owner: 'x' }] },
  { kind: 'task-output', taskId: 'bash_1', command: 'npm test', status: 'completed', exitCode: 0, tail: 'ok' },
  { kind: 'task-stop', task_id: 'bash_1', task_type: 'local_bash', command: 'npm run dev', status: 'killed' },
  {
    kind: 'task-update',
    success: true,
    taskId: '2',
    updatedFields: ['status'],
    statusChange: { from: 'pending', to: 'in_progress' },
  },
  {
    kind: 'web-fetch',
    url: 'https://example.com/',
    finalUrl: 'https://example.com/',
    status: 200,
    title: 'Example',
    bytes: 1256,
    viaProxy: true,
    durationMs: 40,
    model: 'claude-haiku-4-5',
  },
  {
    kind: 'web-search',
    query: 'vitest',
    hits: [{ title: 'Vitest', url: 'https://vitest.dev', snippet: 'Next gen', pageAge: '1 day' }],
    via: 'Anthropic web search',
    durationSeconds: 1.2,
  },
];

/** One change that makes a sample malformed, per kind. */
const breakages: Record<string, Array<(v: Record<string, any>) => void>> = {
  'ask-user-question': [
    (v) => (v.questions[0].options[0].label = 3),
    (v) => (v.answers = { 'Which DB?': 1 }),
    (v) => (v.questions = 'Which DB?'),
    (v) => (v.declined = 'yes'),
  ],
  'bash-background': [(v) => delete v.backgroundTaskId, (v) => (v.description = null)],
  'enter-plan-mode': [(v) => (v.entered = 'true')],
  'exit-plan-mode': [(v) => (v.mode = 'plan'), (v) => (v.approved = 1), (v) => (v.plan = undefined)],
  lsp: [(v) => (v.operation = 'rename'), (v) => (v.line = '1'), (v) => (v.answer = { op: 'hover' })],
  'notebook-edit': [(v) => (v.edit_mode = 'move'), (v) => (v.cell_type = 'sql')],
  'read-media': [
    (v) => (v.mediaType = 'image/svg+xml'),
    (v) => (v.dimensions = { width: '16' }),
    (v) => (v.pages = ['1']),
    (v) => (v.type = 'video'),
  ],
  'task-create': [(v) => (v.task.status = 'done'), (v) => (v.task.blockedBy = [1]), (v) => (v.task = null)],
  'task-get': [(v) => (v.task = {})],
  'task-list': [(v) => (v.tasks[0].blockedBy = '1')],
  'task-output': [(v) => (v.status = 'paused'), (v) => (v.tail = null)],
  'task-stop': [(v) => (v.task_type = 'remote')],
  'task-update': [(v) => (v.statusChange = { from: 1 }), (v) => (v.updatedFields = 'status')],
  'web-fetch': [(v) => (v.status = '200'), (v) => (v.durationMs = Infinity), (v) => (v.redirectedTo = {})],
  'web-search': [(v) => (v.hits = [{ title: 'x' }]), (v) => (v.durationSeconds = '1')],
};

describe('toolbox details readers', () => {
  it('well-formed details of every toolbox kind come through as equal copies', () => {
    for (const sample of samples) {
      const stored = structuredClone(sample);
      const read = toolDetailsOf(stored);
      expect(read, sample.kind).toEqual(sample);
      expect(read).not.toBe(stored);
    }
  });

  it('unknown fields are dropped, not copied', () => {
    const read = toolDetailsOf({ ...structuredClone(samples[1]), html: '<img src=x onerror=alert(1)>' });
    expect(read).toEqual(samples[1]);
    expect(read && 'html' in read).toBe(false);
  });

  it('malformed details of each kind become undefined', () => {
    for (const sample of samples) {
      for (const breakage of breakages[sample.kind] ?? []) {
        const value = structuredClone(sample) as Record<string, any>;
        try {
          breakage(value);
        } catch {
          continue; // the breakage does not apply to this sample's shape
        }
        if (JSON.stringify(value) === JSON.stringify(sample)) continue;
        expect(toolDetailsOf(value), `${sample.kind}: ${breakage.toString()}`).toBeUndefined();
      }
    }
    expect(Object.keys(breakages).sort()).toEqual([...new Set(samples.map((s) => s.kind))].sort());
  });

  it('the question and plan tools return details that pass the check after storage', async () => {
    const base = makeContext();
    const question = {
      question: 'Which DB?',
      header: 'DB',
      options: [
        { label: 'SQLite', description: 'A file' },
        { label: 'Postgres', description: 'A server' },
      ],
      multiSelect: false,
    };
    const asked = await call(
      askUserQuestionTool,
      { questions: [question] },
      { ...base, askUser: async () => ({ answers: { 'Which DB?': 'Postgres' } }) },
    );
    expect(toolDetailsOf(structuredClone(asked.details))).toEqual({
      kind: 'ask-user-question',
      questions: [question],
      answers: { 'Which DB?': 'Postgres' },
    });
    const planned = await call(
      exitPlanModeTool,
      { plan: 'Do it' },
      { ...base, mode: 'plan', approvePlan: async () => ({ approved: true, mode: 'acceptEdits' }) },
    );
    expect(toolDetailsOf(structuredClone(planned.details))).toEqual({
      kind: 'exit-plan-mode',
      plan: 'Do it',
      approved: true,
      mode: 'acceptEdits',
    });
    const entered = await call(enterPlanModeTool, {}, { ...base, confirmPlanMode: async () => false });
    expect(toolDetailsOf(structuredClone(entered.details))).toEqual({ kind: 'enter-plan-mode', entered: false });
  });
});
