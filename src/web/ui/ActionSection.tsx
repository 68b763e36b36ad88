/**
 * A record page's section that lists things and opens small forms in place
 * (enrollment, medication, events…): its heading takes focus back when a form
 * closes, a confirmation shows after a change, and loading and errors look the
 * same everywhere.
 */
import { useRef, useState, type ReactNode, type RefObject } from 'react';
import { describeError } from '../api/describeError.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useAnnounce } from './Announcer.tsx';
import { Loading } from './Loading.tsx';
import { Notice } from './Notice.tsx';
import type { AsyncState } from './useAsync.ts';

/** Which form is open (`A`), the confirmation to show, and the steps between them. `reloadList` fetches the section's data again. */
export function useSectionActions<A>(reloadList: () => void) {
  const announce = useAnnounce();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [action, setAction] = useState<A | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const open = (a: A) => {
    setFlash(null);
    setAction(a);
  };
  const close = () => {
    setAction(null);
    headingRef.current?.focus();
  };
  const done = (message: string) => {
    setFlash(message);
    announce(message);
    reloadList();
    close();
  };
  /** After a 409: fetch the latest and close the form. */
  const reload = () => {
    reloadList();
    close();
  };
  return { action, flash, setFlash, headingRef, open, close, done, reload };
}

interface ActionSectionProps {
  /** The heading's id (the section is labelled by it, and "On this page" links to it). */
  headingId: string;
  title: string;
  className?: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
  flash: string | null;
  list: Pick<AsyncState<unknown>, 'status' | 'error'>;
  children?: ReactNode;
}

export function ActionSection({ headingId, title, className, headingRef, flash, list, children }: ActionSectionProps) {
  const { t } = useI18n();
  return (
    <section aria-labelledby={headingId} className={className ? `panel ${className}` : 'panel'}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {flash ? (
        <Notice tone="success">
          <p>{flash}</p>
        </Notice>
      ) : null}
      {list.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {list.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(list.error, t)}</p>
        </Notice>
      ) : null}
      {children}
    </section>
  );
}
