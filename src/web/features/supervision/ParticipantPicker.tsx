/**
 * Participants discussed in a session, by reference: find one by name (the
 * participants search, so only people the recorder may see), add, or untick to
 * remove. People on the record whom the recorder may not see are never listed
 * here and stay on the record.
 */
import { useState } from 'react';
import type { ParticipantSummary } from '../../../core/schemas.ts';
import { describeError } from '../../api/describeError.ts';
import { participantsApi } from '../../api/participants.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { FieldError } from '../../ui/Field.tsx';

export function ParticipantPicker({
  chosen,
  known,
  onChange,
  error,
}: {
  chosen: readonly string[];
  /** Names of the participants already on the session (those the viewer may see). */
  known: readonly { id: string; name: string }[];
  onChange: (ids: string[], added?: { id: string; name: string }) => void;
  error?: string;
}) {
  const { t, locale } = useI18n();
  const announce = useAnnounce();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<ParticipantSummary[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const nameOf = (id: string) => known.find((k) => k.id === id)?.name ?? id;
  const search = async () => {
    if (q.trim() === '') return;
    setSearchError(null);
    try {
      const page = await participantsApi.search({ q, limit: 8 });
      setResults(page.items);
      announce(t('supervision.participantResults', { count: page.items.length }));
    } catch (err) {
      setSearchError(describeError(err, t));
    }
  };
  return (
    <fieldset className={`field${error ? ' field--invalid' : ''}`} aria-describedby="field-participantIds-hint">
      <legend className="field-label">
        {t('supervision.participants')} <span className="field-optional">{t('ui.optional')}</span>
      </legend>
      <p className="field-hint" id="field-participantIds-hint">
        {t('supervision.participantsHint')}
      </p>
      <FieldError id="field-participantIds" message={error} />
      {known.length > 0 ? (
        <div className="choices">
          {known.map((p) => (
            <div className="choice" key={p.id}>
              <input
                type="checkbox"
                id={`participant-${p.id}`}
                checked={chosen.includes(p.id)}
                onChange={(e) => onChange(e.target.checked ? [...chosen, p.id] : chosen.filter((x) => x !== p.id))}
              />
              <label htmlFor={`participant-${p.id}`}>{nameOf(p.id)}</label>
            </div>
          ))}
        </div>
      ) : null}
      <div className="participant-search">
        <label className="field-label" htmlFor="participant-search">
          {t('supervision.findParticipant')}
        </label>
        <div className="button-row">
          <input
            id="participant-search"
            className="input"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void search();
              }
            }}
          />
          <button type="button" className="btn btn-secondary" onClick={() => void search()}>
            {t('supervision.search')}
          </button>
        </div>
        {searchError ? <p className="field-error">{searchError}</p> : null}
        {results !== null && results.length === 0 ? <p className="muted">{t('supervision.noParticipantFound')}</p> : null}
        {results && results.length > 0 ? (
          <ul className="participant-results">
            {results.map((p) => {
              const name = `${p.preferredName ?? p.firstName} ${p.lastName}`;
              const added = chosen.includes(p.id);
              return (
                <li key={p.id}>
                  {name} ({formatDate(p.dateOfBirth, locale)}, {p.siteName}){' '}
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    disabled={added}
                    onClick={() => {
                      onChange([...chosen, p.id], { id: p.id, name });
                      announce(t('supervision.participantAdded', { name }));
                    }}
                  >
                    {added ? t('supervision.participantIsAdded') : t('supervision.addParticipant', { name })}
                  </button>
                </li>
              );
            })}
          </ul>
        ) : null}
      </div>
    </fieldset>
  );
}
