import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { notebookEditTool } from './notebook-edit';
import { readTool } from './read';
import { call, makeContext } from './test-context';
import type { ToolContext } from './types';

const TIDES = readFileSync(new URL('../../test/fixtures/files/tides.ipynb', import.meta.url), 'utf8');
const PATH = '/workspace/analysis/tides.ipynb';

async function readNotebook(ctx: ToolContext): Promise<any> {
  return JSON.parse(await ctx.workspace.readText(PATH));
}

async function opened(images = false): Promise<ToolContext> {
  const ctx: ToolContext = { ...makeContext({ 'analysis/tides.ipynb': TIDES }), accepts: { images, documents: false } };
  const read = await call(readTool, { file_path: 'analysis/tides.ipynb' }, ctx);
  expect(read.isError).toBeFalsy();
  return ctx;
}

describe('Read of a notebook', () => {
  it('shows each cell with its id and type, and code outputs as text', async () => {
    const ctx = makeContext({ 'analysis/tides.ipynb': TIDES });
    const r = await call(readTool, { file_path: 'analysis/tides.ipynb' }, ctx);
    expect(r.content).toContain('Notebook analysis/tides.ipynb (python, 4 cells)');
    expect(r.content).toContain('<cell id="intro01" type="markdown">\n# Tides\n\nLoad the data.\n</cell>');
    expect(r.content).toContain('<cell id="load02" type="code" execution_count="1">\nimport pandas as pd');
    expect(r.content).toContain('<output cell="load02">\nloaded 3 rows\n   port  height\n0  Brest     6.1\n</output>');
    expect(r.content).toContain('[image/png output, 70 bytes]\n<Figure size 640x480 with 1 Axes>');
    // Tracebacks lose their terminal colour codes.
    expect(r.content).toContain("KeyError: 'depth'");
    expect(r.content).not.toContain('\u001b[');
    expect(r.media).toBeUndefined();
  });

  it('attaches image outputs for a model that takes images', async () => {
    const ctx = { ...makeContext({ 'n.ipynb': TIDES }), accepts: { images: true, documents: false } };
    const r = await call(readTool, { file_path: 'n.ipynb' }, ctx);
    expect(r.media).toEqual([expect.objectContaining({ type: 'image', mediaType: 'image/png' })]);
    expect(r.content).toContain('attached as image 1');
  });

  it('reads the raw JSON when offset or limit is given', async () => {
    const ctx = makeContext({ 'n.ipynb': TIDES });
    const r = await call(readTool, { file_path: 'n.ipynb', limit: 3 }, ctx);
    expect(r.content).toContain('"cells": [');
  });
});

