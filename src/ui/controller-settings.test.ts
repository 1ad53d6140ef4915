import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { defaultSettings, SettingsStore, type Settings } from '../store/settings-store';
import { KeyStore } from '../store/key-store';
import { Controller } from './controller';

// A mode change made while settings are still loading (Shift+Tab right after the page opens)
// must neither be lost nor write the defaults over the stored provider settings.

describe('controller settings', () => {
  it('a mode change before settings have loaded is kept, and the stored provider survives', async () => {
    const stored: Settings = {
      ...defaultSettings(),
      preset: 'openai',
      format: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4.1',
    };
    const saves: Settings[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const settingsStore = {
      load: async () => {
        await gate;
        return { settings: structuredClone(stored), firstRun: false };
      },
      save: async (settings: Settings) => void saves.push(structuredClone(settings)),
    } as unknown as SettingsStore;
    const controller = new Controller({
      settingsStore,
      keyStore: new KeyStore(`keys-${Math.random()}`),
      bootTimeoutMs: 10,
    });

    controller.cycleMode();
    await new Promise((resolve) => setTimeout(resolve, 80)); // the event queue flushes
    expect(controller.getState().mode).toBe('acceptEdits');
    expect(saves).toHaveLength(0);

    release();
    await new Promise((resolve) => setTimeout(resolve, 80));
    const state = controller.getState();
    expect(state.loaded).toBe(true);
    expect(state.mode).toBe('acceptEdits');
    expect(state.settings.baseUrl).toBe('https://api.openai.com/v1');
    expect(saves.at(-1)).toMatchObject({ mode: 'acceptEdits', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4.1' });
    expect(saves.every((s) => s.baseUrl === 'https://api.openai.com/v1')).toBe(true);
  });
});
