// Session persistence: append latency on a long session, restore time after a reload, the heap a
// restored session holds, and the cost of a checkpoint. Runs under Node on fake-indexeddb (an
// in-memory IndexedDB in JS): real browsers differ, Chromium's IndexedDB is usually slower per transaction.
import 'fake-indexeddb/auto';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Checkpointer } from '../src/agent/checkpoints';
import type { AgentEvent } from '../src/agent/events';
import { replayEvents } from '../src/agent/transcript';
import { storeCheckpointStorage } from '../src/session/live-session';
import { openSessionStore, type SessionStore } from '../src/store/session-store';
import { createLiteWorkspace } from '../src/workspace/lite-workspace';
import { median, type BenchRow } from './types';

const NOTE = 'Node + fake-indexeddb';
const randomBytes = (n: number): Uint8Array => new Uint8Array(nodeRandomBytes(n));
const TURNS = 250; // 4 messages each: user, assistant tool call, tool result, assistant answer

function words(n: number, seed: number): string {
  const vocab = [
    'the',
    'parser',
    'reads',
    'tables',
    'and',
    'arrays',
    'of',
    'values',
    'from',
    'src/toml.ts',
    'test',
    'passes',
    'error',
    'fixed',
  ];
  let out = '';
  for (let i = 0; i < n; i++) out += `${vocab[(i * 7 + seed) % vocab.length]} `;
  return out;
}

/** One turn as the agent emits it: deltas streamed in small pieces, a tool round trip, usage. */
function turnEvents(i: number): AgentEvent[] {
  const turnId = `turn_${i}`;
  const callId = `call_${i}`;
  const usage = { inputTokens: 3000 + i * 40, outputTokens: 120, cacheReadTokens: 2800, cacheWriteTokens: 0 };
  const deltas = (text: string, size: number): AgentEvent[] => {
    const out: AgentEvent[] = [];
    for (let k = 0; k < text.length; k += size) out.push({ type: 'text-delta', turnId, text: text.slice(k, k + size) });
    return out;
  };
  const args = JSON.stringify({ file_path: `/workspace/src/module${i % 40}.ts` });
  return [
    { type: 'turn-started', turnId, text: `Request ${i}: ${words(30, i)}`, at: Date.now() },
    { type: 'checkpoint-created', turnId, checkpointId: turnId, fileCount: 40 },
    { type: 'step-started', turnId, step: 1 },
    ...deltas(words(40, i + 1), 12),
    { type: 'tool-call-started', turnId, callId, name: 'Read' },
    ...[0, 1, 2, 3].map((k): AgentEvent => ({
      type: 'tool-call-delta',
      turnId,
      callId,
      argsDelta: args.slice(k * 12, k === 3 ? undefined : (k + 1) * 12),
    })),
    { type: 'tool-call', turnId, callId, name: 'Read', input: JSON.parse(args), summary: `Read module${i % 40}.ts` },
    { type: 'usage', turnId, model: 'claude-sonnet-4-5', usage },
    { type: 'assistant-message-ended', turnId, step: 1, stopReason: 'tool_use' },
    { type: 'tool-result', turnId, callId, name: 'Read', isError: false, content: words(300, i + 2) },
    { type: 'step-started', turnId, step: 2 },
    ...deltas(words(120, i + 3), 12),
    { type: 'usage', turnId, model: 'claude-sonnet-4-5', usage },
    { type: 'assistant-message-ended', turnId, step: 2, stopReason: 'end_turn' },
    { type: 'turn-ended', turnId, reason: 'done' },
  ];
}

function exposeGc(): () => void {
  v8.setFlagsFromString('--expose_gc');
  return vm.runInNewContext('gc') as () => void;
}

async function appendLatency(store: SessionStore, sessionId: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 220; i++) {
    const start = performance.now();
    await store.appendEvent(sessionId, { type: 'text-delta', turnId: 'turn_extra', text: 'one more delta ' });
    if (i >= 20) times.push(performance.now() - start);
  }
  return median(times);
}

