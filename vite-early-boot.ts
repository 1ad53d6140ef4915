import { resolve } from 'node:path';
import { build, type Plugin, type Rolldown } from 'vite';

// Build only: inlines what the first frame and the lite workspace need into index.html, so
// neither waits for a request. On a cold load each request costs a round trip plus its share of a
// busy CPU; measured over cold loads (bench/page.ts), the linked stylesheet held the first paint
// back and the module entry held the workspace back by ~100 ms each.
//
// - The entry's stylesheet becomes a <style> element.
// - src/early.ts is bundled on its own as a classic script and placed first in <head>: it runs
//   before the rest of the page is parsed and starts the lite workspace, which src/boot.ts (the
//   module entry, still fetched) picks up. That script is a second copy of the workspace modules;
//   the classes whose identity crosses the seam (FileTree, WorkspaceError) check a brand in
//   `instanceof` (src/workspace/second-copy.test.ts). Its dynamic imports (just-bash, the
//   WebContainer backend) point at the main build's chunks, so those load once, shared.
//
// - embed.html, the page the embed SDK frames, is index.html plus <link rel="modulepreload"> for
//   the app's code, placed before the inline script: its host waits for the composer, and the
//   module entry's own import of the app came ~250 ms after the page's first bytes (entry fetched
//   behind the inline workspace start, then a second round trip for the app's ~27 files). The
//   plain page keeps loading the app after first paint, and carries no list of them.
//
// A strict Content-Security-Policy on the host must allow these two inline blocks (by hash).
const EARLY_ENTRY = 'src/early.ts';

// The modules an embed needs before its composer shows, in the order they are needed: the embed's
// kit (the host's handle waits on it), the app, and the header's "Open in Tidepool" (a lazy part
// the first render waits on). The browser fetches a few at a time, in this order.
const EMBED_FIRST_MODULES = ['src/app/embed/kit.ts', 'src/main.tsx', 'src/ui/embed-chrome.tsx'];

type Bundle = Rolldown.OutputBundle;

/** The main build's chunk for a module some dynamic import targets. */
function chunkFor(bundle: Bundle, id: string): Rolldown.OutputChunk | undefined {
  for (const file of Object.values(bundle)) {
    if (file.type === 'chunk' && file.facadeModuleId === id) return file;
  }
  // A module a chunk group (appChunkGroups) took in has no facade: its group's chunk is its chunk.
  for (const file of Object.values(bundle)) {
    if (file.type === 'chunk' && file.moduleIds.includes(id)) return file;
  }
  return undefined;
}

/** The files of `roots` and every chunk they import statically, each once. */
export function staticClosure(bundle: Bundle, roots: Rolldown.OutputChunk[]): string[] {
  const seen = new Set<string>();
  const visit = (fileName: string): void => {
    const chunk = bundle[fileName];
    if (seen.has(fileName) || !chunk || chunk.type !== 'chunk') return;
    seen.add(fileName);
    chunk.imports.forEach(visit);
  };
  roots.forEach((root) => visit(root.fileName));
  return [...seen];
}

/** The page the embed SDK frames: index.html with modulepreload links for what an embed needs first. */
export const EMBED_PAGE = 'embed.html';

function embedPreloads(root: string, base: string, bundle: Bundle, entry: string | undefined): string {
  const roots = EMBED_FIRST_MODULES.map((id) => {
    const chunk = chunkFor(bundle, resolve(root, id));
    if (!chunk) throw new Error(`early boot: no chunk in the main build for ${id}`);
    return chunk;
  });
  const files = [...(entry ? [entry] : []), ...staticClosure(bundle, roots).filter((f) => f !== entry)];
  return files
    .map(
      (f) =>
        `<link rel="modulepreload" crossorigin href="${base.startsWith('/') || /^https?:/.test(base) ? base : './'}${f}">`,
    )
    .join('\n    ');
}

