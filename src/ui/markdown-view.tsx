import { useEffect, useMemo, useState, type MouseEvent } from 'react';
import { highlighterReady, loadHighlighter, renderMarkdown } from './markdown';

function useHighlighter(text: string): boolean {
  const [ready, setReady] = useState(highlighterReady);
  const hasCode = text.includes('```') || text.includes('~~~');
  useEffect(() => {
    if (!ready && hasCode) void loadHighlighter().then(() => setReady(true));
  }, [ready, hasCode]);
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
  const highlighted = useHighlighter(text);
  const html = useMemo(() => renderMarkdown(text), [text, highlighted]);
  return <div className={`markdown ${className ?? ''}`} onClick={copyCode} dangerouslySetInnerHTML={{ __html: html }} />;
}
