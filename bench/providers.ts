// Provider overhead per model round trip against the zero-latency mock on loopback: request build, SDK, SSE
// parse, event translation. Claude Code spends ~300 ms of harness time per round trip; this slice should be tiny.
import { startMockProvider, type ScriptStep } from '../test/fixtures/mock-provider';
import { createProvider } from '../src/providers/create-provider';
import type { Message, ProviderRequest, WireFormat } from '../src/providers/types';
import { timeMedian, type BenchRow } from './types';

// A mid-session transcript: 20 tool round trips with 2 KB results, 16 tools.
function sessionRequest(): ProviderRequest {
  const messages: Message[] = [{ role: 'user', content: [{ type: 'text', text: 'Fix the failing test.' }] }];
  for (let i = 0; i < 20; i++) {
    messages.push({
      role: 'assistant',
      content: [
        { type: 'text', text: `Step ${i}.` },
        { type: 'tool_use', id: `t${i}`, name: 'Read', input: { file_path: `src/f${i}.ts` } },
      ],
    });
    messages.push({ role: 'user', content: [{ type: 'tool_result', toolUseId: `t${i}`, content: 'x'.repeat(2048) }] });
  }
  const tools = Array.from({ length: 16 }, (_, i) => ({
    name: `Tool${i}`,
    description: 'A tool with a typical schema. '.repeat(8),
    inputSchema: {
      type: 'object',
      properties: { file_path: { type: 'string' }, limit: { type: 'number' } },
      required: ['file_path'],
    },
  }));
  return { model: '', system: 'You are Tidepool. '.repeat(200), messages, tools };
}

const reply: ScriptStep = {
  kind: 'reply',
  text: 'I will read the file and then fix the assertion that compares the wrong value. '.repeat(4),
  toolCalls: [{ name: 'Read', input: { file_path: 'src/providers/anthropic.ts', offset: 10, limit: 200 } }],
};

export async function run(): Promise<BenchRow[]> {
  const mock = await startMockProvider();
  const rows: BenchRow[] = [];
  try {
    for (const format of ['anthropic', 'openai'] as WireFormat[]) {
      const provider = createProvider({
        preset: format,
        format,
        baseUrl: format === 'anthropic' ? mock.url : `${mock.url}/v1`,
        apiKey: 'bench',
        model: format === 'anthropic' ? 'claude-haiku-4-5' : 'gpt-4.1',
      });
      const request = sessionRequest();
      const ms = await timeMedian(
        async () => {
          mock.setScript([reply]);
          mock.requests.length = 0;
          let events = 0;
          for await (const event of provider.stream(request)) {
            events++;
            if (event.type === 'error') throw new Error(event.error.message);
          }
          if (events < 10) throw new Error('too few events');
        },
        30,
        5,
      );
      rows.push({
        name: `Provider round trip, ${format} (41 msgs, 16 tools, text + tool call)`,
        value: ms,
        unit: 'ms',
        target: 15,
        note: 'loopback mock, warm SDK; incl. the mock server’s own work',
      });
    }
  } finally {
    await mock.close();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run())
    console.log(`${row.name}: ${row.value.toFixed(2)} ${row.unit} (target ≤ ${row.target})`);
}
