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

export interface EditorHandle {
  /** Shows `text` for `path`, keeping the undo stack per file. */
  open(path: string, text: string): void;
  /** Replaces the text of the open file when it changed elsewhere (the agent wrote it). */
  update(text: string): void;
  value(): string;
  dispose(): void;
}

export function createEditor(el: HTMLElement, options: { dark: boolean; onChange: (text: string) => void }): EditorHandle {
  const editor = monaco.editor.create(el, {
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    theme: options.dark ? 'vs-dark' : 'vs',
    tabSize: 2,
  });
  let applying = false;
  editor.onDidChangeModelContent(() => {
    if (!applying) options.onChange(editor.getValue());
  });
  return {
    open(path, text) {
      const uri = monaco.Uri.file(path);
      let model = monaco.editor.getModel(uri);
      if (!model) model = monaco.editor.createModel(text, undefined, uri);
      else if (model.getValue() !== text) {
        applying = true;
        model.setValue(text);
        applying = false;
      }
      editor.setModel(model);
    },
    update(text) {
      const model = editor.getModel();
      if (!model || model.getValue() === text) return;
      applying = true;
      // pushEditOperations keeps the user's undo history across the agent's change.
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
      applying = false;
    },
    value: () => editor.getValue(),
    dispose() {
      editor.dispose();
    },
  };
}
