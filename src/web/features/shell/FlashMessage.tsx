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
  if (!flash) return null;
  return (
    <Notice tone="success" live="polite">
      <p>{flash}</p>
    </Notice>
  );
}
