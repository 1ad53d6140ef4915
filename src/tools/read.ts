import { z } from 'zod';
import type { Workspace } from '../workspace/types';
import { defineTool } from './define-tool';
import { displayPath, errorResult, fsErrorResult, resolvePath, sniffContent } from './file-guards';
import { looseBoolean, looseNumber } from './lenient';
import { readImage, readNotebookFile, readPdf } from './read-media';
import { countLines, numberedLine, takeLines } from './text-lines';

/** What the Read card shows: which lines of which file the model was given. */
export interface ReadDetails {
  kind: 'read';
  /** Display path (relative to the workspace root). */
  path: string;
  /** First and last line returned, 1-based; both 0 when none were (an empty file, an offset past the end). */
  startLine: number;
  endLine: number;
  totalLines: number;
  /** Only part of the file was read: it goes on before startLine or after endLine. */
  truncated: boolean;
}

export const DEFAULT_READ_LINES = 2000;
/** A whole-file read above this size is refused. */
export const MAX_READ_BYTES = 256 * 1024;
/** Any read whose rendered output exceeds this is refused (room for the line numbers of a file just under the cap). */
export const MAX_READ_OUTPUT_CHARS = 320 * 1024;

/** Up to three existing paths that look like what the model meant. */
export async function similarPaths(workspace: Workspace, abs: string): Promise<string[]> {
  const base = abs.slice(abs.lastIndexOf('/') + 1).toLowerCase();
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  const rel = displayPath(workspace, abs);
  const found: string[] = [];
  let files: string[];
  try {
    files = await workspace.listFiles();
  } catch {
    return found;
  }
  for (const file of files) {
    if (file.includes('/.git/') || file.includes('/node_modules/')) continue;
    const name = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
    const nameStem = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
    if (name === base || (stem !== '' && nameStem === stem) || file.endsWith(`/${rel}`)) {
      found.push(displayPath(workspace, file));
      if (found.length === 3) break;
    }
  }
  return found;
}

/** With allow_large: a whole file up to this size, all its lines. */
export const MAX_LARGE_READ_BYTES = 1024 * 1024;
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp']);

