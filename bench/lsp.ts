// Code intelligence figures: the TypeScript service on a worker thread over a 200-file project —
// cold start (spawn, load typescript and the libs, build the program, answer the first
// goToDefinition) and a warm goToDefinition.
import { Worker } from 'node:worker_threads';
import { createCodeIntel } from '../src/tools/code-intel/client';
import type { ServiceTransport } from '../src/tools/code-intel/protocol';
import { messageTransport } from '../src/tools/code-intel/client';
import { createLiteWorkspace } from '../src/workspace/lite-workspace';
import { median, type BenchRow } from './types';

const FILES = 200;

/** 200 modules in 10 folders; each imports two earlier ones and exports a class, an interface and functions. */
export function generateProject(files = FILES): Record<string, string> {
  const out: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext' } }),
  };
  for (let i = 0; i < files; i++) {
    const deps = i < 2 ? [] : [Math.floor(i / 2), i - 1];
    const lines = deps.map((d) => `import { run${d}, type Shape${d} } from '${rel(i, d)}';`);
    lines.push(
      '',
      `export interface Shape${i} {`,
      '  id: number;',
      '  name: string;',
      `  children: Shape${i}[];`,
      '}',
      '',
      `export function run${i}(input: Shape${i}): number {`,
      `  let total = input.id;`,
      ...deps.map((d) => `  total += run${d}({ id: ${d}, name: 'n', children: [] } as Shape${d});`),
      '  for (const child of input.children) total += child.id;',
      '  return total;',
      '}',
      '',
      `export class Service${i} {`,
      `  private cache = new Map<string, Shape${i}>();`,
      `  get(name: string): Shape${i} | undefined {`,
      '    return this.cache.get(name);',
      '  }',
      `  put(shape: Shape${i}): void {`,
      '    this.cache.set(shape.name, shape);',
      '  }',
      '}',
      '',
    );
    out[path(i)] = lines.join('\n');
  }
  return out;
}

const path = (i: number) => `src/group${i % 10}/module${i}.ts`;
function rel(from: number, to: number): string {
  const a = `group${from % 10}`;
  const b = `group${to % 10}`;
  return a === b ? `./module${to}` : `../${b}/module${to}`;
}

function workerThread(): Promise<ServiceTransport> {
  // The thread registers tsx itself (an --import flag does not reach a worker's entry), then loads the service.
  const entry = new URL('./lsp-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true });
  return Promise.resolve(
    messageTransport(
      (message) => worker.postMessage(message),
      (listener) => worker.on('message', listener),
      (listener) => worker.on('error', (e) => listener(e.message)),
      () => void worker.terminate(),
    ),
  );
}

/** How loaded the machine is: 1e8 additions take ~100 ms on an idle core. */
function calibrate(): number {
  const start = performance.now();
  let sum = 0;
  for (let i = 0; i < 1e8; i++) sum += i;
  if (sum < 0) throw new Error('unreachable');
  return performance.now() - start;
}

export async function run(): Promise<BenchRow[]> {
  const loop = calibrate();
  const workspace = createLiteWorkspace({ files: generateProject() });
  // The call to run{i-1} inside module i: line 3 + Shape's 5 lines + signature + `let` + the two dependency calls.
  const at = (i: number) => ({ file: `/workspace/${path(i)}`, line: 12, character: 12 });
  const colds: number[] = [];
  for (let round = 0; round < 3; round++) {
    const intel = createCodeIntel(workspace, { connect: workerThread });
    const start = performance.now();
    const first = await intel.query('goToDefinition', at(150).file, at(150).line, at(150).character);
    colds.push(performance.now() - start);
    if (!first.ok || first.value?.op !== 'goToDefinition' || !first.value.locations.length)
      throw new Error(`goToDefinition found nothing: ${JSON.stringify(first)}`);
    intel.dispose();
  }
  const intel = createCodeIntel(workspace, { connect: workerThread });
  await intel.query('goToDefinition', at(3).file, at(3).line, at(3).character);
  const warm: number[] = [];
  for (let i = 2; i < FILES; i += 4) {
    const start = performance.now();
    await intel.query('goToDefinition', at(i).file, at(i).line, at(i).character);
    warm.push(performance.now() - start);
  }
  intel.dispose();
  return [
    {
      name: `LSP worker cold start to first goToDefinition, ${FILES}-file project`,
      value: median(colds),
      unit: 'ms',
      target: 1500,
      note: `Node worker thread; a 1e8-add loop took ${loop.toFixed(0)} ms here (~100 ms idle)`,
    },
    { name: `LSP warm goToDefinition, ${FILES}-file project`, value: median(warm), unit: 'ms', target: 50 },
  ];
}
