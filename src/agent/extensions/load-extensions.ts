// Loads a workspace's extensions, Claude Code's way: settings (user < project < local), skills,
// custom commands and subagent types from `.claude/`, plus the user's own kept in the browser.
// Project files load only when the project is trusted; until then only the user's apply.
import type { Workspace } from '../../workspace/types';
import { parseCommand } from './commands/command-file';
import type { ExtensionNotice, PromptDefinition } from './prompt-definition';
import { mergeSettings, type MergedSettings } from './settings/merge-settings';
import { parseSettings, type SettingsFile } from './settings/settings-file';
import { parseSkill } from './skills/skill-file';
import { BUILTIN_AGENTS, parseAgentFile, type AgentDefinition } from './subagents/agent-definition';
import { projectPaths, readProjectFiles, type ProjectFiles } from './trust/project-files';
import { checkTrust, describeProject, type TrustState, type TrustStore } from './trust/project-trust';

/** The user's own extensions, kept in the browser (Settings). */
export interface UserExtensions {
  /** Claude Code's settings object, or its JSON text. */
  settings?: unknown;
  /** SKILL.md contents by skill name. */
  skills?: { name: string; content: string }[];
  /** Agent files by name. */
  agents?: { name: string; content: string }[];
  /** Command files by path under `commands/` (`review.md`, `frontend/component.md`). */
  commands?: { path: string; content: string }[];
}

export interface LoadedExtensions {
  settings: MergedSettings;
  /** Skills and custom commands, after precedence (a skill beats a command of the same name). */
  prompts: PromptDefinition[];
  /** Built-in types first, then custom ones. */
  agents: AgentDefinition[];
  notices: ExtensionNotice[];
  trust: TrustState;
  /** True when the project's own files were loaded (trusted, or nothing there). */
  projectLoaded: boolean;
}

export interface LoadOptions {
  workspace: Workspace;
  user?: UserExtensions;
  trust: { projectId: string; store: TrustStore };
}

export async function loadExtensions(options: LoadOptions): Promise<LoadedExtensions> {
  const { workspace, user = {} } = options;
  const { files, skipped } = await readProjectFiles(workspace);
  const manifest = await describeProject(files, workspace.root);
  const trust = await checkTrust(options.trust.store, options.trust.projectId, manifest);
  const projectLoaded = trust.status === 'trusted' || trust.status === 'not-needed';
  const notices: ExtensionNotice[] = skipped.map((file) => ({
    file,
    message: 'too large or unreadable to be configuration; left out.',
  }));

  const levels: SettingsFile[] = [];
  const addSettings = (source: unknown, scope: 'user' | 'project' | 'local', file: string) => {
    const parsed = parseSettings(source, scope, file);
    levels.push(parsed.settings);
    notices.push(...parsed.notices);
  };
  if (user.settings !== undefined) addSettings(user.settings, 'user', 'user settings');

  const userSkills: PromptDefinition[] = [];
  for (const s of user.skills ?? []) {
    const r = await parseSkill({ text: s.content, file: `user skill ${s.name}`, folderName: s.name, scope: 'user' });
    notices.push(...r.notices);
    if (r.skill) userSkills.push(r.skill);
  }
  const userCommands: PromptDefinition[] = [];
  for (const c of user.commands ?? []) {
    const file = `user command ${c.path}`;
    const r = await parseCommand({ text: c.content, file, relativePath: c.path, scope: 'user' });
    notices.push(...r.notices);
    if (r.command) userCommands.push(r.command);
  }
  const userAgents: AgentDefinition[] = [];
  for (const a of user.agents ?? []) {
    const r = await parseAgentFile(a.content, `user agent ${a.name}`, a.name, 'user');
    notices.push(...r.notices);
    if (r.agent) userAgents.push(r.agent);
  }

  let projectSkills: PromptDefinition[] = [];
  let projectCommands: PromptDefinition[] = [];
  let projectAgents: AgentDefinition[] = [];
  if (projectLoaded) {
    const loaded = await loadProject(files, workspace.root, notices);
    projectSkills = loaded.skills;
    projectCommands = loaded.commands;
    projectAgents = loaded.agents;
    const paths = projectPaths(workspace.root);
    if (paths.settings in files) addSettings(files[paths.settings], 'project', paths.settings);
    if (paths.localSettings in files) addSettings(files[paths.localSettings], 'local', paths.localSettings);
  }

  const settings = mergeSettings(levels);
  notices.push(...settings.notices);
  const prompts = byPrecedence(
    // Claude Code: a user's skill beats the project's of the same name; a project's command beats the user's.
    [...userSkills, ...projectSkills, ...projectCommands, ...userCommands],
    notices,
  );
  const agents = byPrecedence([...projectAgents, ...userAgents, ...BUILTIN_AGENTS], notices);
  return { settings, prompts, agents, notices, trust, projectLoaded };
}

async function loadProject(files: ProjectFiles, root: string, notices: ExtensionNotice[]) {
  const paths = projectPaths(root);
  const skills: PromptDefinition[] = [];
  const commands: PromptDefinition[] = [];
  const agents: AgentDefinition[] = [];
  for (const [path, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    if (path.startsWith(paths.skills)) {
      const [folder, ...rest] = path.slice(paths.skills.length).split('/');
      if (rest.join('/') !== 'SKILL.md') continue; // files beside SKILL.md are read on demand
      const r = await parseSkill({
        text,
        file: path,
        folderName: folder,
        dir: `${paths.skills}${folder}`,
        scope: 'project',
      });
      notices.push(...r.notices);
      if (r.skill) skills.push(r.skill);
    } else if (path.startsWith(paths.commands) && path.endsWith('.md')) {
      const r = await parseCommand({
        text,
        file: path,
        relativePath: path.slice(paths.commands.length),
        scope: 'project',
      });
      notices.push(...r.notices);
      if (r.command) commands.push(r.command);
    } else if (path.startsWith(paths.agents) && path.endsWith('.md')) {
      const r = await parseAgentFile(text, path, path.slice(path.lastIndexOf('/') + 1, -3), 'project');
      notices.push(...r.notices);
      if (r.agent) agents.push(r.agent);
    }
  }
  return { skills, commands, agents };
}

/** The first of each name wins; later ones are named in a notice. */
function byPrecedence<T extends { name: string; file: string }>(items: T[], notices: ExtensionNotice[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    const key = item.name.toLowerCase();
    const first = seen.get(key);
    if (first)
      notices.push({ file: item.file, message: `"${item.name}" is also defined in ${first.file}, which wins.` });
    else seen.set(key, item);
  }
  return [...seen.values()];
}