async function buildEarlyScript(root: string, base: string, bundle: Bundle): Promise<string> {
  const url = (fileName: string) =>
    base.startsWith('/') || /^https?:/.test(base) ? `${base}${fileName}` : `./${fileName}`;
  const linkToMainChunks: Plugin = {
    name: 'tidepool:early-dynamic-imports',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if ((options as { kind?: string }).kind !== 'dynamic-import') return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      const chunk = resolved && chunkFor(bundle, resolved.id);
      if (!chunk)
        this.error(`early boot: no chunk in the main build for the dynamic import '${source}' (from ${importer})`);
      return { id: url(chunk.fileName), external: 'absolute' };
    },
  };
  const output = await build({
    configFile: false,
    root,
    logLevel: 'warn',
    plugins: [linkToMainChunks],
    build: {
      write: false,
      copyPublicDir: false,
      minify: true,
      lib: { entry: resolve(root, EARLY_ENTRY), formats: ['iife'], name: 'tidepoolEarly' },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((f): f is Rolldown.OutputChunk => f.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`early boot: expected one script, got ${chunks.length}`);
  const code = chunks[0].code;
  // A classic script has no import.meta, and these sequences would end or confuse an inline <script>.
  for (const bad of ['import.meta', '<!--', '<script']) {
    if (code.includes(bad))
      throw new Error(`early boot: the inline script contains '${bad}'; keep it out of src/early.ts's imports`);
  }
  return code.replace(/<\/script/gi, '<\\/script');
}

export function earlyBootInline(): Plugin {
  let root = process.cwd();
  let base = '/';
  let building = false;
  return {
    name: 'tidepool:early-boot-inline',
    enforce: 'post',
    // In dev there is no embed.html: the dev server answers it with index.html (no preloads).
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url && new URL(req.url, 'http://dev').pathname === `/${EMBED_PAGE}`)
          req.url = `/${req.url.slice(EMBED_PAGE.length + 1)}`;
        next();
      });
    },
    configResolved(config) {
      building = config.command === 'build';
      root = config.root;
      base = config.base;
    },
    async generateBundle(_options, bundle) {
      if (!building) return;
      const page = bundle['index.html'];
      if (!page || page.type !== 'asset') return;
      let html = String(page.source);
      html = html.replace(/<link rel="stylesheet"[^>]*href="([^"]+)"[^>]*>/g, (tag, href: string) => {
        const asset = bundle[href.startsWith(base) ? href.slice(base.length) : href.replace(/^\.?\//, '')];
        if (!asset || asset.type !== 'asset') return tag;
        const css = String(asset.source);
        if (/<\/style/i.test(css)) return tag;
        return `<style>${css}</style>`;
      });
      const entry = Object.values(bundle).find((f) => f.type === 'chunk' && f.isEntry)?.fileName;
      const script = await buildEarlyScript(root, base, bundle);
      // First in <head>: it needs nothing from the page to start the workspace.
      if (!html.includes('</title>')) this.error('early boot: index.html has no <title> to put the script after');
      html = html.replace('</title>', () => `</title>\n    <script>${script}</script>`);
      page.source = html;
      // Before the inline script, so the fetches start while it runs.
      const preloads = embedPreloads(root, base, bundle, entry);
      this.emitFile({
        type: 'asset',
        fileName: EMBED_PAGE,
        source: html.replace('</title>', () => `</title>\n    ${preloads}`),
      });
    },
  };
}

type ModuleGraph = { getModuleInfo(id: string): { importedIds: readonly string[] } | null };

/** `roots` and every module they import statically. */
function staticModules(graph: ModuleGraph, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    const info = graph.getModuleInfo(id);
    if (!info) continue;
    seen.add(id);
    stack.push(...info.importedIds);
  }
  return seen;
}

/**
 * How the app's static closure (src/main.tsx and what it imports, less the entry's own modules) is
 * cut into chunks: rolldown `output.codeSplitting.groups`. Left to itself the bundler cut it at
 * every boundary some lazy part shares, ~25 files, all of which an embed preloads: on a busy
 * 2-core machine each request (the preview server gzips each one) and module record cost the
 * frame time before its composer (bench/embed.ts). Two chunks instead, holding exactly the same
 * modules: what the embed's kit shares with the app, so the kit still starts before the app has
 * loaded, and the rest of the app. The entry's chunk and the lazy parts are cut as before; those
 * lazy parts import from these two, which are loaded by then.
 *
 * Each group is closed under static imports but for the entry's modules (the entry's chunk), so
 * the groups need not take in their dependencies (`includeDependenciesRecursively: false`, which
 * would otherwise pull the entry's modules into the app's chunk).
 */
export function appChunkGroups(root: string): Rolldown.CodeSplittingGroup[] {
  let groups: Map<string, string> | undefined;
  const groupOf = (id: string, graph: ModuleGraph): string | null => {
    if (!groups) {
      const entry = staticModules(graph, [resolve(root, 'src/boot.ts')]);
      const app = staticModules(graph, [resolve(root, 'src/main.tsx')]);
      const kit = staticModules(graph, [resolve(root, EMBED_FIRST_MODULES[0])]);
      groups = new Map();
      for (const m of app) if (!entry.has(m)) groups.set(m, kit.has(m) ? 'app-shared' : 'main');
    }
    return groups.get(id) ?? null;
  };
  return [{ name: groupOf, debugName: 'app' }];
}
