import { useId, useState } from 'react';
import type { StoredUserExtensions } from '../../store/user-extensions-store';
import { useApp, useStore } from '../use-store';

// Settings › Your extensions: the user's own skills, custom commands, subagent types and
// settings.json (hooks, permissions, env, model), Claude Code's `~/.claude/`, kept in this browser
// and applied in every project without a Trust question. Its buttons never submit the provider
// form around it. A settings.json that does not parse is refused with the reason, the text kept.

type Kind = 'skill' | 'command' | 'agent';

const KIND_LABEL: Record<Kind, string> = { skill: 'Skill', command: 'Command', agent: 'Subagent' };

const TEMPLATE: Record<Kind, (name: string) => string> = {
  skill: (name) =>
    `---\nname: ${name}\ndescription: What it does and when to use it\n---\n\nInstructions for the model.\n`,
  command: () => `---\ndescription: What the command does\nargument-hint: [args]\n---\n\nDo this with $ARGUMENTS.\n`,
  agent: (name) =>
    `---\nname: ${name}\ndescription: When the main agent should use this one\ntools: Read, Grep, Glob\n---\n\nYou are a focused helper.\n`,
};

interface Draft {
  kind: Kind;
  name: string;
  content: string;
  /** The entry being edited (renaming replaces it). */
  original?: { kind: Kind; name: string };
}

interface Entry {
  kind: Kind;
  name: string;
  content: string;
}

function entriesOf(user: StoredUserExtensions): Entry[] {
  return [
    ...user.skills.map((s) => ({ kind: 'skill' as const, name: s.name, content: s.content })),
    ...user.commands.map((c) => ({ kind: 'command' as const, name: c.path.replace(/\.md$/, ''), content: c.content })),
    ...user.agents.map((a) => ({ kind: 'agent' as const, name: a.name, content: a.content })),
  ];
}

function withEntries(user: StoredUserExtensions, entries: Entry[]): StoredUserExtensions {
  const of = (kind: Kind) => entries.filter((e) => e.kind === kind);
  return {
    settings: user.settings,
    skills: of('skill').map(({ name, content }) => ({ name, content })),
    commands: of('command').map(({ name, content }) => ({ path: `${name}.md`, content })),
    agents: of('agent').map(({ name, content }) => ({ name, content })),
  };
}

function nameProblem(kind: Kind, name: string): string | null {
  // Commands may sit in folders (`frontend/component` is /frontend:component); skills and agents may not.
  const ok = kind === 'command' ? /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)*$/ : /^[A-Za-z0-9][\w.-]*$/;
  if (!name) return 'Give it a name.';
  return ok.test(name) ? null : 'Use letters, digits, dots, dashes and underscores (and / for a command’s folder).';
}

