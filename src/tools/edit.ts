import { z } from 'zod';
import type { DiffHunk } from '../lib/diff-hunk';
import { defineTool } from './define-tool';
import {
  checkReadBeforeWrite,
  displayPath,
  errorResult,
  fsErrorResult,
  refreshReadRecord,
  resolvePath,
} from './file-guards';
import { looseBoolean } from './lenient';
import { diffHunks } from './diff-hunks';
import { similarPaths } from './read';
import type { ToolContext, ToolResult } from './types';
import { countNewlines, lineNumberAt, numberedLine, takeLines, usesCrlf } from './text-lines';

/** What the Edit and MultiEdit cards show: the change itself, with the file's line numbers. */
export interface EditDetails {
  kind: 'edit';
  /** Display path (relative to the workspace root). */
  path: string;
  /** The file did not exist: the edit created it. */
  created: boolean;
  /** Occurrences replaced, over all edits. */
  replacements: number;
  /** MultiEdit: how many edits were applied, in order. */
  edits?: number;
  /** The change as unified-diff hunks; null when the changed region was too large to diff here. */
  hunks: DiffHunk[] | null;
}

export interface EditSpec {
  old_string: string;
  new_string: string;
  replace_all?: boolean;
}

export type EditOutcome =
  | {
      ok: true;
      text: string;
      count: number;
      /** index of the first replacement in the new text */ index: number;
      insertedText: string;
    }
  | { ok: false; error: string };

const MAX_LISTED_LINES = 10;

/** Every non-overlapping index of `needle` in `text`, in one left-to-right scan. */
function findAll(text: string, needle: string): number[] {
  const found: number[] = [];
  let i = text.indexOf(needle);
  while (i !== -1) {
    found.push(i);
    i = text.indexOf(needle, i + needle.length);
  }
  return found;
}

/** 1-based line numbers of ascending indexes, counting newlines once across the text. */
function lineNumbersOf(text: string, indexes: number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let from = 0;
  for (const idx of indexes) {
    line += countNewlines(text, from, idx);
    from = idx;
    lines.push(line);
  }
  return lines;
}

/** Why old_string did not match, with a cheap hint when it nearly does. */
export function notFoundMessage(text: string, oldString: string): string {
  const base = 'old_string was not found in the file.';
  const oldLines = oldString.split('\n');
  if (oldLines.some((l) => l.trim() !== '') && oldLines.every((l) => l.trim() === '' || /^\s*\d+\t/.test(l))) {
    return `${base} It seems to include the line-number prefixes of Read output (number + tab); remove them and keep the text after the tab exactly.`;
  }
  const trimmed = oldLines.map((l) => l.trim());
  while (trimmed.length && trimmed[0] === '') trimmed.shift();
  while (trimmed.length && trimmed[trimmed.length - 1] === '') trimmed.pop();
  if (trimmed.length) {
    let tries = 0;
    let i = text.indexOf(trimmed[0]);
    while (i !== -1 && tries++ < 200) {
      const lineStart = text.lastIndexOf('\n', i - 1) + 1;
      let pos = lineStart;
      let k = 0;
      for (; k < trimmed.length && pos <= text.length; k++) {
        let end = text.indexOf('\n', pos);
        if (end === -1) end = text.length;
        if (text.slice(pos, end).trim() !== trimmed[k]) break;
        pos = end + 1;
      }
      if (k === trimmed.length) {
        return `${base} The same text with different indentation or surrounding whitespace is at line ${lineNumberAt(text, lineStart)}; copy it exactly (spaces vs tabs, indentation) from Read output.`;
      }
      i = text.indexOf(trimmed[0], i + 1);
    }
    const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
    if (collapse(text).includes(collapse(oldString))) {
      return `${base} It matches only if whitespace is ignored (line breaks or spacing differ); Read the file again and copy the exact text.`;
    }
  }
  return `${base} Read the file again to get its exact current text.`;
}

/** Applies one exact-match replacement to text; pure, linear in the text's length. */
export function applyEdit(text: string, edit: EditSpec): EditOutcome {
  let { old_string: oldString, new_string: newString } = edit;
  if (oldString === newString)
    return { ok: false, error: 'No changes to make: old_string and new_string are exactly the same.' };
  if (oldString === '') {
    if (text !== '')
      return {
        ok: false,
        error:
          'old_string is empty, but the file is not. Give the text to replace, or use Write to replace the whole file.',
      };
    return { ok: true, text: newString, count: 1, index: 0, insertedText: newString };
  }
  let positions = findAll(text, oldString);
  if (positions.length === 0) {
    // Line endings differ between the model's text and the file: match in the file's convention.
    let converted: [string, string] | null = null;
    if (usesCrlf(text) && oldString.includes('\n')) {
      converted = [oldString.replace(/\r?\n/g, '\r\n'), newString.replace(/\r?\n/g, '\r\n')];
    } else if (oldString.includes('\r\n')) {
      converted = [oldString.replace(/\r\n/g, '\n'), newString.replace(/\r\n/g, '\n')];
    }
    if (converted && converted[0] !== oldString) {
      positions = findAll(text, converted[0]);
      if (positions.length) [oldString, newString] = converted;
    }
  } else if (usesCrlf(text) && newString.includes('\n') && !newString.includes('\r\n')) {
    newString = newString.replace(/\n/g, '\r\n');
  }
  if (positions.length === 0) return { ok: false, error: notFoundMessage(text, edit.old_string) };
  if (positions.length > 1 && !edit.replace_all) {
    const lines = lineNumbersOf(text, positions.slice(0, MAX_LISTED_LINES));
    const more = positions.length > MAX_LISTED_LINES ? ', …' : '';
    return {
      ok: false,
      error:
        `Found ${positions.length} matches of old_string (at lines ${lines.join(', ')}${more}), but replace_all is false. ` +
        'Add surrounding lines to old_string to make it unique, or set replace_all to true to change every one.',
    };
  }
  const parts: string[] = [];
  let from = 0;
  for (const p of positions) {
    parts.push(text.slice(from, p), newString);
    from = p + oldString.length;
  }
  parts.push(text.slice(from));
  return { ok: true, text: parts.join(''), count: positions.length, index: positions[0], insertedText: newString };
}

