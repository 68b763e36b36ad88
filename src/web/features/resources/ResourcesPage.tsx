import { useEffect, useState, type SubmitEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  DIRECTORY_LANGUAGES,
  INSURANCE_TYPES,
  isOvernight,
  MOUD_MEDICATIONS,
  SERVICE_CATEGORIES,
  WEEKDAYS,
  type OpeningHours,
  type ResourceSearchHit,
} from '../../../core/resources.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { Checkbox } from '../../ui/ChoiceGroup.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { resourcesApi, type ResourceSearchParams } from './resourcesApi.ts';
import './resources.css';

const FILTER_KEYS = ['q', 'category', 'medication', 'insurance', 'language', 'openNow', 'zip', 'lat', 'lng', 'radiusMiles'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
const RADII = ['2', '5', '10', '25', '50', '100'];

function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Search the directory: what the person needs, which medication, which insurance,
 * which language, open now, and near a ZIP code or coordinates. The filters live in
 * the address, so a search can be shared, reloaded and returned to.
 */
export function ResourcesPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const announce = useAnnounce();
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Record<FilterKey, string>;
  const [draft, setDraft] = useState(applied);
  const key = params.toString();

  const results = useAsync((signal) => {
    const query: ResourceSearchParams = { ...Object.fromEntries(Object.entries(applied).filter(([, v]) => v !== '')), openNow: applied.openNow === 'true' };
    return resourcesApi.search(query, signal);
  }, [key]);

  useEffect(() => setDraft(applied), [key]);
  useEffect(() => {
    if (results.status === 'ok') announce(t('resources.count', { count: results.data.items.length }));
  }, [results.status, results.data]);

  const set = (k: FilterKey) => (value: string) => setDraft((d) => ({ ...d, [k]: value }));
  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) if (draft[k].trim() !== '') next.set(k, draft[k].trim());
    setParams(next);
  };

  const fieldErrors: Partial<Record<FilterKey, string>> = {};
  if (results.status === 'error' && isApiError(results.error)) {
    for (const d of results.error.details) {
      const k = d.path.replace(/^querystring\./, '').split('.')[0] as FilterKey;
      if ((FILTER_KEYS as readonly string[]).includes(k)) fieldErrors[k] ??= d.message;
    }
  }
  const hasFieldErrors = Object.keys(fieldErrors).length > 0;
  const option = (prefix: string) => (v: string) => ({ value: v, label: t(`${prefix}.${v}` as Parameters<typeof t>[0]) });

  return (
    <Page
      title={t('resources.title')}
      actions={
        can('resources:manage') ? (
          <Link className="btn btn-primary" to="/resources/new">
            {t('resources.add')}
          </Link>
        ) : undefined
      }
    >
      <p className="muted">{t('resources.intro')}</p>
      <form role="search" aria-label={t('resources.searchLabel')} className="resource-filters card" onSubmit={onSubmit} noValidate>
        <div className="resource-filter-grid">
          <SelectField name="category" label={t('resources.category')} value={draft.category} onChange={set('category')} placeholder={t('resources.anyCategory')} options={SERVICE_CATEGORIES.map(option('resources.category'))} error={fieldErrors.category} />
          <SelectField name="medication" label={t('resources.medication')} value={draft.medication} onChange={set('medication')} placeholder={t('resources.anyMedication')} options={MOUD_MEDICATIONS.map(option('resources.medication'))} error={fieldErrors.medication} />
          <SelectField name="insurance" label={t('resources.insurance')} value={draft.insurance} onChange={set('insurance')} placeholder={t('resources.anyInsurance')} options={INSURANCE_TYPES.map(option('resources.insurance'))} error={fieldErrors.insurance} />
          <SelectField
            name="language"
            label={t('resources.language')}
            value={draft.language}
            onChange={set('language')}
            placeholder={t('resources.anyLanguage')}
            options={DIRECTORY_LANGUAGES.map((code) => ({ value: code, label: languageName(code, locale) }))}
            error={fieldErrors.language}
          />
          <TextField name="zip" label={t('resources.zip')} hint={t('resources.zipHint')} value={draft.zip} onChange={set('zip')} inputMode="numeric" autoComplete="postal-code" error={fieldErrors.zip} className="field--short" />
          <SelectField
            name="radiusMiles"
            label={t('resources.radius')}
            value={draft.radiusMiles}
            onChange={set('radiusMiles')}
            placeholder={t('resources.miles', { count: 50 })}
            options={RADII.map((r) => ({ value: r, label: t('resources.miles', { count: Number(r) }) }))}
            error={fieldErrors.radiusMiles}
          />
          <TextField name="q" label={t('resources.q')} value={draft.q} onChange={set('q')} autoComplete="off" error={fieldErrors.q} />
        </div>
        <details className="resource-coordinates" open={draft.lat !== '' || draft.lng !== '' || fieldErrors.lat !== undefined || fieldErrors.lng !== undefined}>
          <summary>{t('resources.orCoordinates')}</summary>
          <div className="resource-filter-grid">
            <TextField name="lat" label={t('resources.lat')} value={draft.lat} onChange={set('lat')} inputMode="decimal" autoComplete="off" error={fieldErrors.lat} />
            <TextField name="lng" label={t('resources.lng')} value={draft.lng} onChange={set('lng')} inputMode="decimal" autoComplete="off" error={fieldErrors.lng} />
          </div>
        </details>
        <Checkbox name="openNow" label={t('resources.openNow')} checked={draft.openNow === 'true'} onChange={(v) => set('openNow')(v ? 'true' : '')} />
        <div className="button-row">
          <button type="submit" className="btn btn-primary">
            {t('resources.search')}
          </button>
          {key ? (
            <Link to="/resources" className="btn btn-secondary">
              {t('resources.clear')}
            </Link>
          ) : null}
        </div>
      </form>

      {results.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {results.status === 'error' && !hasFieldErrors ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(results.error, t)}</p>
        </Notice>
      ) : null}
      {results.status === 'ok' ? (
        <section aria-labelledby="resource-results">
          <h2 id="resource-results" className="resource-count">
            {t('resources.count', { count: results.data.items.length })}
          </h2>
          {results.data.more ? <p className="muted">{t('resources.countMore', { count: results.data.items.length })}</p> : null}
          {results.data.items.length === 0 ? <p className="empty">{t('resources.none')}</p> : null}
          <ul className="card-list">
            {results.data.items.map((hit) => (
              <ResourceCard key={hit.location.id} hit={hit} canEdit={can('resources:manage')} />
            ))}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}

export function hoursLines(hours: readonly OpeningHours[]): { day: (typeof WEEKDAYS)[number]; spans: OpeningHours[] }[] {
  return WEEKDAYS.map((day) => ({ day, spans: hours.filter((h) => h.day === day).sort((a, b) => a.opens.localeCompare(b.opens)) }));
}

function ResourceCard({ hit, canEdit }: { hit: ResourceSearchHit; canEdit: boolean }) {
  const { t, locale } = useI18n();
  const l = hit.location;
  const address = [l.address1, l.address2, [l.city, [l.state, l.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ')].filter(Boolean);
  const title = hit.resourceName;
  const headingId = `resource-${l.id}`;
  const walkIn = hit.services.some((s) => s.walkIn);
  const notAccepting = hit.services.length > 0 && hit.services.every((s) => !s.acceptingNewClients);
  const zone = l.timeZone.split('/').pop()?.replace(/_/g, ' ') ?? l.timeZone;
  return (
    <li className="card resource-card" aria-labelledby={headingId}>
      <div className="resource-card-head">
        <h3 id={headingId} className="resource-name">
          {title}
          {l.name && l.name !== title ? <span className="resource-location-name">{l.name}</span> : null}
        </h3>
        <p className="resource-badges">
          {hit.distanceMiles !== null ? <span className="badge">{t('resources.distance', { miles: hit.distanceMiles.toFixed(1) })}</span> : null}
          {hit.openNow === true ? <span className="badge badge--ok">{t('resources.isOpen')}</span> : null}
          {hit.openNow === false ? <span className="badge">{t('resources.isClosed')}</span> : null}
          {walkIn ? <span className="badge badge--ok">{t('resources.walkIn')}</span> : null}
          {notAccepting ? <span className="badge badge--warn">{t('resources.notAccepting')}</span> : null}
        </p>
      </div>
      <dl className="card-details">
        {l.phone ? (
          <div>
            <dt>{t('resources.phone')}</dt>
            <dd>
              <a href={`tel:${l.phone.replace(/[^\d+]/g, '')}`}>{l.phone}</a>
            </dd>
          </div>
        ) : null}
        {address.length ? (
          <div>
            <dt>{t('resources.address')}</dt>
            <dd>
              {address.map((line) => (
                <span className="resource-address-line" key={line}>
                  {line}
                </span>
              ))}
            </dd>
          </div>
        ) : null}
        {l.languages.length ? (
          <div>
            <dt>{t('resources.languages')}</dt>
            <dd>{l.languages.map((c) => languageName(c, locale)).join(', ')}</dd>
          </div>
        ) : null}
      </dl>
      <h4 className="resource-subheading">{t('resources.services')}</h4>
      <ul className="resource-services">
        {hit.services.map((s) => (
          <li key={s.id}>
            <span className="resource-service-name">{s.name}</span>
            {s.medications.length ? (
              <span className="small">
                {' '}
                · {t('resources.medications')}: {s.medications.map((m) => t(`resources.medication.${m}`)).join(', ')}
              </span>
            ) : null}
            {s.insurance.length ? (
              <span className="small">
                {' '}
                · {t('resources.insuranceTaken')}: {s.insurance.map((i) => t(`resources.insurance.${i}`)).join(', ')}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <details className="resource-hours">
        <summary>{t('resources.hoursIn', { zone })}</summary>
        {l.hours.length === 0 ? (
          <p className="small">{t('resources.noHours')}</p>
        ) : (
          <dl className="resource-hours-list">
            {hoursLines(l.hours).map(({ day, spans }) => (
              <div key={day}>
                <dt>{t(`resources.day.${day}`)}</dt>
                <dd>
                  {spans.length === 0
                    ? t('resources.closedDay')
                    : spans.map((h) => (isOvernight(h) ? t('resources.overnight', { opens: h.opens, closes: h.closes }) : `${h.opens}–${h.closes}`)).join(', ')}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </details>
      <div className="button-row">
        {hit.website ? (
          <a className="btn btn-secondary btn-small" href={hit.website} target="_blank" rel="noreferrer">
            {t('resources.website')}
          </a>
        ) : null}
        {canEdit ? (
          <Link className="btn btn-secondary btn-small" to={`/resources/${hit.resourceId}/edit`} aria-label={t('resources.edit', { name: title })}>
            {t('ui.edit')}
          </Link>
        ) : null}
      </div>
    </li>
  );
}
