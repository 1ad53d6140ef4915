import { parseSlashCommand, runSlashCommand } from '../../agent/commands/registry';
import type { SlashCommand } from '../../agent/commands/types';
import { costOf } from '../../providers/catalog';
import type { BackendStatus } from '../../workspace/boot-workspace';
import type { ReadonlyStore } from '../store';
import { activeModel, contextWindow, providerLabel, providerReady } from '../settings';
import { applyOutcome, type EffectDeps } from './effects';
import type { AttachedMentions } from '../mcp-mentions';

// The message box's Send: a slash command (run here, its outcomes applied by effects.ts), or a
// user turn for the agent once a model is set up.

export interface SendDeps extends Omit<EffectDeps, 'prompt'> {
  backend: ReadonlyStore<BackendStatus>;
  /** Commands beside the built-in ones (MCP's `/mcp` and server prompts), read at each Send. */
  extraCommands?: () => readonly SlashCommand[];
  /** Reads what the message mentions (`@server:uri` MCP resources) to send with it. */
  attachMentions?: (text: string) => Promise<AttachedMentions>;
}

export function createSend(deps: SendDeps) {
  const { settings, view, chat, sessions } = deps;

  async function prompt(text: string): Promise<void> {
    await settings.loaded;
    if (sessions.store.get().conversation?.agent.running) {
      chat.notify('info', 'The agent is still working. Wait for it, or press Stop (Esc) first.');
      return;
    }
    if (!providerReady(settings.store.get())) {
      chat.post({ type: 'local-command', text });
      chat.notify('warning', 'No model is set up yet.', {
        hint: 'Open Settings and choose a provider: paste an API key, or point Tidepool at a local model (Ollama, LM Studio). The files and terminal work without one.',
      });
      view.openSettings();
      return;
    }
    settings.dismissFirstRun();
    const conversation = await sessions.ensure();
    const attached = await deps.attachMentions?.(text);
    for (const { mention, failure } of attached?.failures ?? [])
      chat.notify('warning', `Could not attach ${mention}: ${failure.message}`, {
        hint: `${failure.hint} The message was sent without it.`,
      });
    await conversation.send(text, attached?.context.length ? { context: attached.context } : undefined);
  }

  async function send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed) return;
    const command = parseSlashCommand(trimmed);
    if (!command) return prompt(trimmed);
    chat.post({ type: 'local-command', text: trimmed });
    const s = settings.store.get();
    const { usage } = chat.store.get();
    const backend = deps.backend.get();
    // The built-in commands load on the first slash command (or at idle), not before the composer.
    const { builtinCommands } = await import('../../agent/commands');
    const commands = [...builtinCommands, ...(deps.extraCommands?.() ?? [])];
    const outcomes = await runSlashCommand(commands, command, {
      model: providerReady(s) ? activeModel(s) : '',
      providerLabel: providerLabel(s),
      baseUrl: s.settings.baseUrl,
      backend: { kind: backend.backend, reason: backend.reason },
      mode: s.settings.mode,
      rules: s.settings.rules,
      usage: usage.usage,
      usageByModel: usage.usageByModel,
      costUsd: usage.costUsd,
      costOf: (model, u) => costOf(model, u) ?? null,
      contextWindow: usage.contextWindow ?? contextWindow(s),
      lastInputTokens: usage.lastInputTokens,
      running: chat.store.get().chat.running,
      workspace: deps.workspace(),
      sessionTitle: sessions.store.get().current?.title || undefined,
      storage: command.name === 'status' ? await sessions.storageInfo() : undefined,
    });
    for (const outcome of outcomes) await applyOutcome(outcome, { ...deps, prompt });
  }

  return { send, prompt };
}
