// The layering rule, enforced: arrows point down only. Every folder under src/ has a rank; a
// production file may import its own folder, a folder of lower rank, or nothing above it.
// Tests are exempt (an integration test may reach across), everything else is not.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname);

/** Higher imports lower. Peers of one rank do not import each other. */
const RANK: Record<string, number> = {
  '(entry)': 8, // src/main.tsx, src/boot.ts, src/early.ts: the page's entry points
  embed: 8, // the host SDK (/embed.js): an entry point of its own, for other sites' pages
  ui: 7,
  app: 6,
  session: 5,
  store: 4,
  agent: 3,
  tools: 2,
  git: 2,
  mcp: 2.5, // MCP tools are Tools; the agent is handed them by the app
  providers: 1,
  workspace: 1,
  lib: 0, // small pure helpers (Result, paths, URLs) every layer may use
};

/** Libraries that need a page or React: only the UI (and the entries) may import them. */
const UI_ONLY_LIBS = /^(react|react-dom|react\/|react-dom\/|@xterm\/|monaco-editor)/;

function layerOf(file: string): string {
  const rel = relative(SRC, file);
  const first = rel.split(sep)[0];
  return rel.includes(sep) ? first : '(entry)';
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every module specifier a file imports, re-exports or loads dynamically. */
export function specifiersOf(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) out.push(match[1]);
  return out;
}

interface Violation {
  file: string;
  specifier: string;
  why: string;
}

function violationsIn(file: string): Violation[] {
  const from = layerOf(file);
  const fromRank = RANK[from];
  const rel = relative(SRC, file);
  if (fromRank === undefined) return [{ file: rel, specifier: '', why: `folder src/${from} has no layer rank` }];
  const out: Violation[] = [];
  for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
    if (!specifier.startsWith('.')) {
      if (fromRank < RANK.ui && UI_ONLY_LIBS.test(specifier))
        out.push({ file: rel, specifier, why: `src/${from} may not import a UI library` });
      continue;
    }
    const target = resolve(dirname(file), specifier);
    if (!target.startsWith(SRC + sep)) continue; // vite config helpers and the like
    const to = layerOf(target + (/\.[a-z]+$/.test(target) ? '' : '.ts'));
    if (to === from) continue;
    const toRank = RANK[to];
    if (toRank === undefined) out.push({ file: rel, specifier, why: `src/${to} has no layer rank` });
    else if (toRank > fromRank)
      out.push({ file: rel, specifier, why: `src/${from} imports the higher layer src/${to}` });
    else if (toRank === fromRank) out.push({ file: rel, specifier, why: `src/${from} imports its peer src/${to}` });
  }
  return out;
}

describe('layering', () => {
  it('no production file imports a higher layer, a peer layer, or (below ui) React and the DOM libraries', () => {
    const violations = sourceFiles(SRC).flatMap(violationsIn);
    expect(violations).toEqual([]);
  });

  it('the host SDK (src/embed) stands alone: it imports src/lib and no package, so /embed.js stays small', () => {
    const files = sourceFiles(join(SRC, 'embed'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files)
      for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
        const target = resolve(dirname(file), specifier);
        const allowed = specifier.startsWith('.') && [join(SRC, 'embed'), join(SRC, 'lib')].includes(dirname(target));
        expect(allowed, `${relative(SRC, file)} imports ${specifier}`).toBe(true);
      }
  });

  it('the checker sees static, type-only, re-exported and dynamic imports', () => {
    const text = [
      "import { a } from '../ui/x';",
      "import type { B } from '../app/y';",
      "export { c } from './z';",
      "const m = await import('../session/w');",
      "import '../store/side-effect';",
    ].join('\n');
    expect(specifiersOf(text).sort()).toEqual(['../app/y', '../session/w', '../store/side-effect', '../ui/x', './z']);
  });
});
