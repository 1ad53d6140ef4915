import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { visibleRows, type FileTreeIndex, type TreeRow } from '../../app/file-tree-model';

// The tree's rows, windowed: only the rows in sight (plus a few either side) are in the DOM, so a
// 20,000-entry folder scrolls like a 20-entry one. The rows are one flat list carrying their level,
// position and set size (the ARIA pattern for a virtualised tree). Keys: Up/Down move, Right opens
// a folder (or steps into it), Left closes it (or steps to its parent), Home/End, Enter/Space act.

/** Every row is this tall (CSS: .tree-row); the window is worked out from it. */
export const ROW_HEIGHT = 22;
const OVERSCAN = 8;

export function TreeRows({
  index,
  scroller,
  selected,
  changed,
  onOpen,
}: {
  index: FileTreeIndex;
  /** The element that scrolls (the tree's panel). */
  scroller: React.RefObject<HTMLElement | null>;
  selected: string | null;
  changed: ReadonlySet<string>;
  onOpen: (path: string) => void;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => visibleRows(index, open), [index, open]);
  const [view, setView] = useState({ top: 0, height: 600 });
  const [focus, setFocus] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const wantFocus = useRef(false);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    let frame = 0;
    const measure = (): void => {
      frame = 0;
      const offset = list.current ? list.current.offsetTop - el.offsetTop : 0;
      const next = { top: Math.max(0, el.scrollTop - offset), height: el.clientHeight || 600 };
      // Same window, same state: no render (a resize that changes nothing must not loop).
      setView((prev) => (prev.top === next.top && prev.height === next.height ? prev : next));
    };
    const onScroll = (): void => {
      frame ||= requestAnimationFrame(measure);
    };
    measure();
    el.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(onScroll);
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [scroller]);

  const toggle = (path: string, to?: boolean): void =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (to ?? !next.has(path)) next.add(path);
      else next.delete(path);
      return next;
    });

  const focusIndex = Math.max(
    0,
    rows.findIndex((r) => r.path === (focus ?? selected)),
  );
  // The focused row must be in the DOM: scroll it into the window, then focus its button.
  useEffect(() => {
    if (!wantFocus.current || !focus) return;
    const at = rows.findIndex((r) => r.path === focus);
    const el = scroller.current;
    if (at < 0 || !el || !list.current) return;
    const offset = list.current.offsetTop - el.offsetTop;
    const y = offset + at * ROW_HEIGHT;
    if (y < el.scrollTop) el.scrollTop = y;
    else if (y + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = y + ROW_HEIGHT - el.clientHeight;
    const button = list.current.querySelector<HTMLButtonElement>(`[data-path="${CSS.escape(focus)}"] button`);
    if (button) {
      button.focus();
      wantFocus.current = false;
    }
  });

  const move = (to: number): void => {
    const row = rows[Math.min(Math.max(to, 0), rows.length - 1)];
    if (!row) return;
    wantFocus.current = true;
    setFocus(row.path);
  };
  const parentRow = (row: TreeRow): number => {
    for (let i = rows.indexOf(row) - 1; i >= 0; i--) if (rows[i].level < row.level) return i;
    return -1;
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    const path = (e.target as HTMLElement).closest<HTMLElement>('[data-path]')?.dataset.path;
    const at = rows.findIndex((r) => r.path === path);
    if (at < 0) return;
    const row = rows[at];
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at + 1),
      ArrowUp: () => move(at - 1),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      ArrowRight: () => row.kind === 'dir' && (row.open ? move(at + 1) : toggle(row.path, true)),
      ArrowLeft: () => (row.kind === 'dir' && row.open ? toggle(row.path, false) : move(parentRow(row))),
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  };

  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);
  const shown = rows.slice(first, last);
  return (
    <ul
      ref={list}
      role="tree"
      aria-label="Workspace files"
      className="tree-rows"
      style={{ height: rows.length * ROW_HEIGHT, paddingTop: first * ROW_HEIGHT }}
      onKeyDown={onKeyDown}
    >
      {shown.map((row, i) => {
        const tabIndex = first + i === focusIndex ? 0 : -1;
        const pad = { paddingLeft: `${(row.level - 1) * 12 + (row.kind === 'dir' ? 6 : 18)}px` };
        const aria = { 'aria-level': row.level, 'aria-posinset': row.pos, 'aria-setsize': row.size };
        if (row.kind === 'dir')
          return (
            <li
              key={row.path}
              data-path={row.path}
              role="treeitem"
              aria-label={row.name}
              aria-expanded={row.open}
              aria-selected={false}
              {...aria}
            >
              <button
                type="button"
                className="tree-dir"
                style={pad}
                tabIndex={tabIndex}
                onClick={() => (setFocus(row.path), toggle(row.path))}
              >
                <span aria-hidden="true">{row.open ? '▾' : '▸'} </span>
                {row.name}
              </button>
            </li>
          );
        const isChanged = changed.has(row.path);
        const isSelected = row.path === selected;
        return (
          <li
            key={row.path}
            data-path={row.path}
            role="treeitem"
            aria-label={row.name}
            aria-selected={isSelected}
            aria-description={isChanged ? 'changed in this session' : undefined}
            {...aria}
          >
            <button
              type="button"
              className={`tree-file${isSelected ? ' is-selected' : ''}${isChanged ? ' is-changed' : ''}`}
              style={pad}
              tabIndex={tabIndex}
              onClick={() => (setFocus(row.path), onOpen(row.path))}
            >
              {row.name}
              {isChanged && (
                <span className="changed-dot" title="Changed in this session" aria-hidden="true">
                  ●
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
