import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * The box around a wide table. When the table is wider than the screen the box
 * scrolls sideways, and then it must be reachable by keyboard (a named, focusable
 * region); when it fits, it adds no tab stop.
 *
 * The width is measured after every render, before the browser paints (a layout
 * effect), so a table that grows when its rows arrive is never shown, nor checked
 * by an accessibility tool, scrolling without its tab stop. A ResizeObserver
 * covers what changes without a render here: the window's width, fonts.
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);

  // Deliberately without dependencies: every render may change the table's width.
  useLayoutEffect(() => measure(ref.current, setScrolls));

  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => measure(el, setScrolls));
    observer.observe(el);
    const table = el.firstElementChild;
    if (table) observer.observe(table);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={ref} className="table-wrap" {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}>
      {children}
    </div>
  );
}

function measure(el: HTMLElement | null, setScrolls: (scrolls: boolean) => void) {
  if (el) setScrolls(el.scrollWidth > el.clientWidth + 1);
}
