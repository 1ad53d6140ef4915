// Read of images and PDFs. An image goes to the model as an image block; a PDF as a document block
// where the provider takes one, else as text extracted by unpdf (pdf.js, loaded on first use).
// Read of a notebook renders its cells with their outputs.
import { err, ok, type Result } from '../lib/result';
import type { MediaBlock } from '../providers/types';
import type { FileStat } from '../workspace/types';
import { errorResult, fsErrorResult } from './file-guards';
import { parseNotebook, renderNotebook } from './notebook/notebook';
import type { ToolContext, ToolResult } from './types';

/** Anthropic's limit is 5 MB of base64 per image: 3.75 MB of file. */
export const MAX_IMAGE_BYTES = 3.75 * 1024 * 1024;
export const MAX_PDF_BYTES = 20 * 1024 * 1024;
export const MAX_PDF_PAGES_PER_READ = 20;
const MAX_PDF_TEXT_CHARS = 200_000;

/** Card data for a Read of an image, a PDF or a notebook. */
export interface ReadMediaDetails {
  kind: 'read-media';
  type: 'image' | 'pdf' | 'notebook';
  filePath: string;
  originalSize: number;
  mediaType?: MediaBlock['mediaType'];
  dimensions?: { width: number; height: number };
  /** How a PDF was given to the model. */
  pdfAs?: 'document' | 'text';
  pages?: number[];
  totalPages?: number;
  cells?: number;
}

type ImageType = Extract<MediaBlock['mediaType'], `image/${string}`>;

/** The image type by magic number (the extension may lie). */
export function imageTypeOf(bytes: Uint8Array): ImageType | undefined {
  const b = bytes;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return 'image/gif';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** Width and height from the header, where it is cheap to read. */
export function imageDimensions(bytes: Uint8Array, type: ImageType): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (type === 'image/png') return { width: view.getUint32(16), height: view.getUint32(20) };
    if (type === 'image/gif') return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
    if (type === 'image/jpeg') {
      for (let i = 2; i + 9 < bytes.length;) {
        if (bytes[i] !== 0xff) return undefined;
        const marker = bytes[i + 1];
        const length = view.getUint16(i + 2);
        if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
          return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
        i += 2 + length;
      }
    }
    if (type === 'image/webp') {
      const chunk = String.fromCharCode(...bytes.subarray(12, 16));
      if (chunk === 'VP8X')
        return { width: 1 + (view.getUint32(24, true) & 0xffffff), height: 1 + (view.getUint32(27, true) & 0xffffff) };
      if (chunk === 'VP8 ')
        return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
      if (chunk === 'VP8L') {
        const bits = view.getUint32(21, true);
        return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
      }
    }
  } catch {
    return undefined; // a truncated header
  }
  return undefined;
}

/** Base64 without Buffer (the page has none), in chunks so the argument list stays short. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;

export async function readImage(ctx: ToolContext, abs: string, shown: string, stat: FileStat): Promise<ToolResult> {
  if (!ctx.accepts?.images)
    return errorResult(
      `${shown} is an image (${kb(stat.size)}). The model in use cannot take images, so it cannot be shown to you.`,
    );
  if (stat.size > MAX_IMAGE_BYTES)
    return errorResult(
      `${shown} is ${kb(stat.size)}, over the ${MAX_IMAGE_BYTES / 1024 / 1024} MB limit for images sent to the model.`,
    );
  let bytes: Uint8Array;
  try {
    bytes = await ctx.workspace.readFile(abs);
  } catch (e) {
    return fsErrorResult(e, shown);
  }
  const type = imageTypeOf(bytes);
  if (!type)
    return errorResult(`${shown} does not look like a PNG, JPEG, GIF or WebP image (its header does not match).`);
  const dimensions = imageDimensions(bytes, type);
  const details: ReadMediaDetails = {
    kind: 'read-media',
    type: 'image',
    filePath: abs,
    originalSize: stat.size,
    mediaType: type,
    ...(dimensions ? { dimensions } : {}),
  };
  ctx.readFiles.set(abs, { mtimeMs: stat.mtimeMs, size: stat.size, partial: false });
  const size = dimensions ? `, ${dimensions.width}×${dimensions.height}` : '';
  return {
    content: `Image ${shown} (${type.slice(6).toUpperCase()}${size}, ${kb(stat.size)}) is attached below.`,
    media: [{ type: 'image', mediaType: type, data: toBase64(bytes), name: shown }],
    details,
  };
}

/** "3", "1-5", "2,4,7-9" → sorted 1-based page numbers within the document. */
export function parsePages(spec: string, total: number): Result<number[]> {
  const pages = new Set<number>();
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) return err(`pages: "${spec}" is not a page range; use "3", "1-5" or "2,4,7-9".`);
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    if (from < 1 || to < from) return err(`pages: "${part}" is not a valid range (pages count from 1).`);
    if (from > total)
      return err(`pages: the document has ${total} page${total === 1 ? '' : 's'}; "${part}" is past the end.`);
    for (let p = from; p <= Math.min(to, total); p++) pages.add(p);
  }
  if (!pages.size) return err('pages: give at least one page, e.g. "1-5".');
  return ok([...pages].sort((a, b) => a - b));
}

