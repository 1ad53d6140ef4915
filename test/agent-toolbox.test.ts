// The toolbox tools inside the agent loop, against the scripted mock provider and the lite workspace:
// the task graph rebuilt from events, background commands and their notices, questions and plans
// through the injected callbacks, and tools left out when their service is missing.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { Agent, type AgentOptions } from '../src/agent/agent';
import type { AgentEvent } from '../src/agent/events';
import { replayEvents } from '../src/agent/transcript';
import { createProvider } from '../src/providers/create-provider';
import type { WireFormat } from '../src/providers/types';
import { builtinTools } from '../src/tools/index';
import type { PlanDecision, UserQuestion } from '../src/tools/services';
import { createCodeIntel } from '../src/tools/code-intel/client';
import { inProcessTransport } from '../src/tools/code-intel/in-process';
import { createLiteWorkspace } from '../src/workspace/lite-workspace';
import { nodeLibs } from './fixtures/ts-libs';
import { startMockProvider, type MockProvider, type ScriptStep } from './fixtures/mock-provider';

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

function agentFor(format: WireFormat, options: Partial<AgentOptions> = {}) {
  const agent = new Agent({
    workspace: createLiteWorkspace({ files: { 'README.md': '# demo\n' } }),
    provider: createProvider({
      preset: format === 'anthropic' ? 'anthropic' : 'custom',
      format,
      baseUrl: format === 'anthropic' ? mock.url : `${mock.url}/v1`,
      apiKey: 'sk-toolbox',
      model: format === 'anthropic' ? 'claude-haiku-4-5' : 'gpt-4.1',
    }),
    tools: builtinTools,
    mode: 'bypassPermissions',
    ...options,
  });
  const events: AgentEvent[] = [];
  agent.subscribe((e) => events.push(e));
  return { agent, events };
}

const results = (events: AgentEvent[]) =>
  events.filter((e): e is Extract<AgentEvent, { type: 'tool-result' }> => e.type === 'tool-result');
const call = (name: string, input: unknown): ScriptStep => ({ kind: 'reply', toolCalls: [{ name, input }] });
const say = (text: string): ScriptStep => ({ kind: 'reply', text });
const toolNames = (body: any): string[] =>
  (body.tools ?? []).map((t: any) => t.name ?? t.function?.name).filter((n: unknown) => typeof n === 'string');

describe('task graph in the agent', () => {
  test('is held as events: replaying them rebuilds the graph', async () => {
    const { agent, events } = agentFor('anthropic');
    mock.setScript([
      {
        kind: 'reply',
        toolCalls: [
          { name: 'TaskCreate', input: { subject: 'Parse input', description: 'tokenizer' } },
          { name: 'TaskCreate', input: { subject: 'Evaluate', description: 'interpreter' } },
        ],
      },
      call('TaskUpdate', { taskId: '2', addBlockedBy: ['1'], owner: 'worker' }),
      call('TaskList', {}),
      say('Planned.'),
    ]);
    expect(await agent.send('plan it')).toBe('done');
    expect(results(events).map((r) => r.isError)).toEqual([false, false, false, false]);
    expect(results(events)[3].content).toBe(
      '#1 [pending] Parse input\n#2 [pending] Evaluate (owner: worker) [blocked by #1]',
    );
    expect(agent.taskGraph.tasks).toHaveLength(2);
    expect(replayEvents(events).taskGraph).toEqual(agent.taskGraph);
  });
});

