// Progressive loading: each request carries only the names and descriptions of the skills the model
// may use, within a fixed budget; a skill's body enters the conversation only when it is invoked.
import type { PromptDefinition } from '../prompt-definition';

/** Characters the whole listing may take in every request. */
export const SKILL_LISTING_BUDGET = 8_000;
/** Characters of one description (longer ones are cut). */
export const MAX_DESCRIPTION_CHARS = 250;

/** The system-prompt section listing invocable skills and commands; '' when there are none. */
export function skillListing(defs: readonly PromptDefinition[], budget = SKILL_LISTING_BUDGET): string {
  const visible = defs.filter((d) => !d.disableModelInvocation);
  if (visible.length === 0) return '';
  const head = [
    '# Skills',
    'Skills hold instructions for particular tasks. When a task matches one, call the Skill tool with its name ' +
      '(and args) before doing the task: its full instructions load then. Files beside a skill are read on demand. ' +
      'When the user types /<name>, that command or skill has already been loaded for you.',
  ].join('\n');
  const lines: string[] = [];
  let used = head.length;
  let omitted = 0;
  for (const def of visible) {
    let description = def.description.replace(/\s+/g, ' ').trim();
    if (description.length > MAX_DESCRIPTION_CHARS) description = `${description.slice(0, MAX_DESCRIPTION_CHARS - 1)}…`;
    const hint = def.argumentHint ? ` ${def.argumentHint}` : '';
    const line = `- ${def.name}${hint}: ${description || '(no description)'}`;
    if (used + line.length + 1 > budget) {
      omitted++;
      continue;
    }
    lines.push(line);
    used += line.length + 1;
  }
  if (omitted) lines.push(`- (${omitted} more not listed for space; the user can name them)`);
  return [head, ...lines].join('\n');
}
