import { PERMISSION_MODES, type PermissionMode, type RuleLists } from '../agent/events';
import { err, ok, type Result } from '../lib/result';
import type { HostEndpoint } from '../lib/embed-options';
import { lookupModel } from '../providers/catalog';
import { getPreset } from '../providers/presets';
import type { ProviderConfig, WireFormat } from '../providers/types';
import { KeyStore, originOf } from '../store/key-store';
import { defaultSettings, SettingsStore, type BackendChoice, type Settings } from '../store/settings-store';
import type { BackendPreference } from '../workspace/boot-workspace';
import type { Runtime } from './runtime-loader';
import { createStore, type ReadonlyStore } from './store';
import type { Notify } from './notify';

// The user's choices: provider, model, backend, and the permission mode and rules. The one truth
// for mode and rules: an agent follows them (src/app/sessions), and the agent's own changes (an
// "always allow" answer) come back here. The API key is held in memory for the current origin;
// the state only says whether there is one. Readiness, label and context window are derived.

export const MODES: readonly PermissionMode[] = PERMISSION_MODES;

export interface SettingsState {
  /** Settings have loaded from storage (or storage refused and defaults apply). */
  loaded: boolean;
  firstRun: boolean;
  settings: Settings;
  /** A key is held for the current base URL's origin. Never the key itself. */
  hasKey: boolean;
  /** The backend choice changed: it applies after a reload. */
  reloadNeeded: boolean;
  /** Bumped whenever the provider (preset, URL, model or key) changes, so agents can follow. */
  providerVersion: number;
  /**
   * The embedding page's own endpoint (embed only), used with no key at all; never saved. The
   * visitor's settings stay as they are, and saving their own provider goes back to it.
   */
  hostEndpoint: HostEndpoint | null;
}

export interface ProviderForm {
  preset: string;
  format: WireFormat;
  baseUrl: string;
  apiKey: string;
  model: string;
  backend: BackendChoice;
}

/** A model is chosen, the URL is usable, and a key is held where the preset needs one. */
export function providerReady(s: SettingsState): boolean {
  if (s.hostEndpoint) return true;
  const { settings } = s;
  if (!settings.preset || !settings.model.trim() || !originOf(settings.baseUrl)) return false;
  return !(getPreset(settings.preset)?.needsKey ?? false) || s.hasKey;
}

export function providerLabel(s: SettingsState): string {
  if (s.hostEndpoint) return 'The embedding page’s model';
  return getPreset(s.settings.preset)?.label ?? '';
}

/** The catalog's window for the chosen model; null when the model is unknown. */
export function contextWindow(s: SettingsState): number | null {
  return lookupModel(activeModel(s))?.contextWindow ?? null;
}

/** The model the agent runs on: the embedding page's, when it gave an endpoint, else the visitor's. */
export function activeModel(s: SettingsState): string {
  return s.hostEndpoint?.model ?? s.settings.model;
}

export interface SettingsDeps {
  settingsStore?: SettingsStore;
  keyStore?: KeyStore;
  runtime: () => Promise<Runtime>;
  notify: Notify;
  /** Told the saved backend once settings have loaded (the WebContainer boot waits for it). */
  chooseBackend?: (preference: BackendPreference) => void;
}

export type SettingsApp = ReturnType<typeof createSettings>;

const sameRules = (a: RuleLists, b: RuleLists): boolean =>
  (['allow', 'ask', 'deny'] as const).every((k) => a[k].length === b[k].length && a[k].every((r, i) => r === b[k][i]));