describe('NotebookEdit', () => {
  it('replaces a code cell and clears its stale outputs, leaving the rest of the file byte for byte', async () => {
    const ctx = await opened();
    const r = await call(
      notebookEditTool,
      { notebook_path: PATH, cell_id: 'fail04', new_source: "df['height'].max()" },
      ctx,
    );
    expect(r).toMatchObject({ content: 'Updated cell fail04 in analysis/tides.ipynb.', changed: [PATH] });
    const nb = await readNotebook(ctx);
    expect(nb.cells[3]).toMatchObject({
      id: 'fail04',
      source: ["df['height'].max()"],
      outputs: [],
      execution_count: null,
    });
    expect(nb.cells[1].outputs).toHaveLength(2);
    const text = await ctx.workspace.readText(PATH);
    const untouched = (s: string) => s.slice(0, s.indexOf('"df.plot()"'));
    expect(untouched(text)).toBe(untouched(TIDES));
    const tail = (s: string) => s.slice(s.indexOf('"kernelspec"'));
    expect(tail(text)).toBe(tail(TIDES));
    expect(r.details).toMatchObject({ old_source: "df['depth']", language: 'python', edit_mode: 'replace' });
  });

  it('rewrites an unchanged notebook identically (Jupyter layout kept)', async () => {
    const ctx = await opened();
    await call(
      notebookEditTool,
      { notebook_path: PATH, cell_id: 'intro01', new_source: '# Tides\n\nLoad the data.' },
      ctx,
    );
    expect(await ctx.workspace.readText(PATH)).toBe(TIDES);
  });

  it('inserts a cell after a given one, or at the top, with a fresh id', async () => {
    const ctx = await opened();
    const after = await call(
      notebookEditTool,
      { notebook_path: PATH, cell_id: 'load02', new_source: 'df.describe()\n', cell_type: 'code', edit_mode: 'insert' },
      ctx,
    );
    expect(after.content).toMatch(/^Inserted code cell [a-z0-9]{8} after load02/);
    const top = await call(
      notebookEditTool,
      { notebook_path: PATH, new_source: 'Notes', cell_type: 'markdown', edit_mode: 'insert' },
      ctx,
    );
    expect(top.content).toMatch(/at the top/);
    const nb = await readNotebook(ctx);
    expect(nb.cells.map((c: any) => c.cell_type)).toEqual(['markdown', 'markdown', 'code', 'code', 'code', 'code']);
    expect(nb.cells[3]).toMatchObject({ source: ['df.describe()\n'], outputs: [], execution_count: null });
    expect(new Set(nb.cells.map((c: any) => c.id)).size).toBe(6);
  });

  it('deletes a cell', async () => {
    const ctx = await opened();
    const r = await call(
      notebookEditTool,
      { notebook_path: PATH, cell_id: 'plot03', new_source: '', edit_mode: 'delete' },
      ctx,
    );
    expect(r.content).toBe('Deleted cell plot03 in analysis/tides.ipynb.');
    expect((await readNotebook(ctx)).cells.map((c: any) => c.id)).toEqual(['intro01', 'load02', 'fail04']);
  });

  it('finds cells by position in notebooks without ids, and changes a cell type', async () => {
    const old = JSON.parse(TIDES);
    old.nbformat_minor = 4;
    for (const cell of old.cells) delete cell.id;
    const ctx = makeContext({ 'old.ipynb': JSON.stringify(old, null, 1) });
    await call(readTool, { file_path: 'old.ipynb' }, ctx);
    const r = await call(
      notebookEditTool,
      { notebook_path: 'old.ipynb', cell_id: 'cell-2', new_source: 'A *plot*.', cell_type: 'markdown' },
      ctx,
    );
    expect(r.isError).toBeFalsy();
    const nb = JSON.parse(await ctx.workspace.readText('old.ipynb'));
    expect(nb.cells[2]).toEqual({ cell_type: 'markdown', metadata: {}, source: ['A *plot*.'] });
    const inserted = await call(
      notebookEditTool,
      { notebook_path: 'old.ipynb', cell_id: 'cell-0', new_source: 'x = 1', cell_type: 'code', edit_mode: 'insert' },
      ctx,
    );
    expect(inserted.content).toMatch(/Inserted code cell cell-1 after cell-0/);
    expect(JSON.parse(await ctx.workspace.readText('old.ipynb')).cells[1].id).toBeUndefined();
  });

  it('refuses bad calls with the field named, and an unread or changed notebook', async () => {
    const unread = makeContext({ 'n.ipynb': TIDES });
    expect(
      (await call(notebookEditTool, { notebook_path: 'n.ipynb', cell_id: 'load02', new_source: 'x' }, unread)).content,
    ).toMatch(/has not been read/);
    const ctx = await opened();
    const missing = await call(notebookEditTool, { notebook_path: PATH, cell_id: 'nope', new_source: 'x' }, ctx);
    expect(missing.content).toMatch(/^cell_id: no cell "nope".*Cells: intro01, load02, plot03, fail04/);
    const noType = await call(notebookEditTool, { notebook_path: PATH, new_source: 'x', edit_mode: 'insert' }, ctx);
    expect(noType.content).toMatch(/^cell_type: required/);
    const noId = await call(notebookEditTool, { notebook_path: PATH, new_source: 'x' }, ctx);
    expect(noId.content).toMatch(/^cell_id: required/);
    const badMode = await call(notebookEditTool, { notebook_path: PATH, new_source: 'x', edit_mode: 'append' }, ctx);
    expect(badMode).toMatchObject({ isError: true, content: expect.stringContaining('edit_mode') });
    await ctx.workspace.writeFile(PATH, TIDES.replace('Load the data.', 'Changed'));
    expect(
      (await call(notebookEditTool, { notebook_path: PATH, cell_id: 'load02', new_source: 'x' }, ctx)).content,
    ).toMatch(/modified since read/);
    await ctx.workspace.writeFile('broken.ipynb', '{ not json');
    await call(readTool, { file_path: 'broken.ipynb' }, ctx);
    ctx.readFiles.set('/workspace/broken.ipynb', { ...(await ctx.workspace.stat('broken.ipynb'))!, partial: false });
    expect(
      (await call(notebookEditTool, { notebook_path: 'broken.ipynb', cell_id: 'a', new_source: 'x' }, ctx)).content,
    ).toMatch(/not valid JSON/);
  });
});
