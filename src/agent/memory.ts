// Project memory files (CLAUDE.md, AGENTS.md, …) with Claude Code's `@path` imports.
// Only the Workspace seam is used, so it reads the same tree the tools see.
import type { Workspace } from '../workspace/types';
import { normalizePath } from './permissions/rules';

export interface LoadedMemory {
  /** Every file's text, each under a `Contents of <path>` line; '' when there are none. */
  text: string;
  /** Absolute paths of the files included, in order. */
  files: string[];
  /** Readable problems (missing import, cycle, outside the workspace…); never thrown. */
  errors: string[];
}

/** Root files, in the order they are read. */
export const MEMORY_FILES = ['CLAUDE.md', 'AGENTS.md', '.claude/CLAUDE.md', 'CLAUDE.local.md'];
export const MAX_IMPORT_DEPTH = 5;
/** Characters kept per file; the rest is cut with a note (every byte is sent with each request). */
export const MAX_FILE_CHARS = 20_000;
/** Characters kept over all files. */
export const MAX_TOTAL_CHARS = 40_000;

export interface LoadMemoryOptions {
  /** True for paths a `Read(...)` deny rule covers: such a file is neither read nor imported. */
  isReadDenied?: (absPath: string) => boolean;
}

interface Loader {
  ws: Workspace;
  isReadDenied?: (absPath: string) => boolean;
  root: string;
  files: string[];
  errors: string[];
  sections: string[];
  total: number;
  seen: Set<string>;
}

/** Reads the memory files at the workspace root and everything they import. */
export async function loadMemory(workspace: Workspace, options: LoadMemoryOptions = {}): Promise<LoadedMemory> {
  const root = normalizePath(workspace.root);
  const ld: Loader = {
    ws: workspace,
    isReadDenied: options.isReadDenied,
    root,
    files: [],
    errors: [],
    sections: [],
    total: 0,
    seen: new Set(),
  };
  for (const name of MEMORY_FILES) {
    const path = join(root, name);
    const kind = await statKind(ld, path);
    if (kind === 'file') await loadFile(ld, path, 0, []);
  }
  return { text: ld.sections.join('\n\n'), files: ld.files, errors: ld.errors };
}

async function statKind(ld: Loader, path: string): Promise<'file' | 'dir' | null> {
  try {
    const st = await ld.ws.stat(path);
    return st ? st.kind : null;
  } catch (error) {
    ld.errors.push(`${display(ld, path)}: ${message(error)}`);
    return null;
  }
}

async function loadFile(ld: Loader, path: string, depth: number, stack: string[]): Promise<void> {
  if (ld.seen.has(path)) return; // already included (e.g. CLAUDE.md imports AGENTS.md)
  ld.seen.add(path);
  if (ld.isReadDenied?.(path)) {
    ld.errors.push(`${display(ld, path)}: not read, a Read deny rule covers it`);
    return;
  }
  let text: string;
  try {
    text = await ld.ws.readText(path);
  } catch (error) {
    ld.errors.push(`${display(ld, path)}: could not be read (${message(error)})`);
    return;
  }
  const name = display(ld, path);
  let body = text.trim();
  if (body.length > MAX_FILE_CHARS) {
    body = `${body.slice(0, MAX_FILE_CHARS)}\n\n[${name} is ${text.length} characters; only the first ${MAX_FILE_CHARS} are included.]`;
    ld.errors.push(`${name}: truncated to ${MAX_FILE_CHARS} characters`);
  }
  if (ld.total + body.length > MAX_TOTAL_CHARS) {
    const room = Math.max(0, MAX_TOTAL_CHARS - ld.total);
    if (room < 200) {
      ld.errors.push(`${name}: left out, the memory files already fill ${MAX_TOTAL_CHARS} characters`);
      return;
    }
    body = `${body.slice(0, room)}\n\n[Cut here: memory files are limited to ${MAX_TOTAL_CHARS} characters in all.]`;
    ld.errors.push(`${name}: cut, the memory files are limited to ${MAX_TOTAL_CHARS} characters in all`);
  }
  ld.total += body.length;
  ld.files.push(path);
  ld.sections.push(`Contents of ${name}:\n\n${body}`);

  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  for (const ref of findImports(text)) {
    await loadImport(ld, ref, dir, name, depth + 1, [...stack, path]);
  }
}

async function loadImport(
  ld: Loader,
  ref: string,
  dir: string,
  from: string,
  depth: number,
  stack: string[],
): Promise<void> {
  if (ref.startsWith('~')) {
    ld.errors.push(`${from}: @${ref} was not imported: there is no home directory in the browser workspace`);
    return;
  }
  const target = ref.startsWith('/') ? normalizePath(ref) : normalizePath(`${dir}/${ref}`);
  if (target !== ld.root && !target.startsWith(ld.root === '/' ? '/' : `${ld.root}/`)) {
    ld.errors.push(`${from}: @${ref} was not imported: it is outside the workspace`);
    return;
  }
  if (stack.includes(target)) {
    ld.errors.push(
      `${from}: @${ref} was not imported: import cycle (${[...stack, target].map((p) => display(ld, p)).join(' → ')})`,
    );
    return;
  }
  if (depth > MAX_IMPORT_DEPTH) {
    ld.errors.push(`${from}: @${ref} was not imported: imports nest deeper than ${MAX_IMPORT_DEPTH} levels`);
    return;
  }
  const kind = await statKind(ld, target);
  if (kind === null) {
    // `@scope/pkg` or `@someone` in prose is not an import; only report what looks like a file.
    if (looksLikeFile(ref)) ld.errors.push(`${from}: @${ref} was not imported: no such file`);
    return;
  }
  if (kind === 'dir') {
    ld.errors.push(`${from}: @${ref} was not imported: it is a directory`);
    return;
  }
  await loadFile(ld, target, depth, stack);
}

function looksLikeFile(ref: string): boolean {
  return /^\.{1,2}\//.test(ref) || ref.startsWith('/') || /\.[A-Za-z0-9]+$/.test(ref.slice(ref.lastIndexOf('/') + 1));
}

/** `@path` references outside code spans and fenced blocks, in order, without duplicates. */
export function findImports(markdown: string): string[] {
  const out: string[] = [];
  for (const line of stripCode(markdown).split('\n')) {
    for (const m of line.matchAll(/(?:^|\s)@((?:\\ |[^\s])+)/g)) {
      const ref = m[1].replace(/\\ /g, ' ').replace(/[.,;:!?)\]}'"]+$/, '');
      if (!ref || ref.startsWith('@') || !/^[\w.~/-]/.test(ref)) continue;
      if (!out.includes(ref)) out.push(ref);
    }
  }
  return out;
}

/** Blanks fenced code blocks and inline code spans, keeping line structure. */
function stripCode(markdown: string): string {
  const lines = markdown.split('\n');
  let fence: string | null = null;
  const out: string[] = [];
  for (const line of lines) {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length && line.trim() === open[1]) fence = null;
      out.push('');
      continue;
    }
    if (open) {
      fence = open[1];
      out.push('');
      continue;
    }
    out.push(line.replace(/(`+)[\s\S]*?\1/g, ''));
  }
  return out.join('\n');
}

function join(root: string, name: string): string {
  return normalizePath(`${root}/${name}`);
}

function display(ld: Loader, path: string): string {
  const prefix = ld.root === '/' ? '/' : `${ld.root}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
