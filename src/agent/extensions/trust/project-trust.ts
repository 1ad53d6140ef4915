// Project trust: what a workspace would run or load (hooks, `!` commands in skills and commands,
// project settings, `.mcp.json` servers, memory files, skills, agents, commands) as a pure list
// with a content fingerprint. Nothing from the workspace runs or loads until the user trusts that
// fingerprint; a change to any of those files makes a new one, so the user is asked again.
// Where decisions are kept is injected (the app persists them).
import { parseCommand } from '../commands/command-file';
import { parseSkill } from '../skills/skill-file';
import { parseAgentFile } from '../subagents/agent-definition';
import { parseSettings } from '../settings/settings-file';
import { describeHandler, projectPaths, type ProjectFiles } from './project-files';

export type TrustItemKind =
  'hook' | 'shell-command' | 'settings' | 'mcp-server' | 'memory' | 'skill' | 'agent' | 'command';

export interface TrustItem {
  kind: TrustItemKind;
  /** Root-relative path of the file it comes from. */
  file: string;
  /** What would run or load, in one line. */
  detail: string;
}

export interface ProjectManifest {
  items: TrustItem[];
  /** Every file the fingerprint covers (root-relative). */
  files: string[];
  /** SHA-256 over those files' paths and contents. */
  fingerprint: string;
}

export interface TrustDecision {
  fingerprint: string;
  trusted: boolean;
  decidedAt: number;
}

/** Where trust decisions are kept, by project (the app decides the id: a repo URL, a session's root…). */
export interface TrustStore {
  get(projectId: string): Promise<TrustDecision | undefined> | TrustDecision | undefined;
  set(projectId: string, decision: TrustDecision): Promise<void> | void;
}

/** not-needed: nothing would run; unknown: never asked; changed: trusted before, files differ now. */
export type TrustStatus = 'not-needed' | 'trusted' | 'distrusted' | 'unknown' | 'changed';

export interface TrustState {
  status: TrustStatus;
  manifest: ProjectManifest;
  previous?: TrustDecision;
}

export async function describeProject(files: ProjectFiles, root: string): Promise<ProjectManifest> {
  const items: TrustItem[] = [];
  const rel = (path: string) => (path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path);
  const paths = projectPaths(root);
  for (const [path, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const file = rel(path);
    if (path === paths.settings || path === paths.localSettings) {
      const { settings } = parseSettings(text, path === paths.settings ? 'project' : 'local', file);
      const parts: string[] = [];
      const rules = (['allow', 'ask', 'deny'] as const).filter((l) => settings[l].length);
      if (rules.length) parts.push(`permissions ${rules.map((l) => `${l}: ${settings[l].join(', ')}`).join('; ')}`);
      if (settings.defaultMode) parts.push(`defaultMode ${settings.defaultMode}`);
      if (Object.keys(settings.env).length) parts.push(`env ${Object.keys(settings.env).join(', ')}`);
      if (settings.model) parts.push(`model ${settings.model}`);
      if (parts.length) items.push({ kind: 'settings', file, detail: parts.join(' · ') });
      for (const hook of settings.hooks)
        items.push({
          kind: 'hook',
          file,
          detail: `${hook.event}${hook.matcher ? ` (${hook.matcher})` : ''}: ${describeHandler(hook.handler)}`,
        });
    } else if (path === paths.mcp) {
      for (const line of mcpServers(text)) items.push({ kind: 'mcp-server', file, detail: line });
    } else if (path.startsWith(paths.skills) && path.endsWith('/SKILL.md')) {
      const folder = path.slice(paths.skills.length).split('/')[0];
      const { skill } = await parseSkill({ text, file, folderName: folder, scope: 'project' });
      if (skill) {
        items.push({ kind: 'skill', file, detail: `/${skill.name}: ${skill.description}` });
        for (const cmd of skill.shellCommands)
          items.push({ kind: 'shell-command', file, detail: `/${skill.name} runs \`${cmd}\`` });
      }
    } else if (path.startsWith(paths.commands) && path.endsWith('.md')) {
      const { command } = await parseCommand({
        text,
        file,
        relativePath: path.slice(paths.commands.length),
        scope: 'project',
      });
      if (command) {
        items.push({ kind: 'command', file, detail: `/${command.name}: ${command.description}` });
        for (const cmd of command.shellCommands)
          items.push({ kind: 'shell-command', file, detail: `/${command.name} runs \`${cmd}\`` });
      }
    } else if (path.startsWith(paths.agents) && path.endsWith('.md')) {
      const base = path.slice(path.lastIndexOf('/') + 1, -3);
      const { agent } = await parseAgentFile(text, file, base, 'project');
      if (agent) items.push({ kind: 'agent', file, detail: `${agent.name}: ${agent.description}` });
    } else if (paths.memory.includes(path) || !path.startsWith(`${root}/.claude/`)) {
      items.push({ kind: 'memory', file, detail: `project instructions (${text.length} characters)` });
    }
  }
  const files_ = Object.keys(files).map(rel).sort();
  return { items, files: files_, fingerprint: await fingerprint(files, rel) };
}

export async function checkTrust(store: TrustStore, projectId: string, manifest: ProjectManifest): Promise<TrustState> {
  if (manifest.files.length === 0) return { status: 'not-needed', manifest };
  const previous = await store.get(projectId);
  if (!previous) return { status: 'unknown', manifest };
  if (previous.fingerprint !== manifest.fingerprint) return { status: 'changed', manifest, previous };
  return { status: previous.trusted ? 'trusted' : 'distrusted', manifest, previous };
}

/** The user's answer to the Trust dialog, for exactly the files it listed. */
export async function recordTrust(
  store: TrustStore,
  projectId: string,
  manifest: ProjectManifest,
  trusted: boolean,
): Promise<TrustDecision> {
  const decision = { fingerprint: manifest.fingerprint, trusted, decidedAt: Date.now() };
  await store.set(projectId, decision);
  return decision;
}

/** Decisions kept in memory (tests, the embed without storage). */
export function memoryTrustStore(initial: Record<string, TrustDecision> = {}): TrustStore {
  const map = new Map(Object.entries(initial));
  return { get: (id) => map.get(id), set: (id, d) => void map.set(id, d) };
}

function mcpServers(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return ['(not valid JSON)'];
  }
  const servers = (value as { mcpServers?: Record<string, Record<string, unknown>> })?.mcpServers;
  if (!servers || typeof servers !== 'object') return [];
  return Object.entries(servers).map(([name, s]) => {
    const command =
      typeof s?.command === 'string' ? [s.command, ...(Array.isArray(s.args) ? s.args : [])].join(' ') : '';
    return `${name}: ${command || (typeof s?.url === 'string' ? s.url : '(no command or url)')}`;
  });
}

async function fingerprint(files: ProjectFiles, rel: (p: string) => string): Promise<string> {
  const text = Object.entries(files)
    .map(([path, content]) => [rel(path), content] as const)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, content]) => `${path}\0${content}\0`)
    .join('');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
