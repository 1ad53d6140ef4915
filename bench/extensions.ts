// Extensions: what a subagent costs the harness, whether parallel subagents really overlap, and
// what 30 loaded skills add to every request.
import { Agent } from '../src/agent/agent';
import { buildRequestContext } from '../src/agent/request-context';
import { loadExtensions } from '../src/agent/extensions/load-extensions';
import { ExtensionSession } from '../src/agent/extensions/session/extension-session';
import { memoryTrustStore } from '../src/agent/extensions/trust/project-trust';
import { createProvider } from '../src/providers/create-provider';
import type { Provider, ProviderEvent, ProviderRequest } from '../src/providers/types';
import { builtinTools } from '../src/tools/index';
import { createLiteWorkspace } from '../src/workspace/lite-workspace';
import type { Workspace } from '../src/workspace/types';
import { startMockProvider, type ScriptStep } from '../test/fixtures/mock-provider';
import { median, type BenchRow } from './types';

/** Zero-latency model: the parent calls `tool` once, a subagent answers at once. */
function instantProvider(tool: 'Agent' | 'Read'): Provider {
  return {
    id: 'bench',
    model: 'bench-model',
    async *stream(request: ProviderRequest): AsyncIterable<ProviderEvent> {
      const last = request.messages[request.messages.length - 1];
      if (request.system.includes('subagent\n') || last.content.some((b) => b.type === 'tool_result')) {
        yield { type: 'text-delta', text: 'done' };
        yield { type: 'stop', reason: 'end_turn' };
        return;
      }
      const input = tool === 'Agent' ? { description: 'd', prompt: 'look' } : { file_path: 'src/a.ts' };
      yield { type: 'tool-call-start', index: 0, id: `t${Math.random()}`, name: tool };
      yield { type: 'tool-call-end', index: 0, id: '', name: tool, input, rawArgs: JSON.stringify(input) };
      yield { type: 'stop', reason: 'tool_use' };
    },
  };
}

async function session(workspace: Workspace, files = false) {
  const loaded = await loadExtensions({ workspace, trust: { projectId: 'bench', store: memoryTrustStore() } });
  if (files && loaded.trust.status !== 'not-needed') throw new Error('bench workspace should need no trust');
  return new ExtensionSession(loaded, { sessionId: 'bench' });
}

async function perTurn(agent: Agent, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const start = performance.now();
    await agent.send('go');
    if (i >= 5) times.push(performance.now() - start);
    agent.clear();
  }
  return median(times);
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const workspace = createLiteWorkspace({ files: { 'src/a.ts': 'export const a = 1;\n' } });
  const ext = await session(workspace);
  // One ExtensionSession per Agent: its tools and hooks go together.
  const make = (tool: 'Agent' | 'Read') => {
    const s = new ExtensionSession(ext.loaded, { sessionId: 'bench' });
    return new Agent({
      workspace,
      provider: instantProvider(tool),
      tools: [...builtinTools, ...s.tools],
      hooks: s.hooks,
      mode: 'bypassPermissions',
    });
  };
  const check = make('Agent');
  await check.send('go');
  const result = check.messages.flatMap((m) => m.content).find((b) => b.type === 'tool_result');
  if (result?.type !== 'tool_result' || result.isError || result.content !== 'done')
    throw new Error('the subagent did not run');
  const withAgent = await perTurn(make('Agent'), 200);
  const withRead = await perTurn(make('Read'), 200);
  rows.push({
    name: 'Spawning a subagent: turn with one Agent call minus one with a Read call (in-process model)',
    value: Math.max(0, withAgent - withRead),
    unit: 'ms',
    target: 5,
    note: `${withAgent.toFixed(2)} vs ${withRead.toFixed(2)} ms; includes the subagent's own request`,
  });

  const mock = await startMockProvider();
  try {
    const provider = createProvider({
      preset: 'anthropic',
      format: 'anthropic',
      baseUrl: mock.url,
      apiKey: 'bench',
      model: 'claude-sonnet-4-5',
    });
    const parallel = async (n: number): Promise<number> => {
      const script: ScriptStep[] = [
        {
          kind: 'reply',
          toolCalls: Array.from({ length: n }, (_, i) => ({
            name: 'Agent',
            input: { description: `task ${i}`, prompt: `TASK-${i}` },
          })),
        },
        ...Array.from({ length: n }, (_, i): ScriptStep => ({
          kind: 'reply',
          match: `TASK-${i}`,
          text: `done ${i}`,
          delayMs: 200,
        })),
        { kind: 'reply', text: 'all done' },
      ];
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        mock.reset();
        mock.setScript(script);
        const s = new ExtensionSession(ext.loaded, { sessionId: 'bench' });
        const agent = new Agent({ workspace, provider, tools: [...builtinTools, ...s.tools], hooks: s.hooks });
        const start = performance.now();
        await agent.send('go');
        if (i >= 2) times.push(performance.now() - start);
        const results = agent.messages.flatMap((m) => m.content).filter((b) => b.type === 'tool_result');
        if (results.length !== n || results.some((b) => b.type === 'tool_result' && b.isError))
          throw new Error('a subagent failed');
      }
      return median(times);
    };
    const one = await parallel(1);
    const four = await parallel(4);
    rows.push({
      name: 'Four parallel subagents vs one (mock model, 200 ms per subagent request)',
      value: four / one,
      unit: 'x',
      target: 1.3,
      note: `${four.toFixed(0)} vs ${one.toFixed(0)} ms per turn`,
    });
  } finally {
    await mock.close();
  }

  const skills: Record<string, string> = {};
  for (let i = 0; i < 30; i++)
    skills[`.claude/skills/skill-${i}/SKILL.md`] =
      `---\nname: skill-${i}\ndescription: ${'Handles a particular kind of task in this project when the user asks for it; '.repeat(3)}\nallowed-tools: Read, Grep\n---\n${'Detailed instructions. '.repeat(400)}\n`;
  const withSkills = createLiteWorkspace({ files: skills });
  const store = memoryTrustStore();
  let loaded = await loadExtensions({ workspace: withSkills, trust: { projectId: 'b', store } });
  await store.set('b', { fingerprint: loaded.trust.manifest.fingerprint, trusted: true, decidedAt: 0 });
  loaded = await loadExtensions({ workspace: withSkills, trust: { projectId: 'b', store } });
  const s = new ExtensionSession(loaded, { sessionId: 'bench' });
  const agent = new Agent({
    workspace: withSkills,
    provider: instantProvider('Read'),
    tools: [...builtinTools, ...s.tools],
    hooks: s.hooks,
  });
  const { system, tools } = await buildRequestContext(withSkills, agent.toolList, 'default', {
    sections: s.hooks.systemSections!(''),
  });
  const bytes = new TextEncoder().encode(system).length + new TextEncoder().encode(JSON.stringify(tools)).length;
  rows.push({
    name: `System prompt + tool schemas per request, ${loaded.prompts.length} skills loaded`,
    value: bytes / 1024,
    unit: 'KB',
    target: 30,
    note: 'bodies of ~9 KB each stay out until invoked',
  });
  return rows;
}