export async function readPdf(
  ctx: ToolContext,
  abs: string,
  shown: string,
  stat: FileStat,
  pagesSpec: string | undefined,
): Promise<ToolResult> {
  if (stat.size > MAX_PDF_BYTES)
    return errorResult(`${shown} is ${kb(stat.size)}, over the ${MAX_PDF_BYTES / 1024 / 1024} MB limit for PDFs.`);
  let bytes: Uint8Array;
  try {
    bytes = await ctx.workspace.readFile(abs);
  } catch (e) {
    return fsErrorResult(e, shown);
  }
  ctx.readFiles.set(abs, { mtimeMs: stat.mtimeMs, size: stat.size, partial: pagesSpec !== undefined });
  // The whole document, where the provider reads PDFs itself (layout, tables and figures included).
  if (ctx.accepts?.documents && !pagesSpec) {
    const details: ReadMediaDetails = {
      kind: 'read-media',
      type: 'pdf',
      filePath: abs,
      originalSize: stat.size,
      pdfAs: 'document',
    };
    return {
      content: `PDF ${shown} (${kb(stat.size)}) is attached below as a document.`,
      media: [{ type: 'document', mediaType: 'application/pdf', data: toBase64(bytes), name: shown }],
      details,
    };
  }
  const { getDocumentProxy } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(bytes.slice()); // pdf.js takes ownership of the buffer
  } catch (e) {
    return errorResult(`${shown} could not be read as a PDF: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const total = pdf.numPages;
    let pages: number[];
    const notes: string[] = [];
    if (pagesSpec) {
      const parsed = parsePages(pagesSpec, total);
      if (!parsed.ok) return errorResult(parsed.error);
      pages = parsed.value;
      if (pages.length > MAX_PDF_PAGES_PER_READ)
        return errorResult(`pages: ${pages.length} pages asked for; read at most ${MAX_PDF_PAGES_PER_READ} per call.`);
    } else {
      pages = Array.from({ length: Math.min(total, MAX_PDF_PAGES_PER_READ) }, (_, i) => i + 1);
      if (total > pages.length)
        notes.push(
          `(Pages 1–${pages.length} of ${total}; pass pages, e.g. "${pages.length + 1}-${Math.min(total, pages.length * 2)}", for more.)`,
        );
    }
    const parts = [`PDF ${shown} (${total} page${total === 1 ? '' : 's'}, ${kb(stat.size)}), text extracted:`];
    for (const n of pages) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : '');
      }
      parts.push(`\n--- Page ${n} ---\n${text.trim() || '(no text on this page: it may be a scanned image)'}`);
    }
    let content = parts.join('\n');
    if (content.length > MAX_PDF_TEXT_CHARS)
      content = `${content.slice(0, MAX_PDF_TEXT_CHARS)}\n[… text cut at ${MAX_PDF_TEXT_CHARS} characters: read fewer pages]`;
    if (notes.length) content += `\n\n${notes.join('\n')}`;
    const details: ReadMediaDetails = {
      kind: 'read-media',
      type: 'pdf',
      filePath: abs,
      originalSize: stat.size,
      pdfAs: 'text',
      pages,
      totalPages: total,
    };
    return { content, details };
  } finally {
    void pdf.loadingTask.destroy();
  }
}

export async function readNotebookFile(
  ctx: ToolContext,
  abs: string,
  shown: string,
  stat: FileStat,
): Promise<ToolResult> {
  let text: string;
  try {
    text = await ctx.workspace.readText(abs);
  } catch (e) {
    return fsErrorResult(e, shown);
  }
  const parsed = parseNotebook(text);
  if (!parsed.ok)
    return errorResult(
      `${shown} could not be read as a notebook: ${parsed.error}. Read it with offset/limit to see the raw text.`,
    );
  const media: MediaBlock[] | undefined = ctx.accepts?.images ? [] : undefined;
  const content = renderNotebook(parsed.value, shown, media);
  ctx.readFiles.set(abs, { mtimeMs: stat.mtimeMs, size: stat.size, partial: false });
  const details: ReadMediaDetails = {
    kind: 'read-media',
    type: 'notebook',
    filePath: abs,
    originalSize: stat.size,
    cells: parsed.value.cells.length,
  };
  return { content, ...(media?.length ? { media } : {}), details };
}
