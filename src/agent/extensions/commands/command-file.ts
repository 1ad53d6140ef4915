// One custom command: `.claude/commands/<path>.md`. A file in a subfolder is namespaced as
// Claude Code does it (`frontend/component.md` → `/frontend:component`, listed as "project:frontend").
import { booleanField, listField, parseFrontmatter, rawField, stringField } from '../frontmatter';
import {
  firstParagraph,
  shellCommandsIn,
  type ExtensionNotice,
  type ExtensionScope,
  type PromptDefinition,
} from '../prompt-definition';

export interface CommandSource {
  text: string;
  file: string;
  /** The path under the commands folder, e.g. `frontend/component.md`. */
  relativePath: string;
  scope: ExtensionScope;
}

const NAME_PART = /^[A-Za-z0-9][\w.-]*$/;

export async function parseCommand(
  source: CommandSource,
): Promise<{ command?: PromptDefinition; notices: ExtensionNotice[] }> {
  const notices: ExtensionNotice[] = [];
  const note = (message: string) => notices.push({ file: source.file, message });
  const parts = source.relativePath.replace(/\.md$/i, '').split('/').filter(Boolean);
  if (parts.length === 0 || !parts.every((p) => NAME_PART.test(p))) {
    note('its path cannot be a command name (use letters, digits, `-`, `_` and `.`); it was not loaded.');
    return { notices };
  }
  const fm = await parseFrontmatter(source.text);
  if (fm.warning) note(fm.warning);
  const hint = fm.data['argument-hint'];
  const description = stringField(fm.data, 'description');
  return {
    command: {
      kind: 'command',
      name: parts.join(':'),
      description: description ?? firstParagraph(fm.body),
      scope: source.scope,
      file: source.file,
      body: fm.body,
      argumentHint: typeof hint === 'string' ? hint : rawField(fm.raw, 'argument-hint') || undefined,
      argumentNames: listField(fm.data, 'arguments'),
      allowedTools: listField(fm.data, 'allowed-tools'),
      disallowedTools: listField(fm.data, 'disallowed-tools'),
      model: stringField(fm.data, 'model'),
      // As with Claude Code's SlashCommand tool, the model sees only commands that describe themselves.
      disableModelInvocation: booleanField(fm.data, 'disable-model-invocation') ?? !description,
      userInvocable: true,
      shellCommands: shellCommandsIn(fm.body),
    },
    notices,
  };
}

/** The `(project:frontend)` label Claude Code shows beside a command's description. */
export function commandOrigin(def: PromptDefinition): string {
  const ns = def.name.includes(':') ? def.name.slice(0, def.name.lastIndexOf(':')) : '';
  return ns ? `${def.scope}:${ns}` : def.scope;
}
