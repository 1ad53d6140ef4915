import type { CommandOutcome } from '../../agent/commands';
import type { ChatApp } from '../chat/chat';
import type { SessionsApp } from '../sessions/sessions-app';
import type { SettingsApp } from '../settings';
import type { ViewApp } from '../view';
import type { Workspace } from '../../workspace/types';

// What the page does with a slash command's answer. A command is pure data (src/agent/commands);
// each outcome lands in the store of its concern here.

export interface EffectDeps {
  settings: SettingsApp;
  view: ViewApp;
  chat: ChatApp;
  sessions: SessionsApp;
  workspace: () => Workspace;
  /** A user turn for the agent (`send` outcomes). */
  prompt: (text: string) => Promise<void>;
}

export async function applyOutcome(outcome: CommandOutcome, deps: EffectDeps): Promise<void> {
  const { settings, view, chat, sessions } = deps;
  const agent = sessions.store.get().conversation?.agent ?? null;
  switch (outcome.type) {
    case 'notice':
      chat.notify(outcome.tone ?? 'info', '', { body: outcome.markdown, markdown: true });
      break;
    case 'clear':
      if (agent) agent.clear();
      else chat.post({ type: 'local-clear' });
      break;
    case 'send':
      await deps.prompt(outcome.prompt);
      break;
    case 'open-settings':
      view.openSettings();
      break;
    case 'set-model':
      await settings.setModel(outcome.model);
      break;
    case 'set-mode':
      settings.setMode(outcome.mode);
      break;
    case 'set-rules':
      settings.setRules(outcome.rules);
      break;
    case 'compact': {
      if (!agent || agent.messages.length === 0) {
        chat.notify('info', 'Nothing to compact yet.');
        break;
      }
      const result = await agent.compact(outcome.instructions);
      if (!result.ok && result.reason === 'nothing-to-compact')
        chat.notify('info', 'Nothing to compact: the conversation is already short.');
      else if (!result.ok && result.reason === 'provider-error')
        chat.notify('error', result.error.message, { hint: result.error.hint });
      break;
    }
    case 'open-sessions':
      view.openSessionDialog('sessions');
      break;
    case 'open-rewind':
      view.openSessionDialog('rewind');
      break;
    case 'export':
      if (outcome.format === 'ask') view.openSessionDialog('export');
      else await sessions.downloadExport(outcome.format);
      break;
    case 'open-file': {
      const workspace = deps.workspace();
      if (outcome.template !== undefined && !(await workspace.stat(outcome.path)))
        await workspace.writeFile(outcome.path, outcome.template);
      view.openFile(outcome.path);
      break;
    }
  }
}
