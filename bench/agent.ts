// Loop overhead per tool round trip, and what every request pays for the prompt and schemas.
import { Agent } from '../src/agent/agent';
import { buildRequestContext } from '../src/agent/request-context';
import { createProvider } from '../src/providers/create-provider';
import type { Provider, ProviderEvent, ProviderRequest } from '../src/providers/types';
import { builtinTools } from '../src/tools/index';
import { createLiteWorkspace } from '../src/workspace/lite-workspace';
import { startMockProvider } from '../test/fixtures/mock-provider';
import { median, type BenchRow } from './types';

/** A zero-latency in-process model: isolates the harness's own cost from HTTP and SDK parsing. */
function instantProvider(): Provider {
  return {
    id: 'bench',
    model: 'bench-model',
    async *stream(request: ProviderRequest): AsyncIterable<ProviderEvent> {
      const last = request.messages[request.messages.length - 1];
      const answeredTool = last.content.some((b) => b.type === 'tool_result');
      if (answeredTool) {
        yield { type: 'text-delta', text: 'done' };
        yield { type: 'stop', reason: 'end_turn' };
        return;
      }
      const input = { file_path: 'src/a.ts' };
      yield { type: 'tool-call-start', index: 0, id: `t${Math.random()}`, name: 'Read' };
      yield { type: 'tool-call-end', index: 0, id: '', name: 'Read', input, rawArgs: JSON.stringify(input) };
      yield { type: 'stop', reason: 'tool_use' };
    },
  };
}

/** Median time of a one-round-trip turn; `clear` starts each turn from an empty transcript. */
async function perTurn(agent: Agent, runs: number, clear: boolean): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + 5; i++) {
    const start = performance.now();
    await agent.send('read a.ts');
    if (i >= 5) times.push(performance.now() - start);
    if (clear) agent.clear();
  }
  return median(times);
}

export async function run(): Promise<BenchRow[]> {
  const workspace = createLiteWorkspace({ files: { 'src/a.ts': 'export const a = 1;\n'.repeat(50) } });
  const rows: BenchRow[] = [];

  const agent = new Agent({ workspace, provider: instantProvider(), tools: builtinTools, mode: 'bypassPermissions' });
  rows.push({
    name: 'Loop overhead, one tool round trip (in-process model)',
    value: await perTurn(agent, 200, true),
    unit: 'ms',
    target: 5,
  });
  // The same with history: each request is rebuilt from the transcript, so cost grows with its length.
  const long = new Agent({
    workspace,
    provider: instantProvider(),
    tools: builtinTools,
    mode: 'bypassPermissions',
    contextWindow: 10_000_000,
  });
  for (let i = 0; i < 125; i++) await long.send('read a.ts');
  rows.push({
    name: 'Loop overhead, one tool round trip, 500-message history',
    value: await perTurn(long, 20, false),
    unit: 'ms',
    target: 5,
  });

  const mock = await startMockProvider();
  try {
    const script = () => [
      { kind: 'reply' as const, toolCalls: [{ name: 'Read', input: { file_path: 'src/a.ts' } }] },
      { kind: 'reply' as const, text: 'done' },
    ];
    for (const format of ['anthropic', 'openai'] as const) {
      const provider = createProvider({
        preset: 'bench',
        format,
        baseUrl: format === 'anthropic' ? mock.url : `${mock.url}/v1`,
        apiKey: 'bench',
        model: 'bench-model',
      });
      const httpAgent = new Agent({ workspace, provider, tools: builtinTools, mode: 'bypassPermissions' });
      const times: number[] = [];
      for (let i = 0; i < 25; i++) {
        mock.setScript(script());
        const start = performance.now();
        await httpAgent.send('read a.ts');
        if (i >= 5) times.push(performance.now() - start);
        httpAgent.clear();
      }
      rows.push({
        name: `Turn with one tool round trip over loopback HTTP (${format} SDK)`,
        value: median(times),
        unit: 'ms',
        note: '2 requests incl. SDK + SSE parsing',
      });
    }
  } finally {
    await mock.close();
  }

  const { system, tools } = await buildRequestContext(workspace, builtinTools, 'default');
  const promptBytes = new TextEncoder().encode(system).length;
  const schemaBytes = new TextEncoder().encode(JSON.stringify(tools)).length;
  rows.push({ name: 'System prompt', value: promptBytes / 1024, unit: 'KB' });
  rows.push({ name: 'Tool schemas + descriptions', value: schemaBytes / 1024, unit: 'KB' });
  rows.push({
    name: 'System prompt + tool schemas per request',
    value: (promptBytes + schemaBytes) / 1024,
    unit: 'KB',
    target: 30,
  });
  return rows;
}
