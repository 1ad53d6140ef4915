import 'fake-indexeddb/auto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMockProvider, type MockProvider, type ScriptStep } from '../../test/fixtures/mock-provider';
import { Agent } from '../agent/agent';
import type { AgentEvent } from '../agent/events';
import { replayEvents } from '../agent/transcript';
import { createProvider } from '../providers/create-provider';
import { openSessionStore } from '../store/session-store';
import { builtinTools } from '../tools/index';
import { createLiteWorkspace } from '../workspace/lite-workspace';
import type { Workspace } from '../workspace/types';
import { LiveSession } from './live-session';
import { loadReplay, recordedSteps, replayTurns, ReplayProvider } from './replay-provider';

const SAMPLE = resolve(__dirname, '../../public/samples/hello-tidepool.json');

/** The bundled sample: a short, realistic session. Regenerate with TIDEPOOL_WRITE_SAMPLES=1. */
const sampleTurns: { prompt: string; script: ScriptStep[] }[] = [
  {
    prompt:
      'Make a names.txt with four names, then write greetings.txt with a sorted "Hello, <name>!" line for each, and tell me how many lines it has.',
    script: [
      {
        kind: 'reply',
        text: "I'll create the list of names first.",
        toolCalls: [
          { name: 'Write', input: { file_path: '/workspace/names.txt', content: 'Margaret\nLinus\nAda\nGrace\n' } },
        ],
        usage: { input: 2150, output: 61 },
      },
      {
        kind: 'reply',
        text: 'Now a pipeline: sort the names, turn each into a greeting, save it, and count the lines.',
        toolCalls: [
          {
            name: 'Bash',
            input: {
              command: "sort names.txt | sed 's/.*/Hello, &!/' | tee greetings.txt | wc -l",
              description: 'Build greetings.txt and count its lines',
            },
          },
        ],
        usage: { input: 2260, output: 74, cacheRead: 2048 },
      },
      {
        kind: 'reply',
        text: 'Done: `greetings.txt` has **4** lines, from `Hello, Ada!` to `Hello, Margaret!`.',
        usage: { input: 2390, output: 28, cacheRead: 2048 },
      },
    ],
  },
  {
    prompt: 'Change the greeting to "Hi" and check that no "Hello" is left anywhere.',
    script: [
      {
        kind: 'reply',
        toolCalls: [{ name: 'Read', input: { file_path: '/workspace/greetings.txt' } }],
        usage: { input: 2450, output: 40, cacheRead: 2048 },
      },
      {
        kind: 'reply',
        toolCalls: [
          {
            name: 'Edit',
            input: { file_path: '/workspace/greetings.txt', old_string: 'Hello', new_string: 'Hi', replace_all: true },
          },
        ],
        usage: { input: 2560, output: 66, cacheRead: 2048 },
      },
      {
        kind: 'reply',
        toolCalls: [{ name: 'Grep', input: { pattern: 'Hello', output_mode: 'count' } }],
        usage: { input: 2650, output: 38, cacheRead: 2048 },
      },
      {
        kind: 'reply',
        text: 'All four greetings now say **Hi**, and a search finds no `Hello` left in the workspace.',
        usage: { input: 2720, output: 30, cacheRead: 2048 },
      },
    ],
  },
];

async function filesOf(ws: Workspace): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const path of await ws.listFiles()) out[path] = await ws.readText(path);
  return out;
}

const decode = (files: Record<string, Uint8Array>) =>
  Object.fromEntries(Object.entries(files).map(([p, d]) => [p, new TextDecoder().decode(d)]));

describe.runIf(process.env.TIDEPOOL_WRITE_SAMPLES === '1')('sample generation', () => {
  let mock: MockProvider;
  beforeAll(async () => {
    mock = await startMockProvider();
  });
  afterAll(async () => {
    await mock.close();
  });

  test('records public/samples/hello-tidepool.json against the mock provider', async () => {
    const store = await openSessionStore({ name: 'sample-generation' });
    const provider = createProvider({
      preset: 'anthropic',
      format: 'anthropic',
      baseUrl: mock.url,
      apiKey: 'sk-sample-not-a-key',
      model: 'claude-sonnet-4-5',
    });
    const live = await LiveSession.create({
      store,
      provider,
      tools: builtinTools,
      title: 'Hello, Tidepool',
      heartbeatMs: 0,
    });
    live.agent.subscribe((e) => {
      if (e.type === 'permission-asked')
        queueMicrotask(() => live.agent.answerPermission(e.callId, { decision: 'allow-once' }));
    });
    for (const turn of sampleTurns) {
      mock.setScript(turn.script);
      expect(await live.send(turn.prompt)).toBe('done');
    }
    const data = JSON.parse(await live.exportJson({ checkpoints: true }));
    data.session.id = 'sample-hello-tidepool';
    mkdirSync(dirname(SAMPLE), { recursive: true });
    writeFileSync(SAMPLE, `${JSON.stringify(data, null, 1)}\n`);
    await live.close();
    await store.close();
  });
});

