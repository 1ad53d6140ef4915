import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { completeSlashCommand } from '../agent/commands/registry';
import type { SlashCommand } from '../agent/commands/types';
import type { ShellHandoff } from '../app/boot/shell-handoff';

export interface ComposerProps {
  running: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  onCycleMode: () => void;
  /** Focus the box when this changes (after a dialog closes)… */
  focusKey?: unknown;
  /** …unless something else (a dialog) should hold focus now. */
  canFocus?: boolean;
  /** Text to put in the box (a rewound message); a new nonce puts it again. */
  draft?: { text: string; nonce: number } | null;
  /** What was typed into index.html's box before the app loaded (and whether to send it). */
  handoff?: ShellHandoff | null;
  /** Commands beside the built-in ones (MCP's), read as the user types. */
  extraCommands?: () => readonly SlashCommand[];
  /** While running, what the box says instead of "The agent is working…" (a replay that is not yours yet). */
  busyText?: string;
  /** What an `@…` word at the caret may become (MCP resources as `@server:uri`), read as the user types. */
  mentionOptions?: (prefix: string) => readonly MentionOption[];
}

export interface MentionOption {
  /** What goes into the message, e.g. `@everything:demo://resource/1`. */
  label: string;
  /** A readable name to show beside it. */
  name: string;
}

