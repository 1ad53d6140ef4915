import type { Transform, transform as sucraseTransform } from 'sucrase';

// Source to something the runtime can evaluate as a CommonJS function body: TypeScript has its
// types stripped (Node's own --strip-types, `tsx`), ES modules become CommonJS with live bindings
// (sucrase keeps every line where it was, so stack traces point at the right lines).
// sucrase is most of the runtime's code and plain CommonJS (`node -e`) never needs it, so it is
// not imported here: whoever starts the worker says how to load it, and it loads on first need.

export type ModuleFormat = 'commonjs' | 'module';

export const IMPORT_FN = '__tidepool_import';
export const IMPORT_META = '__tidepool_meta';

const TYPESCRIPT = /\.[cm]?tsx?$/;
const ESM_SYNTAX =
  /^[ \t]*(?:import\s*(?:[\w$*{]|["'])|import\s+type\b|export\s*(?:\{|\*|default\b|const\b|let\b|var\b|function\b|class\b|async\b|type\b|interface\b|enum\b|declare\b|abstract\b))|\bimport\.meta\b/m;

export type SucraseTransform = typeof sucraseTransform;

let loader: (() => SucraseTransform) | null = null;
let sucrase: SucraseTransform | null = null;

/** How this worker gets sucrase the first time a source needs it (synchronously: require() is). */
export function useSucrase(load: () => SucraseTransform): void {
  loader = load;
  sucrase = null;
}

/** Loads sucrase now if it is not yet (a spare's idle time); a failure is reported by the run that needs it. */
export function loadSucrase(): void {
  try {
    sucrase ??= loader?.() ?? null;
  } catch {
    // The source that needs it throws the same error where the program can see it.
  }
}

function transform(...args: Parameters<SucraseTransform>): ReturnType<SucraseTransform> {
  if (!sucrase) {
    if (!loader) throw new Error('the TypeScript and ES module transform is not available in this worker');
    sucrase = loader();
  }
  return sucrase(...args);
}

export function isTypeScript(path: string): boolean {
  return TYPESCRIPT.test(path);
}

/** Node's rule: the extension, else package.json "type", else whether the source uses ESM syntax. */
export function moduleFormat(path: string, packageType: string | undefined, source: string): ModuleFormat {
  if (/\.m[jt]s$/.test(path)) return 'module';
  if (/\.c[jt]s$/.test(path)) return 'commonjs';
  if (packageType === 'module') return 'module';
  if (packageType === 'commonjs') return 'commonjs';
  return ESM_SYNTAX.test(source) ? 'module' : 'commonjs';
}

/** Code for the module wrapper's body. Throws sucrase's SyntaxError (with line:column) on bad input. */
export function compileModule(source: string, path: string, format: ModuleFormat): string {
  const transforms: Transform[] = [];
  if (isTypeScript(path)) transforms.push('typescript');
  if (/\.[jt]sx$/.test(path)) transforms.push('jsx');
  if (format === 'module') transforms.push('imports');
  let code = source.startsWith('#!') ? `//${source.slice(2)}` : source;
  if (transforms.length) {
    code = transform(code, {
      transforms,
      filePath: path,
      disableESTransforms: true,
      // Plain ES modules evaluate every import; TypeScript elides the ones used only as types.
      keepUnusedImports: format === 'module' && !isTypeScript(path),
      preserveDynamicImport: format !== 'module',
      production: true,
    }).code;
  }
  // import() and import.meta are syntax a plain function body cannot have: route them to the loader.
  code = code.replace(/\bimport\s*\(/g, `${IMPORT_FN}(`);
  if (format === 'module') code = code.replace(/\bimport\.meta\b/g, IMPORT_META);
  return code;
}

/** Where in the source a syntax error is, found by letting the parser read it (V8's eval does not say). */
export function locateSyntaxError(source: string, path: string): { line: number; column: number } | null {
  try {
    transform(source.startsWith('#!') ? `//${source.slice(2)}` : source, {
      transforms: isTypeScript(path) ? ['typescript', 'imports'] : ['imports'],
      filePath: path,
    });
  } catch (error) {
    const m = /\((\d+):(\d+)\)/.exec(String((error as Error).message));
    if (m) return { line: Number(m[1]), column: Number(m[2]) };
  }
  return null;
}