describe('background commands', () => {
  test('Bash run_in_background returns an id at once; TaskOutput reads it; TaskStop stops it', async () => {
    const { agent, events } = agentFor('anthropic');
    mock.setScript([
      call('Bash', { command: 'echo started; sleep 60; echo finished', run_in_background: true }),
      // A foreground command does not wait for the background one.
      call('Bash', { command: 'echo foreground' }),
      call('TaskOutput', { task_id: 'bash_1', block: false }),
      call('TaskStop', { task_id: 'bash_1' }),
      call('TaskOutput', { task_id: 'bash_1' }),
      say('Stopped it.'),
    ]);
    expect(await agent.send('start the watcher')).toBe('done');
    const [started, fg, running, stopped, after] = results(events);
    expect(started.content).toMatch(/running in the background with ID: bash_1/);
    expect(fg.content).toBe('foreground');
    expect(running.content).toMatch(/^Task bash_1 \(echo started; sleep 60; echo finished\): running/);
    expect(stopped.content).toBe('Successfully stopped task: bash_1 (echo started; sleep 60; echo finished)');
    expect(after.content).toMatch(/^Task bash_1 .*: killed/);
    // It never got past the sleep. (just-bash returns no output for an aborted script, so "started" is lost too.)
    expect(after.content.split('\n').slice(1).join('\n')).not.toContain('finished');
    expect(agent.background.get('bash_1')?.status).toBe('killed');
    // The model stopped it itself: no notice for it.
    expect(events.some((e) => e.type === 'background-task-ended')).toBe(false);
  });

  test('the model is told in its next request when a background task ends on its own', async () => {
    const { agent, events } = agentFor('openai');
    mock.setScript([
      call('Bash', { command: 'echo build ok; exit 3', run_in_background: true }),
      say('Building in the background.'),
      say('The build failed with exit code 3.'),
    ]);
    await agent.send('build it');
    const ended = await agent.background.wait('bash_1', 20_000);
    expect(ended?.status).toBe('failed');
    const notice = events.find((e) => e.type === 'background-task-ended');
    expect(notice).toMatchObject({ taskId: 'bash_1', status: 'failed', exitCode: 3, tail: 'build ok' });

    await agent.send('how did it go?');
    const body = mock.requests[mock.requests.length - 1].body;
    const lastUser = JSON.stringify(body.messages[body.messages.length - 1]);
    expect(lastUser).toContain('how did it go?');
    expect(lastUser).toContain('Background task bash_1');
    expect(lastUser).toContain('failed with exit code 3');
    expect(lastUser).toContain('build ok');
    expect(replayEvents(events).messages).toEqual(agent.messages);
  });

  test('a task the user stops from the list is reported as stopped by the user', async () => {
    const { agent, events } = agentFor('anthropic');
    mock.setScript([call('Bash', { command: 'sleep 60', run_in_background: true }), say('ok')]);
    await agent.send('wait');
    await agent.background.stop('bash_1', 'user');
    const notice = events.find((e) => e.type === 'background-task-ended');
    expect(notice).toMatchObject({ taskId: 'bash_1', stoppedBy: 'user' });
    expect(agent.messages[agent.messages.length - 1].role).toBe('assistant');
    expect(agent.messages).not.toContainEqual(
      expect.objectContaining({
        content: [expect.objectContaining({ text: expect.stringContaining('stopped by the user') })],
      }),
    );
  });
});

describe('questions and plans through the injected callbacks', () => {
  test('AskUserQuestion waits for askUser and returns the picked labels', async () => {
    const asked: UserQuestion[][] = [];
    const { agent, events } = agentFor('anthropic', {
      services: {
        askUser: async (questions) => {
          asked.push(questions);
          return { answers: { 'Which test runner?': 'Vitest', 'Which checks?': 'Types, Lint' } };
        },
      },
    });
    mock.setScript([
      call('AskUserQuestion', {
        questions: [
          {
            question: 'Which test runner?',
            header: 'Runner',
            multiSelect: false,
            options: [
              { label: 'Vitest', description: 'fast, Vite-native' },
              { label: 'Jest', description: 'widely used' },
            ],
          },
          {
            question: 'Which checks?',
            header: 'Checks',
            multiSelect: true,
            options: [
              { label: 'Types', description: 'tsc' },
              { label: 'Lint', description: 'eslint' },
            ],
          },
        ],
      }),
      say('Using Vitest.'),
    ]);
    await agent.send('set up tests');
    expect(asked[0].map((q) => q.header)).toEqual(['Runner', 'Checks']);
    expect(results(events)[0].content).toBe(
      'User has answered your questions: "Which test runner?"="Vitest", "Which checks?"="Types, Lint". ' +
        "You can now continue with the user's answers in mind.",
    );
  });

  test('a bad question gets an error naming the field, and the user is not asked', async () => {
    let asked = 0;
    const { agent, events } = agentFor('anthropic', { services: { askUser: async () => (asked++, null) } });
    mock.setScript([
      call('AskUserQuestion', {
        questions: [
          { question: 'Pick?', header: 'H', multiSelect: false, options: [{ label: 'Only', description: '' }] },
        ],
      }),
      say('ok'),
    ]);
    await agent.send('ask');
    expect(results(events)[0]).toMatchObject({
      isError: true,
      content: expect.stringContaining('questions.0.options'),
    });
    expect(asked).toBe(0);
  });

  test('ExitPlanMode: an approved plan switches to the chosen mode; keep planning stays in plan mode', async () => {
    const decisions: PlanDecision[] = [
      { approved: false, feedback: 'Also cover errors.' },
      { approved: true, mode: 'acceptEdits' },
    ];
    const plans: string[] = [];
    const { agent, events } = agentFor('anthropic', {
      mode: 'plan',
      services: {
        approvePlan: async (plan) => {
          plans.push(plan);
          return decisions.shift()!;
        },
      },
    });
    mock.setScript([
      call('ExitPlanMode', { plan: '1. Parse\n2. Evaluate' }),
      call('ExitPlanMode', { plan: '1. Parse\n2. Evaluate\n3. Errors' }),
      say('Starting.'),
    ]);
    await agent.send('plan the interpreter');
    const [kept, approved] = results(events);
    expect(kept.content).toContain('keep planning');
    expect(kept.content).toContain('Also cover errors.');
    expect(approved.content).toContain('User has approved your plan');
    expect(plans).toEqual(['1. Parse\n2. Evaluate', '1. Parse\n2. Evaluate\n3. Errors']);
    expect(agent.mode).toBe('acceptEdits');
    expect(events.filter((e) => e.type === 'mode-changed')).toEqual([{ type: 'mode-changed', mode: 'acceptEdits' }]);
    // The request after approval is built for the new mode.
    expect(JSON.stringify(mock.requests[2].body.system)).not.toContain('Plan mode is on');
  });

  test('EnterPlanMode asks first and switches only when the user agrees', async () => {
    const answers = [false, true];
    const { agent } = agentFor('anthropic', {
      mode: 'default',
      services: { confirmPlanMode: async () => answers.shift()! },
    });
    mock.setScript([call('EnterPlanMode', {}), call('EnterPlanMode', {}), say('Planning.')]);
    await agent.send('this is big');
    expect(agent.mode).toBe('plan');
    const results2 = agent.messages.flatMap((m) => m.content).filter((b) => b.type === 'tool_result');
    expect(results2.map((b) => (b as { content: string }).content.slice(0, 30))).toEqual([
      'The user declined to enter pla',
      'Entered plan mode. Explore the',
    ]);
  });
});

