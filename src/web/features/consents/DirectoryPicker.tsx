/**
 * Finds an organization in the resource directory and chooses it (for a consent's
 * recipient, or the organization a referral goes to). A search form of its own
 * (words, ZIP, category, medication, insurance) over /api/resources; each result
 * has a "Choose" button. Used inside another form, so it is a group, not a form.
 */
import { useState } from 'react';
import { INSURANCE_TYPES, MOUD_MEDICATIONS, SERVICE_CATEGORIES, type ResourceSearchHit, type ServiceCategory } from '../../../core/resources.ts';
import { describeError } from '../../api/describeError.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { resourcesApi } from '../resources/resourcesApi.ts';

export interface ChosenResource {
  id: string;
  name: string;
  /** From the search hit: the location chosen and the (first) matching service offered there. */
  location?: { id: string; name: string };
  service?: { id: string; name: string };
}

function chosenFrom(h: ResourceSearchHit): ChosenResource {
  const service = h.services[0];
  return {
    id: h.resourceId,
    name: h.resourceName,
    location: { id: h.location.id, name: h.location.name ?? ([h.location.address1, h.location.city].filter(Boolean).join(', ') || h.resourceName) },
    ...(service ? { service: { id: service.id, name: service.name } } : {}),
  };
}

export function DirectoryPicker({
  idPrefix,
  legend,
  chosen,
  onChoose,
  category = '',
  error,
}: {
  idPrefix: string;
  legend: string;
  chosen: ChosenResource | null;
  onChoose: (r: ChosenResource) => void;
  /** A category to start from (the need's). */
  category?: ServiceCategory | '';
  error?: string;
}) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [q, setQ] = useState('');
  const [zip, setZip] = useState('');
  const [cat, setCat] = useState<string>(category);
  const [medication, setMedication] = useState('');
  const [insurance, setInsurance] = useState('');
  const [hits, setHits] = useState<ResourceSearchHit[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const search = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const res = await resourcesApi.search({ q: q.trim() || undefined, zip: zip.trim() || undefined, category: cat || undefined, medication: medication || undefined, insurance: insurance || undefined });
      setHits(res.items);
      announce(t('resources.count', { count: res.items.length }));
    } catch (err) {
      setFailure(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };
  const option = (prefix: string) => (v: string) => ({ value: v, label: t(`${prefix}.${v}` as Parameters<typeof t>[0]) });
  const errorId = `${idPrefix}-picker-error`;

  return (
    <fieldset className={`field directory-picker${error ? ' field--invalid' : ''}`} id={`${idPrefix}-picker`} aria-describedby={error ? errorId : undefined}>
      <legend className="field-label">{legend}</legend>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {chosen ? (
        <p className="directory-chosen" data-testid={`${idPrefix}-chosen`}>
          <strong>{t('referrals.chosen', { name: chosen.name })}</strong>
          {chosen.service || chosen.location ? <span className="muted small"> · {[chosen.service?.name, chosen.location?.name].filter(Boolean).join(' · ')}</span> : null}
        </p>
      ) : null}
      <div className="directory-picker-grid">
        <TextField name={`${idPrefix}-q`} label={t('referrals.searchWords')} value={q} onChange={setQ} autoComplete="off" />
        <TextField name={`${idPrefix}-zip`} label={t('referrals.searchZip')} value={zip} onChange={setZip} inputMode="numeric" autoComplete="off" className="field--short" />
        <SelectField name={`${idPrefix}-category`} label={t('referrals.searchCategory')} value={cat} onChange={setCat} placeholder={t('referrals.any')} options={SERVICE_CATEGORIES.map(option('resources.category'))} />
        <SelectField name={`${idPrefix}-medication`} label={t('referrals.searchMedication')} value={medication} onChange={setMedication} placeholder={t('referrals.any')} options={MOUD_MEDICATIONS.map(option('resources.medication'))} />
        <SelectField name={`${idPrefix}-insurance`} label={t('referrals.searchInsurance')} value={insurance} onChange={setInsurance} placeholder={t('referrals.any')} options={INSURANCE_TYPES.map(option('resources.insurance'))} />
      </div>
      <div className="button-row">
        <button type="button" className="btn btn-secondary" onClick={() => void search()} disabled={busy}>
          {busy ? t('referrals.searching') : t('referrals.search')}
        </button>
      </div>
      {failure ? (
        <Notice tone="error" live="assertive">
          <p>{failure}</p>
        </Notice>
      ) : null}
      {hits !== null && hits.length === 0 ? <p className="muted">{t('referrals.noResults')}</p> : null}
      {hits !== null && hits.length > 0 ? (
        <ul className="directory-hits" aria-label={t('referrals.chooseOrganization')}>
          {hits.map((h) => (
            <li key={h.location.id} className="directory-hit">
              <div className="directory-hit-text">
                <span className="directory-hit-name">{h.resourceName}</span>
                <span className="muted small">
                  {[h.location.address1, h.location.city].filter(Boolean).join(', ')}
                  {h.distanceMiles !== null ? ` · ${t('referrals.miles', { miles: h.distanceMiles })}` : ''}
                </span>
                <span className="muted small">{h.services.map((s) => s.name).join(' · ')}</span>
              </div>
              <button
                type="button"
                className={chosen?.id === h.resourceId ? 'btn btn-primary' : 'btn btn-secondary'}
                aria-pressed={chosen?.id === h.resourceId}
                aria-label={t('referrals.choose', { name: h.resourceName })}
                onClick={() => onChoose(chosenFrom(h))}
              >
                {t('referrals.chooseShort')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