export const readTool = defineTool({
  name: 'Read',
  kind: 'read',
  description:
    'Reads a file. Text comes `cat -n` style: line number, tab, line; up to 2000 lines from offset (1-based line number), ' +
    'lines over 2000 chars cut. Files over 256 KB need offset and limit, or allow_large to read up to 1 MB whole. ' +
    'Images (png, jpg, gif, webp) are shown to you; PDFs too (pages: "1-5", at most 20 pages a call); notebooks (.ipynb) as cells with outputs. ' +
    'Read a file before you Edit or Write it. For directories use LS or Glob.',
  input: z.object({
    file_path: z.string().describe('Absolute path (under the workspace root) or relative to the root'),
    offset: looseNumber().describe('1-based line number to start from'),
    limit: looseNumber().describe('Number of lines to read'),
    pages: z.string().optional().describe('PDF pages, e.g. "1-5", "3", "10-20" (max 20)'),
    allow_large: looseBoolean().describe('Read a text file over the usual size limit (up to 1 MB) whole'),
  }),
  permission: (input) => ({ ruleName: 'Read', value: input.file_path }),
  summary: (input) => `Read ${input.file_path}`,
  async run(input, ctx) {
    const resolved = await resolvePath(ctx, input.file_path);
    if (!resolved.ok) return resolved.result;
    const abs = resolved.abs;
    const ws = ctx.workspace;
    const shown = displayPath(ws, abs);

    const stat = await ws.stat(abs);
    if (!stat) {
      const similar = await similarPaths(ws, abs);
      const hint = similar.length ? ` Did you mean ${similar.join(', ')}?` : '';
      return errorResult(`File does not exist: ${shown}.${hint}`);
    }
    if (stat.kind === 'dir')
      return errorResult(`${shown} is a directory. Use LS to list it or Glob to find files in it.`);

    const ranged = input.offset !== undefined || input.limit !== undefined;
    const ext = abs.slice(abs.lastIndexOf('.') + 1).toLowerCase();
    if (ext === 'pdf') return readPdf(ctx, abs, shown, stat, input.pages?.trim() || undefined);
    if (input.pages !== undefined) return errorResult('pages: only for PDF files; use offset and limit for text.');
    if (IMAGE_EXTENSIONS.has(ext)) return readImage(ctx, abs, shown, stat);
    if (ext === 'ipynb' && !ranged) return readNotebookFile(ctx, abs, shown, stat);

    let text: string;
    try {
      text = await ws.readText(abs); // the lite tree caches decoded text
    } catch (e) {
      return fsErrorResult(e, shown);
    }
    const size = stat.size;
    const sniff = sniffContent(abs, text);
    if (sniff.kind === 'image') {
      if (['PNG', 'GIF', 'WebP'].includes(sniff.format)) return readImage(ctx, abs, shown, stat);
      return errorResult(
        `${shown} is a ${sniff.format} image (${size} bytes); only PNG, JPEG, GIF and WebP images can be shown to you.`,
      );
    }
    if (sniff.kind === 'pdf') return readPdf(ctx, abs, shown, stat, undefined);
    if (sniff.kind === 'binary') {
      return errorResult(`${shown} is a binary file (${size} bytes), not text; Read only shows text files.`);
    }

    const record = (partial: boolean) => ctx.readFiles.set(abs, { mtimeMs: stat.mtimeMs, size: stat.size, partial });
    const details = (startLine: number, endLine: number, totalLines: number, truncated: boolean): ReadDetails => ({
      kind: 'read',
      path: shown,
      startLine,
      endLine,
      totalLines,
      truncated,
    });
    if (text.length === 0) {
      record(false);
      return { content: `(${shown} exists but is empty.)`, details: details(0, 0, 0, false) };
    }
    const totalLines = countLines(text);
    const large = input.allow_large === true;
    const maxBytes = large ? MAX_LARGE_READ_BYTES : MAX_READ_BYTES;
    if (!ranged && size > maxBytes) {
      return errorResult(
        `${shown} is ${Math.round(size / 1024)} KB (${totalLines} lines), over the ${maxBytes / 1024} KB limit for reading a whole file${large ? ' even with allow_large' : ''}. ` +
          `Use offset and limit to read part of it${large ? '' : ' (or allow_large to read up to 1 MB whole)'}, or Grep to find what you need.`,
      );
    }

    const start = Math.max(1, Math.floor(input.offset ?? 1));
    const limit = Math.max(1, Math.floor(input.limit ?? (large ? totalLines : DEFAULT_READ_LINES)));
    const maxOutput = large ? MAX_LARGE_READ_BYTES * 1.25 : MAX_READ_OUTPUT_CHARS;
    if (start > totalLines) {
      record(true);
      return {
        content: `(${shown} has ${totalLines} lines; offset ${start} is past the end.)`,
        details: details(0, 0, totalLines, true),
      };
    }
    const lines = takeLines(text, start, limit);
    let out = '';
    for (let i = 0; i < lines.length; i++) {
      out += (i ? '\n' : '') + numberedLine(start + i, lines[i]);
      if (out.length > maxOutput) {
        return errorResult(
          `Lines ${start}–${start + lines.length - 1} of ${shown} render to more than ${Math.round(maxOutput / 1024)} KB. Read fewer lines with a smaller limit.`,
        );
      }
    }
    const end = start + lines.length - 1;
    const partial = start > 1 || end < totalLines;
    record(partial);
    if (end < totalLines)
      out += `\n\n(Showing lines ${start}–${end} of ${totalLines}. Use offset=${end + 1} to read more.)`;
    return { content: out, details: details(start, end, totalLines, partial) };
  },
});
