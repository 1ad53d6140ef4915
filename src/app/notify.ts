import type { NoticeTone } from './chat/chat-fold';

/** Puts a note of the page's own in the chat (never sent to the model). */
export type Notify = (
  tone: NoticeTone,
  title: string,
  extra?: { hint?: string; body?: string; markdown?: boolean },
) => void;
