// Tool figures: Grep over a generated 5,000-file / 20 MB tree, Read and Edit of a 1 MB file, and the spec bytes every request pays.
import { builtinTools } from '../src/tools/index';
import { editTool } from '../src/tools/edit';
import { grepTool } from '../src/tools/grep';
import { readTool } from '../src/tools/read';
import type { ToolContext } from '../src/tools/types';
import { createLiteWorkspace } from '../src/workspace/lite-workspace';
import { timeMedian, type BenchRow } from './types';

/** Deterministic pseudo-source: ~`bytes` of code-like lines. */
export function generateSource(seed: number, bytes: number): string {
  let s = seed >>> 0 || 1;
  const rand = (n: number) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
  const words = [
    'const',
    'value',
    'return',
    'await',
    'items',
    'config',
    'handler',
    'result',
    'export',
    'function',
    'index',
    'string',
    'number',
    'props',
    'state',
    'render',
    'update',
    'options',
    'user',
    'data',
  ];
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const indent = '  '.repeat(rand(4));
    const n = 3 + rand(8);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(words[rand(words.length)] + (rand(5) === 0 ? String(rand(100)) : ''));
    const line = `${indent}${parts.join(rand(3) === 0 ? '.' : ' ')};`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** 5,000 files of ~4 KB (20 MB) in nested directories; one file in 50 mentions `needleToken`. */
export function generateTree(files = 5000, bytesPerFile = 4096): Record<string, string> {
  const tree: Record<string, string> = {};
  for (let i = 0; i < files; i++) {
    const dir = `src/pkg${i % 25}/mod${Math.floor(i / 25) % 20}`;
    let text = generateSource(i + 1, bytesPerFile);
    if (i % 50 === 0) text = text.replace(/\n/, `\n  const x = needleToken(${i});\n`);
    tree[`${dir}/file${i}.${i % 3 === 0 ? 'js' : 'ts'}`] = text;
  }
  return tree;
}

function context(files: Record<string, string>): ToolContext {
  return { workspace: createLiteWorkspace({ files }), signal: new AbortController().signal, readFiles: new Map() };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];

  const tree = generateTree();
  const totalMb = Object.values(tree).reduce((n, t) => n + t.length, 0) / 1e6;
  const ctx = context(tree);
  const filesMode = await timeMedian(() => grepTool.run({ pattern: 'needleToken\\(\\d+\\)' }, ctx), 11, 2);
  rows.push({
    name: `Grep files_with_matches, 5,000 files / ${totalMb.toFixed(0)} MB`,
    value: filesMode,
    unit: 'ms',
    target: 150,
  });
  const contentMode = await timeMedian(
    () => grepTool.run({ pattern: 'needletoken', '-i': true, output_mode: 'content', '-C': 1 }, ctx),
    11,
    2,
  );
  rows.push({ name: 'Grep content -i -C 1, same tree', value: contentMode, unit: 'ms', target: 150 });
  const common = await timeMedian(
    () => grepTool.run({ pattern: 'handler\\.result', output_mode: 'count' }, ctx),
    11,
    2,
  );
  rows.push({ name: 'Grep count, a pattern in most files', value: common, unit: 'ms', target: 150 });

  const big = generateSource(7, 1_000_000);
  const one = context({ 'big.ts': big });
  const path = '/workspace/big.ts';
  const read = await timeMedian(() => readTool.run({ file_path: path, offset: 10_000, limit: 2000 }, one));
  rows.push({ name: 'Read 1 MB file, 2,000 lines at offset 10,000', value: read, unit: 'ms', target: 5 });
  const refuse = await timeMedian(() => readTool.run({ file_path: path }, one));
  rows.push({ name: 'Read 1 MB file whole (refused with line count)', value: refuse, unit: 'ms', target: 5 });

  const marker = 'const MARKER = 1;';
  await one.workspace.writeFile(path, big.slice(0, 500_000) + `${marker}\n` + big.slice(500_000));
  let flip = false;
  const edit = await timeMedian(async () => {
    const stat = (await one.workspace.stat(path))!;
    one.readFiles.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, partial: false }); // as a prior Read leaves it
    const [from, to] = flip ? ['const MARKER = 2;', marker] : [marker, 'const MARKER = 2;'];
    flip = !flip;
    const r = await editTool.run({ file_path: path, old_string: from, new_string: to }, one);
    if (r.isError) throw new Error(r.content);
  });
  rows.push({ name: 'Edit 1 MB file (one replacement mid-file, write included)', value: edit, unit: 'ms', target: 5 });

  const specs = JSON.stringify(
    builtinTools.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema })),
  );
  rows.push({
    name: `Tool specs JSON (${builtinTools.length} built-in tools)`,
    value: specs.length / 1024,
    unit: 'KB',
    target: 20,
  });
  return rows;
}
