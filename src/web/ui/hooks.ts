import { useEffect, useState, type RefObject } from 'react';

/** Sets the document title for as long as the page is shown. */
export function usePageTitle(title: string, suffix: string): void {
  useEffect(() => {
    document.title = title ? `${title} – ${suffix}` : suffix;
  }, [title, suffix]);
}

/** `value`, once it has stopped changing for `delayMs`. */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

export function useMediaQuery(query: string): boolean {
  const get = () => (typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(query).matches : false);
  const [matches, setMatches] = useState(get);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const list = window.matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}

/**
 * Moves focus to `ref` once `when` becomes (or changes to another) truthy value,
 * after React has put it on the page: for panels that replace the button just pressed.
 */
export function useFocusWhen(ref: RefObject<HTMLElement | null>, when: unknown): void {
  useEffect(() => {
    if (when) ref.current?.focus();
  }, [when, ref]);
}
