import { useEffect, useMemo, useState, type MouseEvent } from 'react';

// marked + DOMPurify (and the highlighter after them) load after first paint: until they
// arrive, text shows as plain text, which React escapes. The first chunk carries neither.
type MarkdownModule = typeof import('./markdown');
let loaded: MarkdownModule | null = null;
let loading: Promise<MarkdownModule> | null = null;

export function preloadMarkdown(): Promise<MarkdownModule> {
  loading ??= import('./markdown').then((mod) => (loaded = mod));
  return loading;
}

function useMarkdownModule(): MarkdownModule | null {
  const [mod, setMod] = useState(loaded);
  useEffect(() => {
    if (!mod) void preloadMarkdown().then(setMod);
  }, [mod]);
  return mod;
}

function useHighlighter(mod: MarkdownModule | null, text: string): boolean {
  const [ready, setReady] = useState(() => mod?.highlighterReady() ?? false);
  const hasCode = text.includes('```') || text.includes('~~~');
  useEffect(() => {
    if (mod && !ready && hasCode) void mod.loadHighlighter().then(() => setReady(true));
  }, [mod, ready, hasCode]);
  return ready;
}

function copyCode(event: MouseEvent<HTMLDivElement>): void {
  const target = event.target as HTMLElement;
  if (!target.matches('button[data-copy]')) return;
  const code = target.parentElement?.querySelector('code')?.textContent ?? '';
  void navigator.clipboard?.writeText(code).then(() => {
    target.textContent = 'Copied';
    setTimeout(() => (target.textContent = 'Copy'), 1200);
  });
}

/** Markdown from the model or a file, rendered through marked + DOMPurify (see markdown.ts). */
export function MarkdownView({ text, className }: { text: string; className?: string }) {
  const mod = useMarkdownModule();
  const highlighted = useHighlighter(mod, text);
  const html = useMemo(() => (mod ? mod.renderMarkdown(text) : null), [mod, text, highlighted]);
  if (html === null) return <div className={`markdown is-plain ${className ?? ''}`}>{text}</div>;
  return (
    <div className={`markdown ${className ?? ''}`} onClick={copyCode} dangerouslySetInnerHTML={{ __html: html }} />
  );
}
