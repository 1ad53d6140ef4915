// Loaded only when a file is opened: Monaco is ~1 MB gzipped and must never be in the first chunk.
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import CssWorker from 'monaco-editor/language/css/css.worker?worker';
import HtmlWorker from 'monaco-editor/language/html/html.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';

// In a production build Monaco cannot find its workers by itself: hand it Vite's bundled ones.
(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker(_id: string, label: string): Worker {
    if (label === 'json') return new JsonWorker();
    if (label === 'css' || label === 'scss' || label === 'less') return new CssWorker();
    if (label === 'html' || label === 'handlebars' || label === 'razor') return new HtmlWorker();
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    return new EditorWorker();
  },
};

const theme = (dark: boolean): string => (dark ? 'vs-dark' : 'vs');
const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** What happened when the file changed on disk while open. */
export type DiskOutcome = 'same' | 'updated' | 'conflict';

export interface EditorHandle {
  /** Shows `path`, creating its model from `text` the first time (language from the extension). */
  show(path: string, text: string): void;
  has(path: string): boolean;
  /** The file changed on disk: take it when the user has no unsaved edits, else report a conflict. */
  disk(path: string, text: string): DiskOutcome;
  /** Replaces the buffer with `text` and counts it as saved (the user chose the disk version). */
  reset(path: string, text: string): void;
  value(path: string): string | null;
  isDirty(path: string): boolean;
  markSaved(path: string, text: string): void;
  close(path: string): void;
  setDark(dark: boolean): void;
  dispose(): void;
}

let warmed: Promise<void> | null = null;

/**
 * Monaco's shared services (models, themes, configuration) start on the first model or editor:
 * started here, with a task boundary after, so the editor's creation is not one task of ~200 ms
 * on top of them. Call before createEditor; once per page.
 */
export function warmUp(): Promise<void> {
  warmed ??= new Promise<void>((resolve) => {
    monaco.editor.createModel('', 'plaintext').dispose();
    setTimeout(resolve, 0);
  });
  return warmed;
}

export function createEditor(
  el: HTMLElement,
  options: {
    dark: boolean;
    onDirty: (path: string, dirty: boolean) => void;
    onSave: (path: string, text: string) => void;
  },
): EditorHandle {
  const editor = monaco.editor.create(el, {
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    theme: theme(options.dark),
    tabSize: 2,
    ariaLabel: 'Editor',
  });
  const models = new Map<string, monaco.editor.ITextModel>();
  const saved = new Map<string, number>();
  let current: string | null = null;
  const dirty = (path: string): boolean => {
    const model = models.get(path);
    return !!model && model.getAlternativeVersionId() !== saved.get(path);
  };
  editor.onDidChangeModelContent(() => {
    if (current) options.onDirty(current, dirty(current));
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => {
    if (current) options.onSave(current, editor.getValue());
  });
  const replace = (model: monaco.editor.ITextModel, text: string): void => {
    // pushEditOperations keeps the user's undo history across the agent's change.
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
  };
  return {
    show(path, text) {
      let model = models.get(path);
      if (!model) {
        const uri = monaco.Uri.file(path);
        monaco.editor.getModel(uri)?.dispose();
        model = monaco.editor.createModel(text, undefined, uri);
        models.set(path, model);
        saved.set(path, model.getAlternativeVersionId());
      }
      current = path;
      editor.setModel(model);
      editor.updateOptions({ ariaLabel: `Editor for ${baseName(path)}` });
    },
    has: (path) => models.has(path),
    disk(path, text) {
      const model = models.get(path);
      if (!model || model.getValue() === text) {
        if (model) saved.set(path, model.getAlternativeVersionId());
        return 'same';
      }
      if (dirty(path)) return 'conflict';
      replace(model, text);
      saved.set(path, model.getAlternativeVersionId());
      options.onDirty(path, false);
      return 'updated';
    },
    reset(path, text) {
      const model = models.get(path);
      if (!model) return;
      replace(model, text);
      saved.set(path, model.getAlternativeVersionId());
      options.onDirty(path, false);
    },
    value: (path) => models.get(path)?.getValue() ?? null,
    isDirty: dirty,
    markSaved(path, text) {
      const model = models.get(path);
      if (model && model.getValue() === text) saved.set(path, model.getAlternativeVersionId());
      options.onDirty(path, dirty(path));
    },
    close(path) {
      const model = models.get(path);
      if (current === path) {
        editor.setModel(null);
        current = null;
      }
      model?.dispose();
      models.delete(path);
      saved.delete(path);
    },
    setDark: (dark) => monaco.editor.setTheme(theme(dark)),
    dispose() {
      editor.dispose();
      for (const model of models.values()) model.dispose();
      models.clear();
    },
  };
}

export interface DiffHandle {
  show(path: string, before: string, after: string): void;
  setDark(dark: boolean): void;
  dispose(): void;
}

/** Monaco's side-by-side diff (inline on narrow screens), read-only, for a turn's review. */
export function createDiff(el: HTMLElement, options: { dark: boolean }): DiffHandle {
  const diff = monaco.editor.createDiffEditor(el, {
    automaticLayout: true,
    readOnly: true,
    originalEditable: false,
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    renderSideBySide: el.clientWidth > 640,
    useInlineViewWhenSpaceIsLimited: true,
    theme: theme(options.dark),
  });
  let models: monaco.editor.ITextModel[] = [];
  const free = (): void => {
    for (const m of models) m.dispose();
    models = [];
  };
  return {
    show(path, before, after) {
      const old = models;
      const original = monaco.editor.createModel(
        before,
        undefined,
        monaco.Uri.from({ scheme: 'before', path: `/${Date.now()}${path}` }),
      );
      const modified = monaco.editor.createModel(
        after,
        undefined,
        monaco.Uri.from({ scheme: 'after', path: `/${Date.now()}${path}` }),
      );
      models = [original, modified];
      diff.setModel({ original, modified });
      for (const m of old) m.dispose();
    },
    setDark: (dark) => monaco.editor.setTheme(theme(dark)),
    dispose() {
      diff.dispose();
      free();
    },
  };
}
