import { z } from 'zod';
import { defineTool } from './define-tool';
import { diffHunks } from './diff-hunks';
import { applyEdit, editSnippet, loadForEdit, saveEdited } from './edit';
import { errorResult } from './file-guards';
import { looseBoolean } from './lenient';
import { lineNumberAt } from './text-lines';

export const multiEditTool = defineTool({
  name: 'MultiEdit',
  kind: 'write',
  description:
    'Several Edit-style replacements in one file, applied in order, each to the result of the previous; all succeed or none is written. ' +
    'Same rules as Edit. To create a file, give an empty old_string in the first edit.',
  input: z.object({
    file_path: z.string().describe('Absolute path (under the workspace root) or relative to the root'),
    edits: z
      .array(
        z.object({
          old_string: z.string(),
          new_string: z.string(),
          replace_all: looseBoolean(),
        }),
      )
      .min(1),
  }),
  permission: (input) => ({ ruleName: 'Edit', value: input.file_path }),
  summary: (input) => `MultiEdit ${input.file_path} (${input.edits.length} edits)`,
  async run(input, ctx) {
    const createsFile = input.edits[0].old_string === '';
    const loaded = await loadForEdit(ctx, input.file_path, createsFile);
    if (!loaded.ok) return loaded.result;
    const { abs, shown } = loaded;
    let text = loaded.text;
    const landed: string[] = [];
    let last = { index: 0, inserted: '' };
    let replacements = 0;
    for (let i = 0; i < input.edits.length; i++) {
      const outcome = applyEdit(text, input.edits[i]);
      if (!outcome.ok) return errorResult(`edits[${i}] failed, so no edit was applied to ${shown}: ${outcome.error}`);
      text = outcome.text;
      replacements += outcome.count;
      last = { index: outcome.index, inserted: outcome.insertedText };
      const at = `line ${lineNumberAt(text, outcome.index)}`;
      landed.push(`edits[${i}]: ${at}${outcome.count > 1 ? ` (${outcome.count} replacements)` : ''}`);
    }
    const failed = await saveEdited(ctx, abs, shown, text);
    if (failed) return failed;
    const verb = loaded.exists ? 'Applied' : 'Created the file with';
    return {
      content: `${verb} ${input.edits.length} edits to ${shown}: ${landed.join('; ')}. Around the last edit:\n${editSnippet(text, last.index, last.inserted)}`,
      changed: [abs],
      details: {
        kind: 'edit',
        path: shown,
        created: !loaded.exists,
        replacements,
        edits: input.edits.length,
        hunks: await diffHunks(loaded.text, text),
      },
    };
  },
});
