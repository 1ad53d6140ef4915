import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { KeyStore } from '../store/key-store';
import { defaultSettings, SettingsStore, type Settings } from '../store/settings-store';
import { contextWindow, createSettings, providerLabel, providerReady } from './settings';
import { when } from './store';

let n = 0;
const fresh = () => `settings-app-${process.pid}-${++n}`;

/** A settings store whose load waits for `release()`, recording every save. */
function gatedStore(stored: Settings) {
  const saves: Settings[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const store = {
    load: async () => {
      await gate;
      return { settings: structuredClone(stored), firstRun: false };
    },
    save: async (settings: Settings) => void saves.push(structuredClone(settings)),
  } as unknown as SettingsStore;
  return { store, saves, release };
}

function make(extra: { settingsStore?: SettingsStore; keyStore?: KeyStore } = {}) {
  const notes: string[] = [];
  const settings = createSettings({
    settingsStore: extra.settingsStore ?? new SettingsStore(fresh()),
    keyStore: extra.keyStore ?? new KeyStore(fresh()),
    runtime: () => import('./boot/runtime'),
    notify: (_tone, title) => notes.push(title),
  });
  return { settings, notes };
}

const openai: Settings = {
  ...defaultSettings(),
  preset: 'openai',
  format: 'openai',
  baseUrl: 'https://api.openai.com/v1',
  model: 'gpt-4.1',
};

describe('settings store', () => {
  test('a mode change before settings have loaded is kept, and the stored provider survives', async () => {
    const gated = gatedStore(openai);
    const { settings } = make({ settingsStore: gated.store });
    settings.cycleMode(); // Shift+Tab right after the page opened
    expect(settings.store.get().settings.mode).toBe('acceptEdits');
    expect(gated.saves).toHaveLength(0); // saving now would write the defaults over the stored provider

    gated.release();
    await settings.loaded;
    const { settings: loaded } = await when(settings.store, (s) => s.loaded);
    expect(loaded).toMatchObject({ mode: 'acceptEdits', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4.1' });
    expect(gated.saves.at(-1)).toMatchObject({ mode: 'acceptEdits', baseUrl: 'https://api.openai.com/v1' });
    expect(gated.saves.every((s) => s.baseUrl === 'https://api.openai.com/v1')).toBe(true);
  });

  test('readiness, label and context window are derived from the settings and whether a key is held', async () => {
    const keyStore = new KeyStore(fresh());
    const { settings } = make({ keyStore });
    await settings.loaded;
    expect(providerReady(settings.store.get())).toBe(false);
    const form = {
      preset: 'anthropic',
      format: 'anthropic' as const,
      baseUrl: 'https://api.anthropic.com',
      model: 'claude-sonnet-4-5',
      backend: 'auto' as const,
    };
    expect(await settings.saveProvider({ ...form, apiKey: '' })).toEqual({ ok: true, value: undefined });
    expect(providerReady(settings.store.get())).toBe(false); // Anthropic needs a key
    await settings.saveProvider({ ...form, apiKey: 'sk-ant-0123456789' });
    const state = settings.store.get();
    expect([providerReady(state), providerLabel(state), contextWindow(state)]).toEqual([true, 'Anthropic', 200_000]);
    expect(settings.providerConfig()).toMatchObject({
      apiKey: 'sk-ant-0123456789',
      baseUrl: 'https://api.anthropic.com',
    });
    // The key is bound to that origin only.
    expect(await settings.savedKeyFor('https://api.anthropic.com/v1')).toBe('sk-ant-0123456789');
    expect(await settings.savedKeyFor('https://evil.example')).toBe('');

    await settings.forgetAllKeys();
    expect([providerReady(settings.store.get()), settings.store.get().hasKey]).toEqual([false, false]);
    expect(await keyStore.origins()).toEqual([]);
  });

  test('rules changed to the same lists change nothing; a backend change asks for a reload', async () => {
    const { settings } = make();
    await settings.loaded;
    const before = settings.store.get();
    settings.setRules({ allow: [], ask: [], deny: [] });
    expect(settings.store.get()).toBe(before);
    settings.setRules({ allow: ['Bash(ls:*)'], ask: [], deny: [] });
    expect(settings.store.get().settings.rules.allow).toEqual(['Bash(ls:*)']);
    await settings.saveProvider({
      preset: 'ollama',
      format: 'openai',
      baseUrl: 'http://localhost:11434/v1',
      apiKey: '',
      model: 'qwen',
      backend: 'lite',
    });
    expect(settings.store.get().reloadNeeded).toBe(true);
  });
});
