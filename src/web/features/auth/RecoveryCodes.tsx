import { useRef, useState } from 'react';
import { useT } from '../../i18n/I18nProvider.tsx';
import { Checkbox } from '../../ui/ChoiceGroup.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import './mfa.css';

/** Ten one-time codes, shown once: download, print, and say they are saved before going on. */
export function RecoveryCodes({ codes, email, onDone }: { codes: string[]; email: string; onDone: () => void }) {
  const t = useT();
  const [saved, setSaved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusWhen(heading, codes);

  const download = () => {
    const text = [t('mfa.codes.fileHeading', { email }), '', ...codes, ''].join('\n');
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'tandem-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <section className="panel recovery-codes" aria-labelledby="recovery-codes-title">
      <h2 id="recovery-codes-title" ref={heading} tabIndex={-1}>
        {t('mfa.codes.title')}
      </h2>
      <p>{t('mfa.codes.intro')}</p>
      <ol className="recovery-code-list" aria-label={t('mfa.codes.listLabel')}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button type="button" className="btn btn-secondary" onClick={download}>
          {t('mfa.codes.download')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => window.print()}>
          {t('mfa.codes.print')}
        </button>
      </div>
      <Checkbox name="codesSaved" label={t('mfa.codes.saved')} checked={saved} onChange={setSaved} />
      <button type="button" className="btn btn-primary" disabled={!saved} onClick={onDone}>
        {t('mfa.codes.continue')}
      </button>
    </section>
  );
}
