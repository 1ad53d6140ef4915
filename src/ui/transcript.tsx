import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import type { ChatItem } from '../app/chat/chat-fold';
import { MarkdownView } from './markdown-view';
import { cardFor } from './tool-cards';
import { ContextLine, HookLine, SubagentCard } from './extensions/extension-items';
import { TurnChangesCard } from './workbench/turn-changes-card';

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
    case 'tool': {
      const Card = cardFor(item.call);
      return <Card call={item.call} />;
    }
    case 'notice':
      return (
        <div className={`notice notice-${item.tone}`} role={item.tone === 'error' ? 'alert' : 'status'}>
          {item.title && <p className="notice-title">{item.title}</p>}
          {item.body && (item.markdown ? <MarkdownView text={item.body} /> : <p>{item.body}</p>)}
          {item.hint && <p className="notice-hint">{item.hint}</p>}
        </div>
      );
    case 'changes':
      return <TurnChangesCard turnId={item.turnId} files={item.files} />;
    case 'context':
      return <ContextLine item={item} />;
    case 'hook':
      return <HookLine item={item} />;
    case 'subagent':
      return (
        <SubagentCard agent={item.agent}>
          {item.agent.chat.items.map((inner) => (
            <Item key={inner.id} item={inner} />
          ))}
        </SubagentCard>
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