export async function run(): Promise<BenchRow[]> {
  const name = `bench-sessions-${Date.now()}`;
  const rows: BenchRow[] = [];

  let store = await openSessionStore({ name, writerId: 'bench' });
  const { id } = await store.createSession();
  // Awaiting each event: one record per event, the worst case for restore (live streams batch some).
  let records = 0;
  for (let t = 0; t < TURNS; t++) {
    for (const event of turnEvents(t)) {
      await store.appendEvent(id, event);
      records++;
    }
  }
  rows.push({
    name: 'Append one event to a 1,000-message session',
    value: await appendLatency(store, id),
    unit: 'ms',
    target: 2,
    note: `${NOTE}; ${records.toLocaleString('en-US')} records`,
  });
  await store.close();

  const gc = exposeGc();
  const restoreTimes: number[] = [];
  let heapMb = 0;
  let retained: unknown = null;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    store = await openSessionStore({ name, writerId: 'bench' });
    const loaded = await store.loadSession(id);
    const state = replayEvents(loaded!.events);
    restoreTimes.push(performance.now() - start);
    if (state.messages.length < 1000) throw new Error(`restored ${state.messages.length} messages, expected 1,000`);
    await store.close();
    // What a restored tab keeps: the event log (for rewind and export) and the transcript. fake-indexeddb
    // hands back the objects it stores, where a browser's IndexedDB read makes fresh copies: copy to measure.
    gc();
    const base = process.memoryUsage().heapUsed;
    const events = structuredClone(loaded!.events);
    retained = { events, state: replayEvents(events) };
    gc();
    // The first restore is the one a reloaded tab does; later runs here reuse V8's warmed-up heap and read low.
    if (run === 0) heapMb = (process.memoryUsage().heapUsed - base) / (1024 * 1024);
    if (retained) retained = null;
  }
  rows.push({
    name: 'Restore that session after a reload (open, load, replay)',
    value: median(restoreTimes),
    unit: 'ms',
    target: 300,
    note: NOTE,
  });
  rows.push({
    name: 'JS heap held by the restored session',
    value: heapMb,
    unit: 'MB',
    note: `${NOTE}; event log + transcript as a tab holds them`,
  });

  // Checkpoints: a 2,000-file / ~10 MB tree; the first snapshot hashes everything, later ones only what changed.
  store = await openSessionStore({ name, writerId: 'bench' });
  const files: Record<string, string> = {};
  for (let i = 0; i < 2000; i++) files[`src/dir${i % 50}/file${i}.ts`] = `// ${i}\n${words(800, i)}\n`;
  const workspace = createLiteWorkspace({ files });
  const { id: cpSession } = await store.createSession();
  const checkpointer = new Checkpointer(workspace, storeCheckpointStorage(store, cpSession));
  let start = performance.now();
  await checkpointer.snapshot('cp_0', 'first');
  rows.push({
    name: 'First checkpoint, 2,000 files / 10 MB',
    value: performance.now() - start,
    unit: 'ms',
    note: NOTE,
  });
  const times: number[] = [];
  for (let i = 1; i <= 20; i++) {
    await workspace.writeFile(`src/dir0/file${i}.ts`, `// changed ${i}\n`);
    start = performance.now();
    await checkpointer.snapshot(`cp_${i}`, `turn ${i}`);
    times.push(performance.now() - start);
  }
  rows.push({
    name: 'Next checkpoint, one file changed',
    value: median(times),
    unit: 'ms',
    note: `${NOTE}; unchanged files reuse their blobs`,
  });
  checkpointer.dispose();
  await store.deleteSession(cpSession);

  // A cloned repo: the same tree plus a 10 MB pack and git's index. `.git` is left out of checkpoints.
  const repo = createLiteWorkspace({ files });
  await repo.writeFile('.git/objects/pack/pack-1.pack', randomBytes(10 * 1024 * 1024));
  await repo.writeFile('.git/index', randomBytes(200 * 1024));
  const { id: repoSession } = await store.createSession();
  const repoCheckpointer = new Checkpointer(repo, storeCheckpointStorage(store, repoSession));
  start = performance.now();
  await repoCheckpointer.snapshot('r_0', 'first');
  rows.push({
    name: 'First checkpoint, 2,000 files + 10 MB .git pack',
    value: performance.now() - start,
    unit: 'ms',
    note: `${NOTE}; .git skipped`,
  });
  const repoTimes: number[] = [];
  for (let i = 1; i <= 20; i++) {
    await repo.writeFile(`src/dir1/file${i}.ts`, `// changed ${i}\n`);
    await repo.writeFile('.git/index', randomBytes(200 * 1024)); // a git command rewrote its index
    start = performance.now();
    await repoCheckpointer.snapshot(`r_${i}`, `turn ${i}`);
    repoTimes.push(performance.now() - start);
  }
  rows.push({
    name: 'Next checkpoint in that repo, one file + git index changed',
    value: median(repoTimes),
    unit: 'ms',
    target: 50,
    note: NOTE,
  });
  repoCheckpointer.dispose();
  // A reload: the tree comes back from the file records (new mtimes). Without the last checkpoint's
  // hashes taken over, the first checkpoint reads and hashes the whole work tree again.
  const fileRecords: { path: string; size: number; mtimeMs: number }[] = [];
  const contents: Record<string, Uint8Array> = {};
  for (const path of await repo.listFiles()) {
    const stat = (await repo.stat(path))!;
    fileRecords.push({ path, size: stat.size, mtimeMs: stat.mtimeMs });
    contents[path] = await repo.readFile(path);
  }
  const lastCheckpoint = (await store.loadCheckpoint(repoSession, 'r_20'))!;
  for (const seeded of [false, true]) {
    const page = createLiteWorkspace({ files: contents });
    const reloaded = new Checkpointer(page, storeCheckpointStorage(store, repoSession));
    start = performance.now();
    if (seeded) await reloaded.seed(lastCheckpoint, fileRecords);
    await reloaded.snapshot(`r_reload_${seeded}`, 'after reload');
    rows.push({
      name: `First checkpoint after a reload, same repo${seeded ? '' : ' (hashes not taken over)'}`,
      value: performance.now() - start,
      unit: 'ms',
      ...(seeded ? { target: 100 } : {}),
      note: seeded
        ? `${NOTE}; the last checkpoint's hashes reused by size + mtime`
        : `${NOTE}; rehashes the work tree, not .git`,
    });
    reloaded.dispose();
  }
  await store.deleteSession(repoSession);
  await store.deleteSession(id);
  await store.close();
  return rows;
}
