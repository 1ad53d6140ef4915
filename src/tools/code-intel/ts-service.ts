// The TypeScript language service over an in-memory copy of the workspace's source files. It runs
// where it is put (a Web Worker in the page, in-process or a worker thread under Node): it gets the
// `typescript` module and a lib loader injected and answers ServiceRequests with plain data.
import type ts from 'typescript';
import { LIB_DIR, type FileUpdate, type LibLoader, type ServiceRequest, type ServiceResponse } from './protocol';
import type { CodeAnswer, CodeDiagnostic, CodeLocation, CodeSymbol } from './types';

type TS = typeof ts;

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

export interface TsService {
  handle(request: ServiceRequest): Promise<ServiceResponse>;
}

export function createTsService(tsModule: TS, loadLib: LibLoader): TsService {
  const t = tsModule;
  const files = new Map<string, { text: string; version: number }>();
  const libs = new Map<string, string>();
  const dirs = new Set<string>();
  let root = '/';
  let options: ts.CompilerOptions = {};
  let rootNames: string[] = [];
  let configDirty = true;
  let version = 0;
  /** Errors per file version, so "new errors" compares against the version before an edit. */
  const errorCache = new Map<string, { version: number; errors: CodeDiagnostic[] }>();

  const addDirs = (path: string) => {
    for (let d = path.slice(0, path.lastIndexOf('/')); d && !dirs.has(d); d = d.slice(0, d.lastIndexOf('/')))
      dirs.add(d);
    dirs.add('/');
  };

  const apply = (updates: FileUpdate[]) => {
    for (const { path, text } of updates) {
      if (text === null) {
        // A deleted directory arrives as its own path: drop what lay under it too.
        files.delete(path);
        for (const known of [...files.keys()]) if (known.startsWith(`${path}/`)) files.delete(known);
      } else {
        files.set(path, { text, version: ++version });
        addDirs(path);
      }
      if (/\/(tsconfig|jsconfig)[^/]*\.json$|\/package\.json$/.test(path)) configDirty = true;
      if (text === null || !files.has(path) || !rootNames.includes(path)) configDirty = true;
    }
  };

  const readText = (path: string): string | undefined => files.get(path)?.text ?? libs.get(path);

  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => rootNames,
    getScriptVersion: (path) => String(files.get(path)?.version ?? 0),
    getScriptSnapshot: (path) => {
      const text = readText(path);
      return text === undefined ? undefined : t.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => root,
    getDefaultLibFileName: (o) => LIB_DIR + t.getDefaultLibFileName(o),
    fileExists: (path) => files.has(path) || libs.has(path),
    readFile: readText,
    directoryExists: (path) => dirs.has(path.replace(/\/+$/, '') || '/') || path.startsWith(LIB_DIR.slice(0, -1)),
    getDirectories: (path) => {
      const base = path.replace(/\/+$/, '');
      const out: string[] = [];
      for (const d of dirs)
        if (d.startsWith(`${base}/`) && !d.slice(base.length + 1).includes('/')) out.push(d.slice(base.length + 1));
      return out;
    },
    useCaseSensitiveFileNames: () => true,
  };
  const service = t.createLanguageService(host, t.createDocumentRegistry(true));

  /** Compiler options from tsconfig.json/jsconfig.json at the root, else what a Vite project would use. */
  const configure = async () => {
    if (!configDirty) return;
    configDirty = false;
    const defaults: ts.CompilerOptions = {
      target: t.ScriptTarget.ES2022,
      module: t.ModuleKind.ESNext,
      moduleResolution: t.ModuleResolutionKind.Bundler,
      jsx: t.JsxEmit.ReactJSX,
      allowJs: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      allowImportingTsExtensions: true,
      lib: ['lib.es2022.full.d.ts'],
    };
    const configPath = [`${root}/tsconfig.json`, `${root}/jsconfig.json`].find((p) => files.has(p));
    let parsed = defaults;
    if (configPath) {
      const json = t.parseConfigFileTextToJson(configPath, files.get(configPath)!.text);
      if (json.config) {
        const result = t.parseJsonConfigFileContent(
          json.config,
          {
            useCaseSensitiveFileNames: true,
            fileExists: host.fileExists!,
            readFile: readText,
            readDirectory: () => [],
          },
          root,
          undefined,
          configPath,
        );
        parsed = { ...defaults, ...result.options };
        if (configPath.endsWith('jsconfig.json')) parsed.allowJs = true;
      }
    }
    // Speed, and nothing is ever written: the checks the model needs are the project's own.
    options = { ...parsed, noEmit: true, skipLibCheck: true, composite: false, incremental: false };
    rootNames = [...files.keys()].filter((p) => SOURCE.test(p) && !p.includes('/node_modules/'));
    await loadLibs();
  };

  /** The lib files the options name, and everything they reference, loaded before the service asks (it reads synchronously). */
  const loadLibs = async () => {
    const wanted = options.lib?.length ? options.lib : [t.getDefaultLibFileName(options)];
    const queue = wanted.map((name) => (name.startsWith('lib.') ? name : `lib.${name.toLowerCase()}.d.ts`));
    while (queue.length) {
      const name = queue.pop()!;
      if (libs.has(LIB_DIR + name)) continue;
      const text = await loadLib(name);
      if (text === undefined) continue;
      libs.set(LIB_DIR + name, text);
      for (const m of text.matchAll(/\/\/\/\s*<reference\s+lib="([^"]+)"/g))
        queue.push(`lib.${m[1].toLowerCase()}.d.ts`);
    }
  };

  const sourceOf = (path: string): ts.SourceFile | undefined => service.getProgram()?.getSourceFile(path);

  const position = (path: string, line: number, character: number): number => {
    const sf = sourceOf(path);
    if (!sf) throw new UserError(`${path} is not part of the TypeScript project (not a source file, or excluded).`);
    const starts = sf.getLineStarts();
    const l = Math.min(Math.max(1, line), starts.length) - 1;
    const end = l + 1 < starts.length ? starts[l + 1] - 1 : sf.text.length;
    return Math.min(starts[l] + Math.max(0, character - 1), end);
  };

  const location = (path: string, start: number): CodeLocation => {
    const text = readText(path) ?? '';
    const sf = sourceOf(path);
    const { line, character } = sf
      ? sf.getLineAndCharacterOfPosition(start)
      : t.getLineAndCharacterOfPosition(t.createSourceFile(path, text, t.ScriptTarget.Latest), start);
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = text.indexOf('\n', start);
    const preview = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).trim();
    return { path, line: line + 1, character: character + 1, ...(preview ? { preview: preview.slice(0, 200) } : {}) };
  };

  const diagnosticsOf = (path: string): CodeDiagnostic[] => {
    if (!sourceOf(path)) throw new UserError(`${path} is not part of the TypeScript project.`);
    const all = [...service.getSyntacticDiagnostics(path), ...service.getSemanticDiagnostics(path)];
    return all.flatMap((d): CodeDiagnostic[] => {
      if (d.category === t.DiagnosticCategory.Message) return [];
      const at =
        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
      return [
        {
          path,
          line: at.line + 1,
          character: at.character + 1,
          message: t.flattenDiagnosticMessageText(d.messageText, '\n'),
          code: d.code,
          severity:
            d.category === t.DiagnosticCategory.Error
              ? 'error'
              : d.category === t.DiagnosticCategory.Warning
                ? 'warning'
                : 'suggestion',
        },
      ];
    });
  };

  const errorsOf = (path: string): CodeDiagnostic[] => {
    const v = files.get(path)?.version ?? 0;
    const cached = errorCache.get(path);
    if (cached && cached.version === v) return cached.errors;
    const errors = diagnosticsOf(path).filter((d) => d.severity === 'error');
    errorCache.set(path, { version: v, errors });
    return errors;
  };

  const symbolOf = (item: ts.NavigationTree, path: string): CodeSymbol => {
    const at = location(path, item.spans[0]?.start ?? 0);
    const children = (item.childItems ?? []).filter(interesting).map((c) => symbolOf(c, path));
    return {
      name: item.text,
      kind: item.kind,
      path,
      line: at.line,
      character: at.character,
      ...(children.length ? { children } : {}),
    };
  };

  const query = (op: ServiceRequest & { kind: 'query' }): CodeAnswer | null => {
    const { path } = op;
    if (op.op === 'diagnostics') return { op: 'diagnostics', diagnostics: diagnosticsOf(path) };
    if (op.op === 'documentSymbol') {
      if (!sourceOf(path)) throw new UserError(`${path} is not part of the TypeScript project.`);
      const tree = service.getNavigationTree(path);
      return {
        op: 'documentSymbol',
        symbols: (tree.childItems ?? []).filter(interesting).map((c) => symbolOf(c, path)),
      };
    }
    const pos = position(path, op.line, op.character);
    switch (op.op) {
      case 'goToDefinition': {
        const defs = service.getDefinitionAtPosition(path, pos) ?? [];
        return { op: 'goToDefinition', locations: defs.map((d) => location(d.fileName, d.textSpan.start)) };
      }
      case 'findReferences': {
        const refs = service.getReferencesAtPosition(path, pos) ?? [];
        return { op: 'findReferences', locations: refs.map((r) => location(r.fileName, r.textSpan.start)) };
      }
      case 'hover': {
        const info = service.getQuickInfoAtPosition(path, pos);
        if (!info) return null;
        const documentation = [
          t.displayPartsToString(info.documentation),
          ...(info.tags ?? []).map((tag) => `@${tag.name}${tag.text ? ` ${t.displayPartsToString(tag.text)}` : ''}`),
        ]
          .filter(Boolean)
          .join('\n');
        return {
          op: 'hover',
          signature: t.displayPartsToString(info.displayParts),
          ...(documentation ? { documentation } : {}),
        };
      }
      case 'workspaceSymbol': {
        // The symbol under the cursor is the query (the tool has no query field, as in Claude Code).
        const at = wordAt(readText(path) ?? '', pos) ?? '';
        if (!at)
          throw new UserError('No identifier at that position: put line and character on the name to search for.');
        const items = service.getNavigateToItems(at, 100, undefined, true);
        const symbols = items
          .filter((i) => !i.fileName.startsWith(LIB_DIR) && !i.fileName.includes('/node_modules/'))
          .map((i): CodeSymbol => {
            const loc = location(i.fileName, i.textSpan.start);
            return {
              name: i.name,
              kind: i.kind,
              path: i.fileName,
              line: loc.line,
              character: loc.character,
              ...(i.containerName ? { container: i.containerName } : {}),
            };
          });
        return { op: 'workspaceSymbol', query: at, symbols };
      }
    }
    return null;
  };

  return {
    async handle(request) {
      try {
        switch (request.kind) {
          case 'init':
            root = request.root.replace(/\/+$/, '') || '/';
            files.clear();
            apply(request.files);
            configDirty = true;
            await configure();
            return { ok: true, value: true };
          case 'update':
            apply(request.files);
            return { ok: true, value: true };
          case 'query':
            await configure();
            return { ok: true, value: query(request) };
          case 'new-errors': {
            await configure();
            const before = files.has(request.path) && sourceOf(request.path) ? errorsOf(request.path) : [];
            apply([{ path: request.path, text: request.text }]);
            await configure();
            const after = errorsOf(request.path);
            return { ok: true, value: newOnly(before, after) };
          }
        }
      } catch (error) {
        if (error instanceof UserError) return { ok: false, error: error.message };
        return {
          ok: false,
          error: `The TypeScript service failed: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    },
  };
}

class UserError extends Error {}

/** Navigation items worth listing: declarations, not the file itself or nameless bits. */
const interesting = (item: ts.NavigationTree): boolean =>
  item.kind !== 'module' &&
  item.kind !== 'alias' && // imports
  item.text !== '<function>' &&
  !item.text.endsWith(') callback') &&
  !!item.spans.length;

/** The identifier touching `pos`, if any. */
function wordAt(text: string, pos: number): string | undefined {
  let start = pos;
  let end = pos;
  while (start > 0 && /[\w$]/.test(text[start - 1])) start--;
  while (end < text.length && /[\w$]/.test(text[end])) end++;
  return end > start ? text.slice(start, end) : undefined;
}

/** The errors in `after` that `before` did not have (by code and message, counting repeats). */
export function newOnly(before: CodeDiagnostic[], after: CodeDiagnostic[]): CodeDiagnostic[] {
  const seen = new Map<string, number>();
  for (const d of before) seen.set(`${d.code}:${d.message}`, (seen.get(`${d.code}:${d.message}`) ?? 0) + 1);
  return after.filter((d) => {
    const key = `${d.code}:${d.message}`;
    const left = seen.get(key) ?? 0;
    if (left > 0) {
      seen.set(key, left - 1);
      return false;
    }
    return true;
  });
}
