import { z } from 'zod';
import { defineTool } from './define-tool';
import {
  checkReadBeforeWrite,
  displayPath,
  errorResult,
  fsErrorResult,
  refreshReadRecord,
  resolvePath,
} from './file-guards';
import {
  cellId,
  findCell,
  hasCellIds,
  joinSource,
  newCellId,
  notebookLanguage,
  parseNotebook,
  serializeNotebook,
  splitSource,
  type CellType,
  type NotebookCell,
} from './notebook/notebook';

/** Card data, after Claude Code's NotebookEdit output. */
export interface NotebookEditDetails {
  kind: 'notebook-edit';
  notebook_path: string;
  edit_mode: 'replace' | 'insert' | 'delete';
  cell_id: string;
  cell_type?: CellType;
  language: string;
  new_source: string;
  old_source?: string;
}

export const notebookEditTool = defineTool({
  name: 'NotebookEdit',
  kind: 'write',
  description:
    'Edits one cell of a Jupyter notebook (.ipynb): edit_mode "replace" (default) sets the source of cell_id (a code cell loses its outputs), ' +
    '"insert" adds a cell after cell_id (at the top without it; cell_type required), "delete" removes cell_id. ' +
    'Cell ids are shown by Read of the notebook; read it first.',
  input: z.object({
    notebook_path: z.string().min(1).describe('Path of the .ipynb file'),
    cell_id: z.string().optional().describe('The cell to edit, or to insert after'),
    new_source: z.string().describe('The new source of the cell (ignored for delete)'),
    cell_type: z.enum(['code', 'markdown']).optional().describe('Cell type; required for insert'),
    edit_mode: z.enum(['replace', 'insert', 'delete']).optional().describe('Default replace'),
  }),
  permission: (input) => ({ ruleName: 'Edit', value: input.notebook_path }),
  summary: (input) => `NotebookEdit ${input.notebook_path}${input.cell_id ? ` ${input.cell_id}` : ''}`,
  async run(input, ctx) {
    const resolved = await resolvePath(ctx, input.notebook_path);
    if (!resolved.ok) return resolved.result;
    const abs = resolved.abs;
    const shown = displayPath(ctx.workspace, abs);
    if (!abs.endsWith('.ipynb')) return errorResult(`${shown} is not a notebook (.ipynb); use Edit for other files.`);
    const stat = await ctx.workspace.stat(abs);
    if (!stat) return errorResult(`Notebook does not exist: ${shown}. Create it with Write.`);
    const guard = checkReadBeforeWrite(ctx, abs, stat);
    if (guard) return guard;
    let text: string;
    try {
      text = await ctx.workspace.readText(abs);
    } catch (e) {
      return fsErrorResult(e, shown);
    }
    const parsed = parseNotebook(text);
    if (!parsed.ok) return errorResult(`${shown} cannot be edited: ${parsed.error}.`);
    const nb = parsed.value;
    const mode = input.edit_mode ?? 'replace';
    const language = notebookLanguage(nb);
    const known = () =>
      nb.cells.length ? `Cells: ${nb.cells.map((c, i) => cellId(c, i)).join(', ')}.` : 'The notebook has no cells.';

    let index = -1;
    if (input.cell_id !== undefined && input.cell_id.trim() !== '') {
      index = findCell(nb, input.cell_id);
      if (index < 0) return errorResult(`cell_id: no cell "${input.cell_id}" in ${shown}. ${known()}`);
    } else if (mode !== 'insert') {
      return errorResult(`cell_id: required to ${mode} a cell. ${known()}`);
    }

    let message: string;
    let details: NotebookEditDetails;
    if (mode === 'insert') {
      if (!input.cell_type) return errorResult('cell_type: required when inserting a cell (code or markdown).');
      const cell: NotebookCell =
        input.cell_type === 'code'
          ? {
              cell_type: 'code',
              execution_count: null,
              metadata: {},
              outputs: [],
              source: splitSource(input.new_source),
            }
          : { cell_type: 'markdown', metadata: {}, source: splitSource(input.new_source) };
      if (hasCellIds(nb)) cell.id = newCellId(nb);
      nb.cells.splice(index + 1, 0, cell);
      const id = cellId(cell, index + 1);
      message = `Inserted ${input.cell_type} cell ${id} ${index < 0 ? 'at the top' : `after ${cellId(nb.cells[index], index)}`}`;
      details = {
        kind: 'notebook-edit',
        notebook_path: abs,
        edit_mode: mode,
        cell_id: id,
        cell_type: input.cell_type,
        language,
        new_source: input.new_source,
      };
    } else if (mode === 'delete') {
      const [removed] = nb.cells.splice(index, 1);
      const id = cellId(removed, index);
      message = `Deleted cell ${id}`;
      details = {
        kind: 'notebook-edit',
        notebook_path: abs,
        edit_mode: mode,
        cell_id: id,
        cell_type: removed.cell_type === 'raw' ? undefined : removed.cell_type,
        language,
        new_source: '',
        old_source: joinSource(removed.source),
      };
    } else {
      const cell = nb.cells[index];
      const id = cellId(cell, index);
      const oldSource = joinSource(cell.source);
      cell.source = splitSource(input.new_source);
      if (input.cell_type && input.cell_type !== cell.cell_type) {
        cell.cell_type = input.cell_type;
        if (input.cell_type === 'markdown') {
          delete cell.outputs;
          delete cell.execution_count;
        }
      }
      // A changed code cell's old outputs no longer describe it.
      if (cell.cell_type === 'code') {
        cell.execution_count = null;
        cell.outputs = [];
      }
      message = `Updated cell ${id}`;
      details = {
        kind: 'notebook-edit',
        notebook_path: abs,
        edit_mode: 'replace',
        cell_id: id,
        cell_type: cell.cell_type === 'raw' ? undefined : cell.cell_type,
        language,
        new_source: input.new_source,
        old_source: oldSource,
      };
    }
    try {
      await ctx.workspace.writeFile(abs, serializeNotebook(nb, text));
    } catch (e) {
      return fsErrorResult(e, shown);
    }
    await refreshReadRecord(ctx, abs);
    return { content: `${message} in ${shown}.`, changed: [abs], details };
  },
});
