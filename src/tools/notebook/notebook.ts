// Jupyter notebooks (nbformat 4) as plain data: parse, render for the model (cells with their
// outputs as text), and edit cells by id. Written back the way Jupyter writes them (one-space
// indent or the file's own, sources as line arrays, a final newline) so diffs stay small.
import { err, ok, type Result } from '../../lib/result';
import type { MediaBlock } from '../../providers/types';

export type CellType = 'code' | 'markdown' | 'raw';

export interface NotebookCell {
  cell_type: CellType;
  id?: string;
  source: string | string[];
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  outputs?: NotebookOutput[];
  [key: string]: unknown;
}

export interface NotebookOutput {
  output_type: 'stream' | 'execute_result' | 'display_data' | 'error' | string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[] | unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  [key: string]: unknown;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata?: { language_info?: { name?: string }; kernelspec?: { language?: string }; [key: string]: unknown };
  nbformat?: number;
  nbformat_minor?: number;
  [key: string]: unknown;
}

export function parseNotebook(text: string): Result<Notebook> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return err(`it is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!value || typeof value !== 'object' || !Array.isArray((value as Notebook).cells))
    return err('it has no "cells" array, so it is not a Jupyter notebook');
  return ok(value as Notebook);
}

export const joinSource = (source: string | string[] | undefined): string =>
  Array.isArray(source) ? source.join('') : (source ?? '');

/** Jupyter's on-disk form of a source: lines, each but the last keeping its newline. */
export function splitSource(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/** The id a cell answers to: its own, or `cell-N` for notebooks written before cell ids (nbformat < 4.5). */
export function cellId(cell: NotebookCell, index: number): string {
  return typeof cell.id === 'string' && cell.id ? cell.id : `cell-${index}`;
}

/** The index of the cell with that id (or `cell-N` position, or a bare number), else -1. */
export function findCell(nb: Notebook, id: string): number {
  const want = id.trim();
  const byId = nb.cells.findIndex((c, i) => cellId(c, i) === want);
  if (byId >= 0) return byId;
  const m = /^(?:cell-)?(\d+)$/.exec(want);
  const index = m ? Number(m[1]) : -1;
  return index >= 0 && index < nb.cells.length ? index : -1;
}

export function notebookLanguage(nb: Notebook): string {
  return nb.metadata?.language_info?.name ?? nb.metadata?.kernelspec?.language ?? 'python';
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const MAX_OUTPUT_CHARS = 10_000;
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

const sizeText = (bytes: number): string =>
  bytes < 1024 ? `${Math.round(bytes)} bytes` : `${Math.round(bytes / 1024)} KB`;

function clipOutput(text: string): string {
  if (text.length <= MAX_OUTPUT_CHARS) return text;
  return `${text.slice(0, MAX_OUTPUT_CHARS)}\n[… output cut: ${text.length - MAX_OUTPUT_CHARS} more characters]`;
}

/** One output as text; images become a note (and media, when `images` is given). */
function outputText(out: NotebookOutput, images: MediaBlock[] | undefined, label: string): string {
  switch (out.output_type) {
    case 'stream':
      return joinSource(out.text);
    case 'error':
      return (out.traceback?.length ? out.traceback.join('\n') : `${out.ename}: ${out.evalue}`).replace(ANSI, '');
    default: {
      const data = out.data ?? {};
      const parts: string[] = [];
      const image = IMAGE_TYPES.find((t) => typeof data[t] === 'string' || Array.isArray(data[t]));
      if (image) {
        const base64 = joinSource(data[image] as string | string[]).replace(/\s+/g, '');
        const size = sizeText((base64.length * 3) / 4 - (base64.match(/=*$/)?.[0].length ?? 0));
        if (images && images.length < 5) {
          images.push({ type: 'image', mediaType: image, data: base64, name: label });
          parts.push(`[${image} output, ${size}: attached as image ${images.length}]`);
        } else parts.push(`[${image} output, ${size}]`);
      }
      const text = data['text/markdown'] ?? data['text/plain'];
      if (text !== undefined) parts.push(joinSource(text as string | string[]));
      else if (data['text/html'] !== undefined)
        parts.push(`[text/html output, ${joinSource(data['text/html'] as string[]).length} characters]`);
      return parts.join('\n');
    }
  }
}

/**
 * The notebook for the model: each cell tagged with its id and type, code cells followed by their
 * outputs. With `images`, image outputs are collected there (for models that can see them).
 */
export function renderNotebook(nb: Notebook, name: string, images?: MediaBlock[]): string {
  const lines = [
    `Notebook ${name} (${notebookLanguage(nb)}, ${nb.cells.length} cell${nb.cells.length === 1 ? '' : 's'})`,
  ];
  nb.cells.forEach((cell, i) => {
    const id = cellId(cell, i);
    const count =
      cell.cell_type === 'code' && cell.execution_count != null ? ` execution_count="${cell.execution_count}"` : '';
    lines.push('', `<cell id="${id}" type="${cell.cell_type}"${count}>`, joinSource(cell.source), '</cell>');
    const outputs = (cell.outputs ?? [])
      .map((o) => outputText(o, images, `${name} ${id}`).replace(/\n+$/, ''))
      .filter((t) => t.trim());
    if (outputs.length) lines.push(`<output cell="${id}">`, clipOutput(outputs.join('\n')), '</output>');
  });
  return lines.join('\n');
}

/** The file's indent (Jupyter writes one space), so a rewrite changes only what was edited. */
export function serializeNotebook(nb: Notebook, original: string): string {
  const indent = /^\{\s*\n( +|\t)"/.exec(original)?.[1] ?? ' ';
  return `${JSON.stringify(nb, null, indent)}\n`;
}

/** A fresh cell id in nbformat 4.5's style: 8 lowercase letters and digits, unique in the notebook. */
export function newCellId(nb: Notebook): string {
  const taken = new Set(nb.cells.map((c, i) => cellId(c, i)));
  for (;;) {
    const id = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
    if (!taken.has(id)) return id;
  }
}

/** Whether this notebook's format has cell ids (nbformat ≥ 4.5). */
export function hasCellIds(nb: Notebook): boolean {
  return (nb.nbformat ?? 4) > 4 || ((nb.nbformat ?? 4) === 4 && (nb.nbformat_minor ?? 0) >= 5);
}
