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
import { countLines, usesCrlf, utf8Length } from './text-lines';

/** What the Write card shows: which file, whether it is new, and how much was written. */
export interface WriteDetails {
  kind: 'write';
  /** Display path (relative to the workspace root). */
  path: string;
  /** True when the file did not exist before. */
  created: boolean;
  /** UTF-8 bytes written (after keeping a CRLF file CRLF). */
  bytes: number;
  lines: number;
}

export const writeTool = defineTool({
  name: 'Write',
  kind: 'write',
  description:
    'Writes a file, replacing it if it exists (creates parent directories). Overwriting an existing file requires Reading it first. ' +
    'Prefer Edit for changes to existing files.',
  input: z.object({
    file_path: z.string().describe('Absolute path (under the workspace root) or relative to the root'),
    content: z.string().describe('The full file content'),
  }),
  permission: (input) => ({ ruleName: 'Edit', value: input.file_path }),
  summary: (input) => `Write ${input.file_path}`,
  async run(input, ctx) {
    const resolved = await resolvePath(ctx, input.file_path);
    if (!resolved.ok) return resolved.result;
    const abs = resolved.abs;
    const ws = ctx.workspace;
    const shown = displayPath(ws, abs);

    const stat = await ws.stat(abs);
    if (stat?.kind === 'dir') return errorResult(`${shown} is a directory; give a file path.`);
    let content = input.content;
    if (stat) {
      const refused = checkReadBeforeWrite(ctx, abs, stat);
      if (refused) return refused;
      // Keep a CRLF file CRLF when the model writes plain LF text.
      try {
        const old = await ws.readText(abs);
        if (usesCrlf(old) && !content.includes('\r\n')) content = content.replace(/\n/g, '\r\n');
      } catch (e) {
        return fsErrorResult(e, shown);
      }
    }
    try {
      await ws.writeFile(abs, content);
    } catch (e) {
      return fsErrorResult(e, shown);
    }
    await refreshReadRecord(ctx, abs);
    const lines = countLines(content);
    return {
      content: stat ? `Updated ${shown} (${lines} lines).` : `Created ${shown} (${lines} lines).`,
      changed: [abs],
      details: { kind: 'write', path: shown, created: !stat, bytes: utf8Length(content), lines },
    };
  },
});
