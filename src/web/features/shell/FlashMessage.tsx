import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { Notice } from '../../ui/Notice.tsx';

/** Navigation state for a one-off confirmation on the next page. */
export interface FlashState {
  flash?: string;
}

export function flashState(message: string): FlashState {
  return { flash: message };
}

/** Shows the confirmation a previous page left ("Participant saved") once. */
export function FlashMessage() {
  const location = useLocation();
  const flash = (location.state as FlashState | null)?.flash;
  // Shown once: forget it in the browser's history so a reload or Back does not repeat it.
  // (The router keeps its own copy of this location for as long as the page is shown.)
  useEffect(() => {
    if (!flash) return;
    const state: unknown = window.history.state;
    if (state && typeof state === 'object' && 'usr' in state) window.history.replaceState({ ...state, usr: null }, '');
  }, [flash, location.key]);
  if (!flash) return null;
  return (
    <Notice tone="success" live="polite">
      <p>{flash}</p>
    </Notice>
  );
}