describe('replay', () => {
  test('the bundled sample replays to the end through the permission flow and its files match the recorded ones', async () => {
    const loaded = await loadReplay(readFileSync(SAMPLE, 'utf8'));
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const { replay } = loaded;
    expect(replay.title).toBe('Hello, Tidepool');

    const workspace = createLiteWorkspace({ root: replay.root, files: replay.initialFiles });
    const provider = new ReplayProvider(replay.events);
    expect(provider.model).toBe('claude-sonnet-4-5');
    const agent = new Agent({ workspace, provider, tools: builtinTools, autoCompact: false });
    const asked: string[] = [];
    const events: AgentEvent[] = [];
    agent.subscribe((e) => {
      events.push(e);
      if (e.type === 'permission-asked') {
        asked.push(e.toolName);
        queueMicrotask(() => agent.answerPermission(e.callId, { decision: 'allow-once' }));
      }
    });
    expect(await replayTurns(agent, replay.events)).toEqual(['done', 'done']);
    expect(provider.remaining).toBe(0);
    expect(asked).toEqual(['Write', 'Bash', 'Edit']); // the same dialogs a live session shows
    expect(await filesOf(workspace)).toEqual(decode(replay.finalFiles));
    expect(await workspace.readText('greetings.txt')).toBe('Hi, Ada!\nHi, Grace!\nHi, Linus!\nHi, Margaret!\n');
    // The tools ran live and produced what the recording saw.
    expect(agent.messages).toEqual(replayEvents(replay.events).messages);
  });

  test('step mode waits for next() before each model response, and speed paces the text', async () => {
    const loaded = await loadReplay(readFileSync(SAMPLE, 'utf8'));
    if (!loaded.ok) throw new Error(loaded.error);
    const provider = new ReplayProvider(loaded.replay.events, { mode: 'step', charsPerSecond: 2_000 });
    const agent = new Agent({
      workspace: createLiteWorkspace(),
      provider,
      tools: builtinTools,
      mode: 'bypassPermissions',
      autoCompact: false,
    });
    let waiting = 0;
    provider.onWaiting((step) => {
      if (step) {
        waiting++;
        setTimeout(() => provider.next(), 1);
      }
    });
    const deltas: string[] = [];
    agent.subscribe((e) => e.type === 'text-delta' && deltas.push(e.text));
    expect(await replayTurns(agent, loaded.replay.events)).toEqual(['done', 'done']);
    expect(waiting).toBe(recordedSteps(loaded.replay.events).length);
    expect(deltas.every((d) => d.length <= 6)).toBe(true);
  });

  test('after the recording ends the model says the replay is over, and a real provider can take over', async () => {
    const loaded = await loadReplay(readFileSync(SAMPLE, 'utf8'));
    if (!loaded.ok) throw new Error(loaded.error);
    const provider = new ReplayProvider(loaded.replay.events);
    const agent = new Agent({
      workspace: createLiteWorkspace(),
      provider,
      tools: builtinTools,
      mode: 'bypassPermissions',
      autoCompact: false,
    });
    const events: AgentEvent[] = [];
    agent.subscribe((e) => events.push(e));
    await replayTurns(agent, loaded.replay.events);
    expect(await agent.send('one more thing')).toBe('error');
    expect(events.find((e) => e.type === 'error')).toMatchObject({
      error: { message: 'The recording has no more model output.' },
    });
    agent.setProvider({
      id: 'mine',
      model: 'my-model',
      async *stream() {
        yield { type: 'text-delta', text: 'Taking over.' };
        yield { type: 'stop', reason: 'end_turn' };
      },
    });
    expect(await agent.send('continue')).toBe('done');
  });
});
