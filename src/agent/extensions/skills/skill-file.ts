// One SKILL.md: frontmatter fields as Claude Code reads them, the body kept for when it is invoked.
import { booleanField, listField, parseFrontmatter, rawField, stringField } from '../frontmatter';
import {
  firstParagraph,
  shellCommandsIn,
  type ExtensionNotice,
  type ExtensionScope,
  type PromptDefinition,
} from '../prompt-definition';

/** Claude Code's rule for skill names: lowercase letters, digits and hyphens, at most 64. */
export const SKILL_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface SkillSource {
  text: string;
  /** Where it is read from, for notices and listings. */
  file: string;
  /** The folder name (the name when the frontmatter has none). */
  folderName: string;
  dir?: string;
  scope: ExtensionScope;
}

export async function parseSkill(
  source: SkillSource,
): Promise<{ skill?: PromptDefinition; notices: ExtensionNotice[] }> {
  const notices: ExtensionNotice[] = [];
  const note = (message: string) => notices.push({ file: source.file, message });
  const fm = await parseFrontmatter(source.text);
  if (fm.warning) note(fm.warning);
  let name = stringField(fm.data, 'name') ?? source.folderName;
  if (!SKILL_NAME.test(name)) {
    const fallback = source.folderName
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+/, '')
      .slice(0, 64);
    note(`name "${name}" must be lowercase letters, digits and hyphens (at most 64); using "${fallback}".`);
    name = fallback;
  }
  if (!name) {
    note('has no usable name; it was not loaded.');
    return { notices };
  }
  const description = stringField(fm.data, 'description') ?? firstParagraph(fm.body);
  if (!description) note('has no description, so the model cannot tell when to use it.');
  const context = stringField(fm.data, 'context');
  if (context && context !== 'fork' && context !== 'inherit')
    note(`context "${context}" is not "fork"; the skill runs in the conversation.`);
  const hint = fm.data['argument-hint'];
  return {
    skill: {
      kind: 'skill',
      name,
      description,
      scope: source.scope,
      file: source.file,
      dir: source.dir,
      body: fm.body,
      argumentHint: typeof hint === 'string' ? hint : rawField(fm.raw, 'argument-hint') || undefined,
      argumentNames: listField(fm.data, 'arguments'),
      allowedTools: listField(fm.data, 'allowed-tools'),
      disallowedTools: listField(fm.data, 'disallowed-tools'),
      model: stringField(fm.data, 'model'),
      disableModelInvocation: booleanField(fm.data, 'disable-model-invocation') ?? false,
      userInvocable: booleanField(fm.data, 'user-invocable') ?? true,
      context: context === 'fork' ? 'fork' : undefined,
      agent: stringField(fm.data, 'agent'),
      shellCommands: shellCommandsIn(fm.body),
    },
    notices,
  };
}