export function createSettings(deps: SettingsDeps) {
  const settingsStore = deps.settingsStore ?? new SettingsStore();
  const keyStore = deps.keyStore ?? new KeyStore();
  const store = createStore<SettingsState>({
    loaded: false,
    firstRun: false,
    settings: defaultSettings(),
    hasKey: false,
    reloadNeeded: false,
    providerVersion: 0,
    hostEndpoint: null,
  });
  /** Held in memory only, for the origin of `settings.baseUrl`. */
  let apiKey = '';
  /** Mode or rules chosen before the stored settings arrived: they win over what loads. */
  const chosenEarly: Partial<Pick<Settings, 'mode' | 'rules'>> = {};

  const persist = async (settings: Settings): Promise<void> => {
    await settingsStore.save(settings).catch((error: unknown) => {
      deps.notify('warning', 'Settings could not be saved on this device; they apply until you reload.', {
        hint: error instanceof Error ? error.message : undefined,
      });
    });
  };

  const loaded = (async () => {
    try {
      const result = await settingsStore.load();
      const settings = { ...result.settings, ...chosenEarly };
      // Saved only when something was chosen meanwhile: never the defaults over stored settings.
      if (Object.keys(chosenEarly).length) void persist(settings);
      apiKey = (await keyStore.get(settings.baseUrl)) ?? '';
      deps.chooseBackend?.(settings.backend);
      store.set((s) => ({
        loaded: true,
        firstRun: result.firstRun,
        settings,
        hasKey: apiKey.length > 0,
        providerVersion: s.providerVersion + 1,
      }));
    } catch (error) {
      // Private windows in some browsers refuse IndexedDB: run with defaults rather than not at all.
      console.warn('[tidepool] settings unavailable:', error instanceof Error ? error.message : error);
      deps.chooseBackend?.('auto');
      store.set({ loaded: true, firstRun: true });
    }
  })();

  const update = async (patch: Partial<Settings>): Promise<void> => {
    const settings = { ...store.get().settings, ...patch };
    store.set({ settings });
    if (!store.get().loaded) {
      // Saving now would write the defaults over the stored provider: keep the choice for the load.
      Object.assign(chosenEarly, patch);
      return;
    }
    await persist(settings);
  };

  const setMode = (mode: PermissionMode): void => {
    if (mode !== store.get().settings.mode) void update({ mode });
  };

  return {
    store: store as ReadonlyStore<SettingsState>,
    /** Settles once stored settings (or defaults) are in place. */
    loaded,

    /** What an agent's provider is made from, with the key in memory. */
    providerConfig(): ProviderConfig {
      const endpoint = store.get().hostEndpoint;
      // The host's endpoint gets no key: not the one in memory, not one saved for its origin.
      if (endpoint)
        return {
          preset: 'custom',
          format: endpoint.format,
          baseUrl: endpoint.baseUrl,
          apiKey: '',
          model: endpoint.model,
        };
      const s = store.get().settings;
      const preset = getPreset(s.preset);
      return {
        preset: s.preset,
        format: s.format,
        baseUrl: s.baseUrl,
        apiKey,
        model: s.model,
        ...(preset?.headers ? { headers: { ...preset.headers } } : {}),
      };
    },

    /** Every saved key (and the one in memory), so an export can be scrubbed of them. */
    async savedKeys(): Promise<string[]> {
      const keys = new Set<string>();
      if (apiKey) keys.add(apiKey);
      for (const origin of await keyStore.origins().catch(() => [] as string[])) {
        const key = await keyStore.get(origin).catch(() => null);
        if (key) keys.add(key);
      }
      return [...keys];
    },

    setMode,

    cycleMode(): void {
      const mode = store.get().settings.mode;
      setMode(MODES[(MODES.indexOf(mode) + 1) % MODES.length]);
    },

    setRules(rules: RuleLists): void {
      if (!sameRules(rules, store.get().settings.rules))
        void update({ rules: { allow: [...rules.allow], ask: [...rules.ask], deny: [...rules.deny] } });
    },

    async setModel(model: string): Promise<void> {
      await update({ model });
      store.set((s) => ({ providerVersion: s.providerVersion + 1 }));
    },

    dismissFirstRun(): void {
      store.set({ firstRun: false });
    },

    /** The key saved for exactly this base URL's origin, to prefill the settings form. */
    async savedKeyFor(baseUrl: string): Promise<string> {
      return (await keyStore.get(baseUrl).catch(() => null)) ?? '';
    },

    /** Removes every saved key from this device (the shared-computer escape hatch). */
    async forgetAllKeys(): Promise<void> {
      await keyStore.forgetAll();
      apiKey = '';
      store.set((s) => ({ hasKey: false, providerVersion: s.providerVersion + 1 }));
    },

    /** Embed only: the page's own endpoint (checked by the protocol), or null for the visitor's model. */
    useHostEndpoint(endpoint: HostEndpoint | null): void {
      store.set((s) => ({ hostEndpoint: endpoint, providerVersion: s.providerVersion + 1 }));
    },

    /** Saves the provider form; the key is bound to the base URL's origin. */
    async saveProvider(form: ProviderForm): Promise<Result<void>> {
      const current = store.get();
      const settings: Settings = {
        ...current.settings,
        preset: form.preset,
        format: form.format,
        baseUrl: form.baseUrl.trim(),
        model: form.model.trim(),
        backend: form.backend,
      };
      const key = form.apiKey.trim();
      const origin = originOf(settings.baseUrl);
      if (origin) {
        // Saving binds the key to this origin; an emptied field forgets the key saved there.
        try {
          await keyStore.set(settings.baseUrl, key);
        } catch (error) {
          return err(`The key could not be saved: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      apiKey = origin ? key : '';
      await persist(settings);
      store.set((s) => ({
        settings,
        // The visitor chose their own model: the embedding page's endpoint no longer applies.
        hostEndpoint: null,
        hasKey: apiKey.length > 0,
        firstRun: false,
        reloadNeeded: s.reloadNeeded || settings.backend !== current.settings.backend,
        providerVersion: s.providerVersion + 1,
      }));
      return ok(undefined);
    },

    /** Models the endpoint lists at /models, for the settings form; a failure says what to do. */
    async listModels(form: ProviderForm, signal: AbortSignal): Promise<Result<string[]>> {
      const runtime = await deps.runtime();
      const preset = getPreset(form.preset);
      return runtime.listModelIds(
        {
          preset: form.preset,
          format: form.format,
          baseUrl: form.baseUrl.trim(),
          apiKey: form.apiKey.trim(),
          model: form.model,
          ...(preset?.headers ? { headers: { ...preset.headers } } : {}),
        },
        signal,
      );
    },
  };
}
