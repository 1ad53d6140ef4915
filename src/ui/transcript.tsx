import { lazy, memo, Suspense, useEffect, useLayoutEffect, useRef } from 'react';
import type { ChatItem, ToolCallView as ChatToolCall } from '../app/chat/chat-fold';
import { MarkdownView } from './markdown-view';

// The cards (and the details readers behind them) are not needed before the composer is live: they
// load with the first tool call shown, or at idle after first paint (src/main.tsx preloads them).
const ToolCardView = lazy(() => import('./tool-cards/tool-card-view'));
const TurnChangesCard = lazy(() =>
  import('./workbench/turn-changes-card').then((m) => ({ default: m.TurnChangesCard })),
);
const ContextLine = lazy(() => import('./extensions/extension-items').then((m) => ({ default: m.ContextLine })));
const HookLine = lazy(() => import('./extensions/extension-items').then((m) => ({ default: m.HookLine })));
const SubagentCard = lazy(() => import('./extensions/extension-items').then((m) => ({ default: m.SubagentCard })));

/** Until the cards have loaded: the call's name and subject, under the same accessible name. */
function PendingCard({ call }: { call: ChatToolCall }) {
  return (
    <article className={`tool-card state-${call.state}`} aria-label={`${call.name} ${call.summary}`} aria-busy="true">
      <header className="tool-card-head">
        <span className="tool-name">{call.name}</span>
        <span className="tool-subject">{call.summary}</span>
      </header>
    </article>
  );
}

const Item = memo(function Item({ item }: { item: ChatItem }) {
  switch (item.kind) {
    case 'user':
      return (
        <div className="msg msg-user">
          <div className="msg-user-text">{item.text}</div>
        </div>
      );
    case 'command':
      return (
        <div className="msg msg-command">
          <code>{item.text}</code>
        </div>
      );
    case 'text':
      return (
        <div className={`msg msg-assistant${item.streaming ? ' is-streaming' : ''}`}>
          <MarkdownView text={item.text} />
        </div>
      );
    case 'tool':
      return (
        <Suspense fallback={<PendingCard call={item.call} />}>
          <ToolCardView call={item.call} />
        </Suspense>
      );
    case 'notice':
      return (
        <div className={`notice notice-${item.tone}`} role={item.tone === 'error' ? 'alert' : 'status'}>
          {item.title && <p className="notice-title">{item.title}</p>}
          {item.body && (item.markdown ? <MarkdownView text={item.body} /> : <p>{item.body}</p>)}
          {item.hint && <p className="notice-hint">{item.hint}</p>}
        </div>
      );
    case 'changes':
      return (
        <Suspense fallback={null}>
          <TurnChangesCard turnId={item.turnId} files={item.files} />
        </Suspense>
      );
    case 'context':
      return (
        <Suspense fallback={null}>
          <ContextLine item={item} />
        </Suspense>
      );
    case 'hook':
      return (
        <Suspense fallback={null}>
          <HookLine item={item} />
        </Suspense>
      );
    case 'subagent':
      return (
        <Suspense fallback={null}>
          <SubagentCard agent={item.agent}>
            {item.agent.chat.items.map((inner) => (
              <Item key={inner.id} item={inner} />
            ))}
          </SubagentCard>
        </Suspense>
      );
  }
});

/** The conversation, kept scrolled to the newest item unless the reader scrolled up. */
export function Transcript({ items, children }: { items: ChatItem[]; children?: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = (): void => {
      pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  });
  return (
    <div
      className="transcript"
      ref={ref}
      role="log"
      aria-label="Conversation"
      aria-live="polite"
      aria-relevant="additions"
    >
      {children}
      {items.map((item) => (
        <Item key={item.id} item={item} />
      ))}
    </div>
  );
}
