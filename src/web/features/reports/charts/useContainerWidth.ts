import { useEffect, useRef, useState } from 'react';

/**
 * The width of an element, kept current as the window or layout changes (a
 * phone turned sideways, a sidebar opening). Starts at `fallback` until the
 * element is measured, and falls back to it where nothing can be measured.
 */
export function useContainerWidth<T extends HTMLElement>(fallback = 640) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.getBoundingClientRect().width);
      if (w > 0) setWidth((old) => (Math.abs(old - w) >= 1 ? w : old));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}