/** A few numbered lines around an applied edit, so the model sees the result without another Read. */
export function editSnippet(text: string, index: number, insertedText: string, context = 3): string {
  const first = lineNumberAt(text, index);
  const last = Math.min(first + countNewlines(insertedText, 0, insertedText.length), first + 20) + context;
  // Walk back from the edit rather than forward from the top: one scan of the text, not two.
  let start = text.lastIndexOf('\n', index - 1) + 1;
  let line = first;
  while (line > 1 && line > first - context) {
    start = start >= 2 ? text.lastIndexOf('\n', start - 2) + 1 : 0;
    line--;
  }
  const lines = takeLines(text.slice(start, start + 200_000), 1, last - line + 1);
  return lines.map((l, i) => numberedLine(line + i, l)).join('\n');
}

export type LoadedForEdit =
  { ok: true; abs: string; shown: string; exists: boolean; text: string } | { ok: false; result: ToolResult };

/** The shared prelude of Edit and MultiEdit: resolve, check read-before-write and staleness, load the text. */
export async function loadForEdit(
  ctx: ToolContext,
  filePath: string,
  createsWhenMissing: boolean,
): Promise<LoadedForEdit> {
  const resolved = await resolvePath(ctx, filePath);
  if (!resolved.ok) return resolved;
  const abs = resolved.abs;
  const ws = ctx.workspace;
  const shown = displayPath(ws, abs);
  const stat = await ws.stat(abs);
  if (!stat) {
    if (createsWhenMissing) return { ok: true, abs, shown, exists: false, text: '' };
    const similar = await similarPaths(ws, abs);
    const hint = similar.length ? ` Did you mean ${similar.join(', ')}?` : '';
    return {
      ok: false,
      result: errorResult(
        `File does not exist: ${shown}.${hint} To create a file, use Write (or an empty old_string).`,
      ),
    };
  }
  if (stat.kind === 'dir') return { ok: false, result: errorResult(`${shown} is a directory, not a file.`) };
  const refused = checkReadBeforeWrite(ctx, abs, stat);
  if (refused) return { ok: false, result: refused };
  try {
    return { ok: true, abs, shown, exists: true, text: await ws.readText(abs) };
  } catch (e) {
    return { ok: false, result: fsErrorResult(e, shown) };
  }
}

/** Writes edited text back and refreshes the read record; an error result on failure. */
export async function saveEdited(
  ctx: ToolContext,
  abs: string,
  shown: string,
  text: string,
): Promise<ToolResult | null> {
  try {
    await ctx.workspace.writeFile(abs, text);
  } catch (e) {
    return fsErrorResult(e, shown);
  }
  await refreshReadRecord(ctx, abs);
  return null;
}

export const editTool = defineTool({
  name: 'Edit',
  kind: 'write',
  description:
    "Replaces exact text in a file. Read the file first. old_string must match the file exactly (indentation included, without Read's line-number prefix) " +
    'and be unique unless replace_all is true; include surrounding lines to make it unique. An empty old_string on a missing file creates it.',
  input: z.object({
    file_path: z.string().describe('Absolute path (under the workspace root) or relative to the root'),
    old_string: z.string().describe('Exact text to replace'),
    new_string: z.string().describe('Replacement text (must differ)'),
    replace_all: looseBoolean().describe('Replace every occurrence (default false)'),
  }),
  permission: (input) => ({ ruleName: 'Edit', value: input.file_path }),
  summary: (input) => `Edit ${input.file_path}`,
  async run(input, ctx) {
    if (input.old_string === input.new_string)
      return errorResult('No changes to make: old_string and new_string are exactly the same.');
    const loaded = await loadForEdit(ctx, input.file_path, input.old_string === '');
    if (!loaded.ok) return loaded.result;
    const { abs, shown } = loaded;
    const outcome = applyEdit(loaded.text, input);
    if (!outcome.ok) return errorResult(`${shown}: ${outcome.error}`);
    const failed = await saveEdited(ctx, abs, shown, outcome.text);
    if (failed) return failed;
    const details: EditDetails = {
      kind: 'edit',
      path: shown,
      created: !loaded.exists,
      replacements: outcome.count,
      hunks: await diffHunks(loaded.text, outcome.text),
    };
    if (!loaded.exists) return { content: `Created ${shown}.`, changed: [abs], details };
    const count = outcome.count === 1 ? '1 replacement' : `${outcome.count} replacements`;
    return {
      content: `Edited ${shown} (${count}). Snippet:\n${editSnippet(outcome.text, outcome.index, outcome.insertedText)}`,
      changed: [abs],
      details,
    };
  },
});