/** The `@…` word that ends at `caret`, if any: where it starts and what is typed so far. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|[\s(])(@\S*)$/.exec(before);
  return match ? { start: before.length - match[2].length, query: match[2] } : null;
}

const MAX_MENTIONS = 20;

/** The message box: Enter sends, Shift+Enter breaks the line, "/" completes commands, "@" resources, ↑ recalls. */
export function Composer({
  running,
  onSend,
  onStop,
  onCycleMode,
  focusKey,
  canFocus = true,
  busyText,
  draft,
  handoff,
  extraCommands,
  mentionOptions,
}: ComposerProps) {
  const [text, setText] = useState(() => handoff?.text ?? '');
  const [selected, setSelected] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const history = useRef<string[]>([]);
  const historyIndex = useRef(-1);
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const nextCaret = useRef<number | null>(null);

  // The built-in commands' code loads when the box first holds a slash (or at idle after first paint).
  const [builtins, setBuiltins] = useState<readonly SlashCommand[] | null>(null);
  const wantsCommands = text.startsWith('/');
  useEffect(() => {
    if (!wantsCommands || builtins) return;
    let live = true;
    void import('../agent/commands').then((m) => live && setBuiltins(m.builtinCommands));
    return () => {
      live = false;
    };
  }, [wantsCommands, builtins]);
  const completions = useMemo(
    () => (dismissed ? [] : completeSlashCommand([...(builtins ?? []), ...(extraCommands?.() ?? [])], text)),
    [text, dismissed, extraCommands, builtins],
  );
  const mention = useMemo(
    () => (dismissed || completions.length ? null : mentionAt(text, caret)),
    [text, caret, dismissed, completions.length],
  );
  const mentions = useMemo(
    () => (mention && mentionOptions ? mentionOptions(mention.query).slice(0, MAX_MENTIONS) : []),
    [mention, mentionOptions],
  );

  // After a mention is inserted, the caret goes to its end.
  useLayoutEffect(() => {
    if (nextCaret.current === null || !ref.current) return;
    ref.current.setSelectionRange(nextCaret.current, nextCaret.current);
    setCaret(nextCaret.current);
    nextCaret.current = null;
  }, [text]);

  const insertMention = (option: MentionOption | undefined): void => {
    if (!option || !mention) return;
    const before = `${text.slice(0, mention.start)}${option.label} `;
    const after = text.slice(caret).replace(/^ /, '');
    nextCaret.current = before.length;
    setText(before + after);
    setSelected(0);
  };

  useEffect(() => {
    if (canFocus) ref.current?.focus();
  }, [focusKey, canFocus]);

  useEffect(() => {
    if (draft) setText(draft.text);
  }, [draft]);

  // The shell's caret, then its pending send. The handoff is cleared as it is used: StrictMode
  // mounts twice in development, and a message must go once.
  useLayoutEffect(() => {
    if (handoff && ref.current) ref.current.setSelectionRange(handoff.selectionStart, handoff.selectionEnd);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on mount
  }, []);
  useEffect(() => {
    if (!handoff?.send) return;
    handoff.send = false;
    submit(handoff.text);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on mount
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 240)}px`;
  }, [text]);

  const submit = (value = text): void => {
    const trimmed = value.trim();
    if (!trimmed || (running && !trimmed.startsWith('/'))) return;
    history.current = [trimmed, ...history.current.filter((h) => h !== trimmed)].slice(0, 50);
    historyIndex.current = -1;
    setText('');
    setDismissed(false);
    ref.current?.focus(); // after a click on Send, typing goes on in the box
    onSend(trimmed);
  };

  const complete = (index: number): string => {
    const command = completions[index];
    if (!command) return text;
    return `/${command.name}${command.argHint ? ' ' : ''}`;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Tab' && event.shiftKey) {
      event.preventDefault();
      onCycleMode();
      return;
    }
    if (mentions.length) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const delta = event.key === 'ArrowDown' ? 1 : -1;
        setSelected((s) => (s + delta + mentions.length) % mentions.length);
        return;
      }
      if (event.key === 'Tab' || (event.key === 'Enter' && !event.shiftKey)) {
        event.preventDefault();
        insertMention(mentions[selected] ?? mentions[0]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(true);
        return;
      }
    }
    if (completions.length) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const delta = event.key === 'ArrowDown' ? 1 : -1;
        setSelected((s) => (s + delta + completions.length) % completions.length);
        return;
      }
      if (event.key === 'Tab') {
        event.preventDefault();
        setText(complete(selected));
        setSelected(0);
        return;
      }
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        const chosen = completions[selected];
        // A command that takes no argument runs at once; one that does waits for it.
        if (chosen && !chosen.argHint) submit(`/${chosen.name}`);
        else setText(complete(selected));
        setSelected(0);
        return;
      }
      if (event.key === 'Escape' && !running) {
        event.preventDefault();
        setDismissed(true);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
      return;
    }
    if (event.key === 'ArrowUp' && (text === '' || historyIndex.current >= 0) && history.current.length) {
      const next = Math.min(historyIndex.current + 1, history.current.length - 1);
      historyIndex.current = next;
      event.preventDefault();
      setText(history.current[next]);
      return;
    }
    if (event.key === 'ArrowDown' && historyIndex.current >= 0) {
      event.preventDefault();
      const next = historyIndex.current - 1;
      historyIndex.current = next;
      setText(next >= 0 ? history.current[next] : '');
    }
  };

  const listId = 'slash-completions';
  const mentionListId = 'mention-completions';
  const activeList = completions.length ? listId : mentions.length ? mentionListId : undefined;
  const activeCount = completions.length || mentions.length;
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {completions.length > 0 && (
        <ul className="completions" id={listId} role="listbox" aria-label="Commands">
          {completions.map((command, i) => (
            <li
              key={command.name}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === selected}
              className={i === selected ? 'is-selected' : ''}
              onMouseDown={(event) => {
                event.preventDefault();
                if (command.argHint) setText(`/${command.name} `);
                else submit(`/${command.name}`);
              }}
            >
              <code>/{command.name}</code>
              {command.argHint && <span className="muted"> {command.argHint}</span>}
              <span className="completion-summary">{command.summary}</span>
            </li>
          ))}
        </ul>
      )}
      {mentions.length > 0 && (
        <ul className="completions" id={mentionListId} role="listbox" aria-label="Resources">
          {mentions.map((option, i) => (
            <li
              key={option.label}
              id={`${mentionListId}-${i}`}
              role="option"
              aria-selected={i === selected}
              className={i === selected ? 'is-selected' : ''}
              onMouseDown={(event) => {
                event.preventDefault();
                insertMention(option);
              }}
            >
              <code>{option.label}</code>
              {option.name && <span className="completion-summary">{option.name}</span>}
            </li>
          ))}
        </ul>
      )}
      <textarea
        ref={ref}
        aria-label="Message"
        placeholder={
          running
            ? (busyText ?? 'The agent is working… (Esc to stop)')
            : 'Ask for a change, or type / for commands, @ for resources'
        }
        rows={1}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setCaret(event.target.selectionStart);
          setSelected(0);
          setDismissed(false);
          historyIndex.current = -1;
        }}
        onKeyDown={onKeyDown}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        aria-controls={activeList}
        aria-autocomplete="list"
        aria-activedescendant={activeList && selected < activeCount ? `${activeList}-${selected}` : undefined}
        spellCheck
      />
      <div className="composer-actions">
        {running && (
          <button type="button" className="stop" onClick={onStop} title="Stop (Esc)">
            Stop
          </button>
        )}
        <button type="submit" className="primary" disabled={!text.trim() || (running && !text.trim().startsWith('/'))}>
          Send
        </button>
      </div>
    </form>
  );
}
