// Lite workspace figures: start-up (must not pay for just-bash), the first exec (pays for it), listing 5,000 files.
import { createLiteWorkspace } from '../src/workspace/lite-workspace';
import { FileTree } from '../src/workspace/file-tree';
import { timeMedian, type BenchRow } from './types';

function projectFiles(count: number, bytes: number): Record<string, string> {
  const files: Record<string, string> = {};
  const body = 'x'.repeat(bytes - 1) + '\n';
  for (let i = 0; i < count; i++) files[`src/d${i % 100}/f${i}.ts`] = body;
  return files;
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];

  // Cold first: the dynamic import of just-bash happens once per process, so measure it before anything warms it.
  const cold = createLiteWorkspace({ files: { 'a.txt': 'a\n' } });
  let start = performance.now();
  await cold.exec('true');
  rows.push({
    name: 'Lite first exec, cold (imports just-bash)',
    value: performance.now() - start,
    unit: 'ms',
    note: 'single run; includes the dynamic import unless an earlier area loaded it',
  });
  await cold.dispose();

  const small = projectFiles(50, 2_000);
  rows.push({
    name: 'Lite workspace start-up, 50 files',
    value: await timeMedian(() => createLiteWorkspace({ files: small })),
    unit: 'ms',
    target: 50,
  });

  const big = projectFiles(5_000, 4_000);
  rows.push({
    name: 'Lite workspace start-up, 5,000 files / 20 MB',
    value: await timeMedian(() => createLiteWorkspace({ files: big }), 5, 1),
    unit: 'ms',
    note: 'the tree encodes every string up front',
  });

  rows.push({
    name: 'Lite first exec, module loaded (new shell)',
    value: await timeMedian(
      async () => {
        const ws = createLiteWorkspace({ files: small });
        await ws.exec('true');
        await ws.dispose();
      },
      10,
      2,
    ),
    unit: 'ms',
  });

  const ws = createLiteWorkspace({ files: small });
  await ws.exec('true');
  rows.push({
    name: 'Lite exec `cd src && pwd`, warm',
    value: await timeMedian(() => ws.exec('cd src && pwd')),
    unit: 'ms',
  });
  await ws.dispose();

  const bigBytes: Record<string, Uint8Array> = {};
  const encoder = new TextEncoder();
  for (const [path, text] of Object.entries(big)) bigBytes[`/workspace/${path}`] = encoder.encode(text);
  rows.push({
    name: 'FileTree.restore, 5,000 files / 20 MB of bytes',
    value: await timeMedian(() => new FileTree('/workspace').restore(bigBytes), 5, 1),
    unit: 'ms',
    target: 50,
    note: 'the boot path from persistence: takes the arrays without copying',
  });

  const tree = new FileTree('/workspace', big);
  let i = 0;
  rows.push({
    name: 'listFiles, 5,000 files, after a write',
    value: await timeMedian(() => {
      tree.writeFile(`/workspace/touch${i++}.txt`, 'x'); // a new file drops the sorted cache
      return tree.listFiles();
    }),
    unit: 'ms',
    target: 10,
  });
  rows.push({
    name: 'listFiles, 5,000 files, unchanged tree',
    value: await timeMedian(() => tree.listFiles()),
    unit: 'ms',
    target: 10,
  });
  const lite = createLiteWorkspace({ tree });
  rows.push({
    name: 'Workspace.listFiles(), 5,000 files',
    value: await timeMedian(() => lite.listFiles()),
    unit: 'ms',
    target: 10,
  });

  tree.writeFile('/workspace/big.txt', 'y'.repeat(1 << 20));
  tree.readText('/workspace/big.txt');
  start = performance.now();
  for (let n = 0; n < 100; n++) await lite.readText('big.txt');
  rows.push({
    name: 'readText of a 1 MB file, repeated',
    value: (performance.now() - start) / 100,
    unit: 'ms',
    target: 1,
    note: 'mean of 100; the decoded string is cached',
  });

  rows.push({
    name: 'Tree snapshot, 5,000 files',
    value: await timeMedian(() => tree.snapshot()),
    unit: 'ms',
    note: 'shares the byte arrays, copies nothing',
  });
  return rows;
}
