import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';

/**
 * A pane size in pixels kept in localStorage (a UI preference, nothing secret), so a reload
 * restores it. `null` means "never set": the layout's own default (a percentage) applies.
 */
export function usePersistedSize(key: string): [number | null, (size: number | null) => void] {
  const [size, setSize] = useState<number | null>(() => {
    try {
      const raw = localStorage.getItem(key);
      const n = raw === null ? NaN : Number(raw);
      return Number.isFinite(n) && n > 0 ? n : null;
    } catch {
      return null;
    }
  });
  const set = useCallback(
    (next: number | null) => {
      setSize(next);
      try {
        if (next === null) localStorage.removeItem(key);
        else localStorage.setItem(key, String(Math.round(next)));
      } catch {
        // Storage full or blocked: the size still applies for this page.
      }
    },
    [key],
  );
  return [size, set];
}

const STEP = 16;

/**
 * A focusable separator between two panes. `size` is the size of the pane it resizes, `grow`
 * the direction the pointer moves to enlarge it (-1 when that pane is right of / below the bar).
 * Arrows resize (Shift for bigger steps), Home/End go to the limits, double-click or Enter resets.
 */
export function Splitter({
  label,
  orientation,
  size,
  min,
  max,
  grow,
  onResize,
  onReset,
}: {
  label: string;
  /** "vertical": a vertical bar that resizes widths; "horizontal": a horizontal bar for heights. */
  orientation: 'vertical' | 'horizontal';
  size: number;
  min: number;
  max: number;
  grow: 1 | -1;
  onResize: (size: number) => void;
  onReset: () => void;
}) {
  const drag = useRef<{ start: number; size: number } | null>(null);
  const clamp = (n: number): number => Math.round(Math.min(Math.max(n, min), Math.max(min, max)));
  const coord = (event: PointerEvent): number => (orientation === 'vertical' ? event.clientX : event.clientY);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { start: coord(event), size };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    if (!drag.current) return;
    onResize(clamp(drag.current.size + grow * (coord(event) - drag.current.start)));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>): void => {
    drag.current = null;
    if (event.currentTarget.hasPointerCapture(event.pointerId))
      event.currentTarget.releasePointerCapture(event.pointerId);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = event.shiftKey ? STEP * 4 : STEP;
    const back = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
    const fwd = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
    let next: number | null = null;
    if (event.key === back) next = size - grow * step;
    else if (event.key === fwd) next = size + grow * step;
    else if (event.key === 'Home') next = min;
    else if (event.key === 'End') next = max;
    else if (event.key === 'Enter') {
      event.preventDefault();
      onReset();
      return;
    } else return;
    event.preventDefault();
    onResize(clamp(next));
  };

  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={Math.round(size)}
      aria-valuemin={Math.round(min)}
      aria-valuemax={Math.round(Math.max(min, max))}
      aria-valuetext={`${Math.round(size)} pixels`}
      title={`${label} — drag or use the arrow keys; double-click resets`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={onReset}
      onKeyDown={onKeyDown}
    />
  );
}
