// `npm run bench`: runs every area's benchmark module and prints one table, target beside figure.
// Targets are goals to read, not assertions: the bench never fails a build.
import type { BenchRow } from './types';

const areas: Array<[string, () => Promise<{ run: () => Promise<BenchRow[]> }>]> = [
  ['agent', () => import('./agent')],
  ['extensions', () => import('./extensions')],
  ['permissions', () => import('./permissions')],
  ['workspace', () => import('./workspace')],
  ['tools', () => import('./tools')],
  ['lsp', () => import('./lsp')],
  ['providers', () => import('./providers')],
  ['sessions', () => import('./sessions')],
  ['git', () => import('./git')],
  ['git-big', () => import('./git-big')],
  ['big-tree', () => import('./big-tree')],
  ['page', () => import('./page')],
  ['runtimes', () => import('./runtimes')],
  ['mcp', () => import('./mcp')],
  ['embed', () => import('./embed')],
];

function format(row: BenchRow): string[] {
  const value = row.unit === 'ms' ? row.value.toFixed(2) : row.value.toFixed(1);
  const target = row.target === undefined ? '' : `≤ ${row.target} ${row.unit}`;
  const verdict = row.target === undefined ? '' : row.value <= row.target ? 'ok' : 'OVER';
  return [row.name, `${value} ${row.unit}`, target, verdict, row.note ?? ''];
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const rows: string[][] = [];
  for (const [name, load] of areas) {
    if (only.length && !only.includes(name)) continue;
    try {
      const mod = await load();
      for (const row of await mod.run()) rows.push(format(row));
    } catch (error) {
      rows.push([
        `${name}: failed`,
        '',
        '',
        'ERROR',
        error instanceof Error ? error.message.split('\n')[0] : String(error),
      ]);
    }
  }
  const header = ['measure (median)', 'value', 'target', '', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  process.exit(0);
}

void main();
