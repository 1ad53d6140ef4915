import { displayPath as relativeDisplay } from '../lib/paths-and-urls';
import { WorkspaceError, type FileStat, type Workspace } from '../workspace/types';
import type { ToolContext, ToolResult } from './types';

export const NOT_READ_MESSAGE = 'File has not been read yet. Read it first before writing to it.';
export const STALE_MESSAGE =
  'File has been modified since read, either by the user or by a linter. Read it again before attempting to write it.';

export function errorResult(content: string): ToolResult {
  return { content, isError: true };
}

/** The path as the model should see it: the shared display form, relative to this workspace's root. */
export function displayPath(workspace: Workspace, abs: string): string {
  return relativeDisplay(abs, workspace.root);
}

export type Resolved = { ok: true; abs: string } | { ok: false; result: ToolResult };

/** Resolves a tool's path argument under the root; a path outside it becomes an error result, never an exception. */
export async function resolvePath(ctx: ToolContext, path: string | undefined): Promise<Resolved> {
  const ws = ctx.workspace;
  const given = path === undefined || path.trim() === '' ? ws.root : path.trim();
  try {
    return { ok: true, abs: ws.resolve(given) };
  } catch (e) {
    if (!(e instanceof WorkspaceError)) throw e;
    let hint = '';
    // A common slip: an absolute path written relative to the root ("/src/a.ts" for "/workspace/src/a.ts").
    if (given.startsWith('/') && !given.startsWith(`${ws.root}/`)) {
      try {
        const candidate = ws.resolve(given.slice(1));
        if (await ws.stat(candidate)) hint = ` Did you mean ${candidate}?`;
      } catch {
        // no hint
      }
    }
    const why =
      e.code === 'EOUTSIDE' ? `is outside the workspace root ${ws.root}` : `is not a valid path (${e.message})`;
    return {
      ok: false,
      result: errorResult(`Path ${given} ${why}.${hint} Use a path under ${ws.root} or relative to it.`),
    };
  }
}

/** Turns an expected workspace failure into a readable error result; anything else is a bug and rethrown. */
export function fsErrorResult(e: unknown, shown: string): ToolResult {
  if (!(e instanceof WorkspaceError)) throw e;
  switch (e.code) {
    case 'ENOENT':
      return errorResult(`File does not exist: ${shown}`);
    case 'EISDIR':
      return errorResult(`${shown} is a directory, not a file.`);
    case 'ENOTDIR':
      return errorResult(`A parent of ${shown} is a file, not a directory.`);
    case 'EOUTSIDE':
      return errorResult(`Path ${shown} is outside the workspace root.`);
    default:
      return errorResult(`${e.code}: ${e.message}`);
  }
}

/** Write/Edit rule: an existing file must have been read in this session and be unchanged since. */
export function checkReadBeforeWrite(ctx: ToolContext, abs: string, stat: FileStat): ToolResult | null {
  const record = ctx.readFiles.get(abs);
  if (!record) return errorResult(NOT_READ_MESSAGE);
  if (record.mtimeMs !== stat.mtimeMs || record.size !== stat.size) return errorResult(STALE_MESSAGE);
  return null;
}

/** After a successful write, remember the new state so the next edit is not reported stale. */
export async function refreshReadRecord(ctx: ToolContext, abs: string): Promise<void> {
  const stat = await ctx.workspace.stat(abs);
  if (stat) ctx.readFiles.set(abs, { mtimeMs: stat.mtimeMs, size: stat.size, partial: false });
}

export type Sniff = { kind: 'text' } | { kind: 'image' | 'pdf' | 'binary'; format: string };

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'ico', 'tif', 'tiff', 'avif', 'heic']);

/** Classifies a file by its extension and decoded first characters: images, PDFs, and text with NULs or many control characters. */
export function sniffContent(path: string, text: string): Sniff {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  // Magic numbers as they survive UTF-8 decoding (invalid bytes become U+FFFD).
  if (text.startsWith('\ufffdPNG')) return { kind: 'image', format: 'PNG' };
  if (text.startsWith('GIF8')) return { kind: 'image', format: 'GIF' };
  if (text.startsWith('RIFF') && text.slice(8, 12) === 'WEBP') return { kind: 'image', format: 'WebP' };
  if (text.startsWith('%PDF-')) return { kind: 'pdf', format: 'PDF' };
  if (IMAGE_EXTENSIONS.has(ext) && text.length > 0) return { kind: 'image', format: ext.toUpperCase() };
  if (looksBinaryText(text)) return { kind: 'binary', format: ext && ext !== path ? `.${ext}` : 'binary' };
  return { kind: 'text' };
}

const CONTROL = /[\x00-\x06\x0e-\x1a\x1c-\x1f\ufffd]/;

/** A NUL, or more than 10% control or undecodable characters, in the first 8K characters. */
export function looksBinaryText(text: string): boolean {
  const n = Math.min(text.length, 8192);
  const head = text.length > n ? text.slice(0, n) : text;
  if (!CONTROL.test(head)) return false; // the common case, decided by one native scan
  if (head.includes('\0')) return true;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 7 || (c > 13 && c < 32 && c !== 27) || c === 0xfffd) control++;
  }
  return control / n > 0.1;
}
