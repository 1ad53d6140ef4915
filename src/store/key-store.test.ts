import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { KeyStore, originOf } from './key-store';
import { SettingsStore, defaultSettings } from './settings-store';

let n = 0;
const fresh = (): KeyStore => new KeyStore(`keys-test-${++n}`);

describe('KeyStore', () => {
  it('gives a key back only for the exact origin it was saved with', async () => {
    const keys = fresh();
    await keys.set('https://api.example.com/v1', 'sk-1');
    expect(await keys.get('https://api.example.com/v1')).toBe('sk-1');
    expect(await keys.get('https://api.example.com/other/path')).toBe('sk-1');
    expect(await keys.get('https://api.example.com:8443/v1')).toBeNull();
    expect(await keys.get('http://api.example.com/v1')).toBeNull();
    expect(await keys.get('https://evil.example.com/v1')).toBeNull();
    expect(await keys.get('https://api.example.com.evil.net/v1')).toBeNull();
  });

  it('forgets a key when saved empty, and lists origins without the keys', async () => {
    const keys = fresh();
    await keys.set('https://a.example', 'sk-a');
    await keys.set('http://localhost:11434/v1', 'sk-b');
    expect(await keys.origins()).toEqual(['http://localhost:11434', 'https://a.example']);
    await keys.set('https://a.example/v1', '  ');
    expect(await keys.get('https://a.example')).toBeNull();
  });

  it('refuses to bind a key to anything but an http(s) URL', async () => {
    expect(originOf('javascript:alert(1)')).toBeNull();
    expect(originOf('not a url')).toBeNull();
    await expect(fresh().set('file:///etc/passwd', 'sk')).rejects.toThrow(/http/);
  });
});

describe('SettingsStore', () => {
  it('reports first run, then round-trips only the known fields', async () => {
    const store = new SettingsStore(`settings-test-${++n}`);
    expect((await store.load()).firstRun).toBe(true);
    const saved = { ...defaultSettings(), preset: 'openai', model: 'gpt-4.1', apiKey: 'sk-must-not-persist' } as never;
    await store.save(saved);
    const { settings, firstRun } = await store.load();
    expect(firstRun).toBe(false);
    expect(settings.model).toBe('gpt-4.1');
    expect(JSON.stringify(settings)).not.toContain('sk-must-not-persist');
  });
});
