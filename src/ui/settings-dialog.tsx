import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { getPreset, presets } from '../providers/presets';
import type { WireFormat } from '../providers/types';
import { originOf } from '../store/key-store';
import type { BackendChoice } from '../store/settings-store';
import { webContainerBlocker } from '../workspace/boot-workspace';
import type { ProviderForm } from '../app/settings';
import { useApp, useStore } from './use-store';
import { MarkdownView } from './markdown-view';
import { GitSettingsFieldset } from './git/git-settings';
import { McpServersFieldset } from './mcp/mcp-servers';
import { UserExtensionsFieldset } from './extensions/user-extensions';

type ListState =
  { status: 'idle' } | { status: 'loading' } | { status: 'ok'; count: number } | { status: 'error'; message: string };

/** Provider, base URL, key, model and backend. The key is bound to the base URL's origin on Save. */
export function SettingsDialog() {
  const app = useApp();
  const settings = app.settings;
  const ref = useRef<HTMLDialogElement>(null);
  // The form starts from what is saved when the dialog opens; later changes do not reset it.
  const [s] = useState(() => settings.store.get().settings);
  const [settingsPreset] = useState(() => app.view.store.get().settingsPreset);
  const backendReason = useStore(app.backend, (b) => b.reason);
  const [form, setForm] = useState<ProviderForm>(() => {
    // Start on the saved provider, or on the preset the caller asked for (first run: Anthropic).
    const hinted = settingsPreset && settingsPreset !== s.preset ? getPreset(settingsPreset) : undefined;
    if (hinted || !s.preset) {
      const p = hinted ?? getPreset('anthropic')!;
      return {
        preset: p.id,
        format: p.format,
        baseUrl: p.baseUrl,
        apiKey: '',
        model: p.defaultModel,
        backend: s.backend,
      };
    }
    return { preset: s.preset, format: s.format, baseUrl: s.baseUrl, apiKey: '', model: s.model, backend: s.backend };
  });
  /** The origin whose saved key is in the field; a key the user typed here has none. */
  const [keyOrigin, setKeyOrigin] = useState<string | null>(null);
  const [keyTyped, setKeyTyped] = useState(false);
  const [showKey, setShowKey] = useState(false);
  const [models, setModels] = useState<string[]>([]);
  const [list, setList] = useState<ListState>({ status: 'idle' });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState('');
  const listAbort = useRef<AbortController | null>(null);
  const ids = { title: useId(), keyNote: useId(), models: useId(), backendNote: useId(), key: useId(), model: useId() };
  const preset = getPreset(form.preset);
  const origin = originOf(form.baseUrl);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  // Prefill the key saved for this exact origin; when the origin changes, a saved key never follows it.
  useEffect(() => {
    if (keyTyped) return;
    let live = true;
    if (!origin) {
      setForm((f) => ({ ...f, apiKey: '' }));
      setKeyOrigin(null);
      return;
    }
    void settings.savedKeyFor(form.baseUrl).then((key) => {
      if (!live) return;
      setForm((f) => ({ ...f, apiKey: key }));
      setKeyOrigin(key ? origin : null);
    });
    return () => {
      live = false;
    };
  }, [origin, keyTyped, settings, form.baseUrl]);

  const loadModels = (): void => {
    listAbort.current?.abort();
    if (!origin) {
      setList({ status: 'error', message: 'Enter a base URL first.' });
      return;
    }
    const abort = new AbortController();
    listAbort.current = abort;
    setList({ status: 'loading' });
    void settings.listModels(form, abort.signal).then((listed) => {
      if (abort.signal.aborted) return;
      if (!listed.ok) {
        setList({ status: 'error', message: listed.error });
        return;
      }
      const ids = listed.value;
      setModels(ids);
      setList({ status: 'ok', count: ids.length });
      if (!form.model && ids.length) setForm((f) => (f.model ? f : { ...f, model: ids[0] }));
    });
  };

  // List models by itself only where that cannot send a key somewhere unintended: no key in the
  // field, or the key is the one saved for this very origin. A half-typed URL never gets a key.
  const autoList =
    origin !== null && (!form.apiKey || keyOrigin === origin || (preset?.baseUrl === form.baseUrl && !keyTyped));
  useEffect(() => {
    if (!autoList) return;
    const timer = setTimeout(loadModels, 400);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [autoList, form.baseUrl, form.preset, keyOrigin]);

  useEffect(() => () => listAbort.current?.abort(), []);

  const choosePreset = (id: string): void => {
    const next = getPreset(id);
    setKeyTyped(false);
    setModels([]);
    setList({ status: 'idle' });
    setForm((f) => ({
      ...f,
      preset: id,
      format: next?.format ?? f.format,
      baseUrl: next?.baseUrl || (id === 'custom' ? '' : f.baseUrl),
      model: next?.defaultModel ?? '',
    }));
  };

  const close = (): void => {
    ref.current?.close();
    app.view.closeSettings();
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError('');
    if (!origin) {
      setError('The base URL must start with https:// (or http:// for a server on this machine).');
      return;
    }
    if (!form.model.trim()) {
      setError('Choose a model: type its id, or pick one from the list.');
      return;
    }
    if (preset?.needsKey && !form.apiKey.trim()) {
      setError(`${preset.label} needs an API key.`);
      return;
    }
    setSaving(true);
    const saved = await settings.saveProvider(form);
    setSaving(false);
    if (!saved.ok) {
      setError(saved.error);
      return;
    }
    close();
  };

  const blocker = webContainerBlocker();
  return (
    <dialog ref={ref} className="settings" aria-labelledby={ids.title} onCancel={(e) => (e.preventDefault(), close())}>
      <form onSubmit={(e) => void submit(e)}>
        <h2 id={ids.title}>Settings</h2>

        <fieldset>
          <legend>Connection</legend>
          <label>
            Provider
            <select value={form.preset} onChange={(e) => choosePreset(e.target.value)}>
              {presets.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>

          {form.preset === 'custom' && (
            <label>
              Wire format
              <select
                value={form.format}
                onChange={(e) => setForm((f) => ({ ...f, format: e.target.value as WireFormat }))}
              >
                <option value="openai">OpenAI Chat Completions</option>
                <option value="anthropic">Anthropic Messages</option>
              </select>
            </label>
          )}

          <label>
            Base URL
            <input
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://…"
              value={form.baseUrl}
              onChange={(e) => setForm((f) => ({ ...f, baseUrl: e.target.value }))}
            />
          </label>

          <div className="field">
            <label htmlFor={ids.key}>API key</label>
            <span className="key-row">
              <input
                id={ids.key}
                type={showKey ? 'text' : 'password'}
                autoComplete="off"
                spellCheck={false}
                placeholder={preset?.needsKey ? 'Paste your key' : 'Optional for this provider'}
                aria-describedby={ids.keyNote}
                value={form.apiKey}
                onChange={(e) => {
                  setKeyTyped(true);
                  setKeyOrigin(null);
                  setForm((f) => ({ ...f, apiKey: e.target.value }));
                }}
              />
              <button
                type="button"
                className="ghost small"
                aria-pressed={showKey}
                onClick={() => setShowKey((v) => !v)}
              >
                {showKey ? 'Hide' : 'Show'}
              </button>
            </span>
          </div>
          <p className="field-note" id={ids.keyNote}>
            Kept only in this browser and sent only to <code>{origin ?? 'the base URL'}</code>. Change the base URL and
            the key must be entered again.
            {preset?.keyUrl && (
              <>
                {' '}
                <a href={preset.keyUrl} target="_blank" rel="noopener noreferrer">
                  Get a {preset.label} key
                </a>
              </>
            )}
          </p>

          <div className="field">
            <label htmlFor={ids.model}>Model</label>
            <span className="key-row">
              <input
                id={ids.model}
                list={ids.models}
                autoComplete="off"
                spellCheck={false}
                placeholder="model id"
                value={form.model}
                onChange={(e) => setForm((f) => ({ ...f, model: e.target.value }))}
              />
              <button type="button" className="ghost small" onClick={loadModels} disabled={list.status === 'loading'}>
                {list.status === 'loading' ? 'Listing…' : 'Refresh list'}
              </button>
            </span>
            <datalist id={ids.models}>
              {models.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </div>
          <p className="field-note" role="status">
            {list.status === 'ok' && `${list.count} models offered by ${origin}. Type to filter.`}
            {list.status === 'error' && <span className="error-text">Could not list models: {list.message}</span>}
            {list.status === 'idle' &&
              (form.apiKey && !autoList ? 'Press “Refresh list” to fetch the models this key can use.' : '')}
          </p>

          {preset?.setupNote && (
            <div className="setup-note">
              <MarkdownView text={preset.setupNote.replace(/https:\/\/tidepool\.example/g, location.origin)} />
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>Workspace</legend>
          <label>
            Workspace backend
            <select
              value={form.backend}
              aria-describedby={ids.backendNote}
              onChange={(e) => setForm((f) => ({ ...f, backend: e.target.value as BackendChoice }))}
            >
              <option value="auto">Automatic: WebContainer when possible, else lite</option>
              <option value="webcontainer">WebContainer (Node.js, npm, dev servers)</option>
              <option value="lite">Lite (in-page shell, works offline and everywhere)</option>
            </select>
          </label>
          <p className="field-note" id={ids.backendNote}>
            Now: {backendReason}
            {blocker && form.backend !== 'lite' && ` The WebContainer needs cross-origin isolation; here ${blocker}.`} A
            change applies on the next load.
          </p>
        </fieldset>

        <GitSettingsFieldset />

        <McpServersFieldset />

        {!app.embed && <UserExtensionsFieldset />}

        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button
            type="button"
            className="ghost small forget"
            onClick={() =>
              // Every credential this device holds: provider keys and git tokens (create-app.ts).
              void app.forgetAllKeys().then(() => {
                setKeyTyped(false);
                setKeyOrigin(null);
                setForm((f) => ({ ...f, apiKey: '' }));
              })
            }
          >
            Forget stored keys
          </button>
          <span className="spacer" />
          <button type="button" className="ghost" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            Save
          </button>
        </div>
      </form>
    </dialog>
  );
}