export function UserExtensionsFieldset() {
  const app = useApp();
  const user = useStore(app.extensions.store, (s) => s.user);
  const loaded = useStore(app.extensions.store, (s) => s.loaded);
  const notices = (loaded?.notices ?? []).filter((n) => n.file.startsWith('user '));
  const [settingsText, setSettingsText] = useState<string | null>(null);
  const [settingsError, setSettingsError] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [draftError, setDraftError] = useState('');
  const ids = { settings: useId(), settingsError: useId(), draftError: useId(), content: useId() };
  const entries = entriesOf(user);
  const text = settingsText ?? user.settings;

  const saveSettings = (): void => {
    if (text.trim()) {
      try {
        JSON.parse(text);
      } catch (error) {
        setSettingsError(`Not saved: settings.json is not valid JSON (${(error as Error).message}).`);
        return;
      }
    }
    setSettingsError('');
    void app.extensions.saveUser({ ...user, settings: text }).then(() => setSettingsText(null));
  };

  const saveDraft = (): void => {
    if (!draft) return;
    const name = draft.name.trim();
    const problem = nameProblem(draft.kind, name);
    const clash = entries.some(
      (e) =>
        e.kind === draft.kind &&
        e.name === name &&
        !(draft.original?.kind === e.kind && draft.original.name === e.name),
    );
    if (problem || clash) {
      setDraftError(problem ?? `You already have a ${KIND_LABEL[draft.kind].toLowerCase()} named ${name}.`);
      return;
    }
    const rest = entries.filter((e) => !(draft.original?.kind === e.kind && draft.original.name === e.name));
    setDraftError('');
    setDraft(null);
    void app.extensions.saveUser(withEntries(user, [...rest, { kind: draft.kind, name, content: draft.content }]));
  };

  const remove = (entry: Entry): void =>
    void app.extensions.saveUser(
      withEntries(
        user,
        entries.filter((e) => e !== entry),
      ),
    );

  return (
    <fieldset className="user-extensions">
      <legend>Your extensions</legend>
      <p className="field-note">
        Your own skills, commands, subagents and hooks, kept in this browser. They apply in every project, no Trust
        question asked (Claude Code’s <code>~/.claude/</code>).
      </p>
      {entries.length > 0 && (
        <ul className="user-extension-list" aria-label="Your skills, commands and subagents">
          {entries.map((entry) => (
            <li key={`${entry.kind}:${entry.name}`}>
              <span className="muted">{KIND_LABEL[entry.kind]}</span> <code>{entry.name}</code>{' '}
              <button
                type="button"
                className="ghost small"
                onClick={() => {
                  setDraftError('');
                  setDraft({ ...entry, original: { kind: entry.kind, name: entry.name } });
                }}
              >
                Edit {entry.name}
              </button>{' '}
              <button type="button" className="ghost small" onClick={() => remove(entry)}>
                Remove {entry.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      {draft ? (
        <div className="user-extension-editor" role="group" aria-label="Extension editor">
          <label>
            Kind
            <select
              value={draft.kind}
              onChange={(e) => setDraft({ ...draft, kind: e.target.value as Kind })}
              disabled={!!draft.original}
            >
              <option value="skill">Skill (SKILL.md)</option>
              <option value="command">Command (commands/*.md)</option>
              <option value="agent">Subagent (agents/*.md)</option>
            </select>
          </label>
          <label>
            Name
            <input
              value={draft.name}
              aria-describedby={ids.draftError}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
            />
          </label>
          {/* Not wrapped in its label: a label's text would include the textarea's own text. */}
          <label htmlFor={ids.content}>Content</label>
          <textarea
            id={ids.content}
            rows={8}
            spellCheck={false}
            value={draft.content}
            onChange={(e) => setDraft({ ...draft, content: e.target.value })}
          />
          {draftError && (
            <p className="error-text" role="alert" id={ids.draftError}>
              {draftError}
            </p>
          )}
          <div className="trust-actions">
            <button type="button" className="primary" onClick={saveDraft}>
              Save extension
            </button>
            <button type="button" className="ghost" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="trust-actions">
          {(['skill', 'command', 'agent'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              className="ghost small"
              onClick={() => {
                setDraftError('');
                setDraft({ kind, name: '', content: TEMPLATE[kind](`my-${kind}`) });
              }}
            >
              Add {KIND_LABEL[kind].toLowerCase()}
            </button>
          ))}
        </div>
      )}
      <label htmlFor={ids.settings}>Your settings.json (hooks, permissions, env, model)</label>
      <textarea
        id={ids.settings}
        rows={5}
        spellCheck={false}
        placeholder={'{ "hooks": { "PreToolUse": [ … ] } }'}
        value={text}
        aria-describedby={settingsError ? ids.settingsError : undefined}
        onChange={(e) => setSettingsText(e.target.value)}
      />
      {settingsError && (
        <p className="error-text" role="alert" id={ids.settingsError}>
          {settingsError}
        </p>
      )}
      <div className="trust-actions">
        <button type="button" className="ghost small" disabled={settingsText === null} onClick={saveSettings}>
          Save settings.json
        </button>
      </div>
      {notices.length > 0 && (
        <ul className="field-note" aria-label="Problems in your extensions">
          {notices.map((n, i) => (
            <li key={i}>
              {n.file}: {n.message}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