describe('tool availability', () => {
  test('tools whose service is missing are not offered; WebSearch comes with an Anthropic provider', async () => {
    mock.setScript([say('hi'), say('hi')]);
    await agentFor('openai').agent.send('hi');
    await agentFor('anthropic', { services: { askUser: async () => null } }).agent.send('hi');
    const [openai, anthropic] = mock.requests.map((r) => toolNames(r.body));
    expect(openai).not.toContain('WebSearch');
    expect(openai).not.toContain('AskUserQuestion');
    expect(openai).not.toContain('ExitPlanMode');
    expect(openai).toEqual(expect.arrayContaining(['WebFetch', 'TaskCreate', 'TaskOutput', 'NotebookEdit']));
    expect(anthropic).toEqual(expect.arrayContaining(['WebSearch', 'AskUserQuestion']));
  });

  test('a call to a tool that is not offered is answered as unknown', async () => {
    const { agent, events } = agentFor('openai');
    mock.setScript([call('AskUserQuestion', { questions: [] }), say('ok')]);
    await agent.send('ask me');
    expect(results(events)[0].content).toMatch(/^No such tool: AskUserQuestion/);
  });
});

describe('code intelligence in the agent', () => {
  test('LSP answers the model, and an Edit that breaks a type reports the new error in its result', async () => {
    const workspace = createLiteWorkspace({
      files: {
        'src/config.ts': 'export interface Config {\n  port: number;\n}\n',
        'src/server.ts': "import type { Config } from './config';\n\nexport const config: Config = { port: 8080 };\n",
      },
    });
    const codeIntel = createCodeIntel(workspace, { connect: () => inProcessTransport(nodeLibs) });
    const { agent, events } = agentFor('anthropic', { workspace, services: { codeIntel } });
    mock.setScript([
      call('LSP', { operation: 'goToDefinition', filePath: 'src/server.ts', line: 3, character: 23 }),
      call('Read', { file_path: 'src/server.ts' }),
      call('Edit', { file_path: 'src/server.ts', old_string: 'port: 8080', new_string: "port: '8080'" }),
      say('Done.'),
    ]);
    await agent.send('make the port a string');
    const [definition, , edit] = results(events);
    expect(definition.content).toBe('Found 1 definition:\nsrc/config.ts:\n  Line 1:18  export interface Config {');
    expect(edit.content).toContain('<new-diagnostics>');
    expect(edit.content).toContain("✘ [Line 3:33] Type 'string' is not assignable to type 'number'. [2322] (ts)");
    expect(toolNames(mock.requests[0].body)).toContain('LSP');
    codeIntel.dispose();
  }, 60_000);
});
