import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  INSURANCE_TYPES,
  MOUD_MEDICATIONS,
  resourceCreateInput,
  SERVICE_CATEGORIES,
  WEEKDAYS,
  type InsuranceType,
  type MoudMedication,
  type Resource,
  type ServiceCategory,
  type Weekday,
} from '../../../core/resources.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError, type FieldIssue } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Checkbox, CheckboxGroup } from '../../ui/ChoiceGroup.tsx';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { flashState } from '../shell/FlashMessage.tsx';
import { Page } from '../shell/Page.tsx';
import { NotFoundPage } from '../shell/StatusPages.tsx';
import { resourcesApi } from './resourcesApi.ts';
import './resources.css';

interface HoursDraft {
  day: Weekday;
  opens: string;
  closes: string;
}
interface LocationDraft {
  id?: string;
  name: string;
  address1: string;
  address2: string;
  city: string;
  state: string;
  postalCode: string;
  latitude: string;
  longitude: string;
  timeZone: string;
  phone: string;
  languages: string;
  hours: HoursDraft[];
}
interface ServiceDraft {
  id?: string;
  name: string;
  description: string;
  categories: ServiceCategory[];
  medications: MoudMedication[];
  insurance: InsuranceType[];
  walkIn: boolean;
  acceptingNewClients: boolean;
  languages: string;
  atLocations: number[];
}
interface Draft {
  name: string;
  alternateName: string;
  description: string;
  website: string;
  email: string;
  phone: string;
  locations: LocationDraft[];
  services: ServiceDraft[];
}

const defaultZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'America/Chicago';
  } catch {
    return 'America/Chicago';
  }
};
const emptyLocation = (): LocationDraft => ({
  name: '', address1: '', address2: '', city: '', state: '', postalCode: '', latitude: '', longitude: '', timeZone: defaultZone(), phone: '', languages: 'en', hours: [],
});
const emptyService = (locations: number): ServiceDraft => ({
  name: '', description: '', categories: [], medications: [], insurance: [], walkIn: false, acceptingNewClients: true, languages: '', atLocations: Array.from({ length: locations }, (_, i) => i),
});

function draftOf(r?: Resource): Draft {
  if (!r) return { name: '', alternateName: '', description: '', website: '', email: '', phone: '', locations: [emptyLocation()], services: [emptyService(1)] };
  return {
    name: r.name,
    alternateName: r.alternateName ?? '',
    description: r.description ?? '',
    website: r.website ?? '',
    email: r.email ?? '',
    phone: r.phone ?? '',
    locations: r.locations.map((l) => ({
      id: l.id,
      name: l.name ?? '',
      address1: l.address1 ?? '',
      address2: l.address2 ?? '',
      city: l.city ?? '',
      state: l.state ?? '',
      postalCode: l.postalCode ?? '',
      latitude: l.latitude === null ? '' : String(l.latitude),
      longitude: l.longitude === null ? '' : String(l.longitude),
      timeZone: l.timeZone,
      phone: l.phone ?? '',
      languages: l.languages.join(', '),
      hours: l.hours.map((h) => ({ ...h })),
    })),
    services: r.services.map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description ?? '',
      categories: s.categories,
      medications: s.medications,
      insurance: s.insurance,
      walkIn: s.walkIn,
      acceptingNewClients: s.acceptingNewClients,
      languages: s.languages.join(', '),
      atLocations: s.atLocations,
    })),
  };
}

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const number = (text: string) => (text.trim() === '' ? null : Number(text.trim().replace(',', '.')));

/** The draft as the API takes it (the same schema checks it here and on the server). */
function inputOf(d: Draft) {
  return {
    name: d.name,
    alternateName: d.alternateName,
    description: d.description,
    website: d.website,
    email: d.email,
    phone: d.phone,
    locations: d.locations.map(({ latitude, longitude, languages, ...l }) => ({ ...l, latitude: number(latitude), longitude: number(longitude), languages: list(languages) })),
    services: d.services.map(({ languages, ...s }) => ({ ...s, languages: list(languages) })),
  };
}

/** The id of the control a field path names (`locations.0.city` → `field-locations-0-city`). */
const controlId = (path: string) => {
  const parts = path.split('.');
  // A list's item (medications.0) points at its group's first choice.
  if (/^services\.\d+\.(categories|medications|insurance|atLocations)/.test(path)) return `field-${parts.slice(0, 3).join('-')}-0`;
  if (/^locations\.\d+\.languages/.test(path) || /^services\.\d+\.languages/.test(path)) return `field-${parts.slice(0, 3).join('-')}`;
  return `field-${path.replace(/\./g, '-')}`;
};

export function NewResourcePage() {
  const { t } = useI18n();
  return (
    <Page title={t('resources.newTitle')} narrow>
      <ResourceForm />
    </Page>
  );
}

export function EditResourcePage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const resource = useAsync((signal) => resourcesApi.get(id, signal), [id]);
  if (resource.status === 'error' && isApiError(resource.error) && (resource.error.isNotFound || resource.error.status === 400)) return <NotFoundPage />;
  return (
    <Page title={resource.status === 'ok' ? t('resources.editTitle', { name: resource.data.name }) : t('resources.editTitleLoading')} narrow>
      {resource.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {resource.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(resource.error, t)}</p>
        </Notice>
      ) : null}
      {resource.status === 'ok' ? <ResourceForm key={`${resource.data.id}-${resource.data.version}`} resource={resource.data} onReload={resource.reload} /> : null}
    </Page>
  );
}

function ResourceForm({ resource, onReload }: { resource?: Resource; onReload?: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(() => draftOf(resource));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const conflictRef = useRef<HTMLDivElement>(null);
  useFocusWhen(conflictRef, conflict);

  const errors: Record<string, string> = {};
  for (const issue of issues) errors[issue.path] ??= issue.message;
  /** The first message for a field or anything inside it (a list's items). */
  const err = (path: string) => errors[path] ?? Object.entries(errors).find(([k]) => k.startsWith(`${path}.`))?.[1];

  useEffect(() => {
    if (focusTick === 0) return;
    const first = issues[0];
    if (first) document.getElementById(controlId(first.path))?.focus();
  }, [focusTick]);

  const showIssues = (found: FieldIssue[]) => {
    setIssues(found);
    setFocusTick((n) => n + 1);
  };
  const update = (change: (d: Draft) => Draft) => setDraft((d) => change(d));
  const setTop = (k: 'name' | 'alternateName' | 'description' | 'website' | 'email' | 'phone') => (v: string) => update((d) => ({ ...d, [k]: v }));
  const setLocation = (i: number, patch: Partial<LocationDraft>) => update((d) => ({ ...d, locations: d.locations.map((l, j) => (j === i ? { ...l, ...patch } : l)) }));
  const setService = (i: number, patch: Partial<ServiceDraft>) => update((d) => ({ ...d, services: d.services.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
  const removeLocation = (i: number) =>
    update((d) => ({
      ...d,
      locations: d.locations.filter((_, j) => j !== i),
      services: d.services.map((s) => ({ ...s, atLocations: s.atLocations.filter((n) => n !== i).map((n) => (n > i ? n - 1 : n)) })),
    }));

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy || conflict) return;
    setFormError(null);
    const parsed = resourceCreateInput.safeParse(inputOf(draft));
    if (!parsed.success) return showIssues(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
    setIssues([]);
    setBusy(true);
    try {
      if (resource) {
        await resourcesApi.update(resource.id, { ...parsed.data, version: resource.version });
        void navigate('/resources', { state: flashState(t('resources.saved', { name: parsed.data.name })) });
      } else {
        await resourcesApi.create(parsed.data);
        void navigate('/resources', { state: flashState(t('resources.created', { name: parsed.data.name })) });
      }
    } catch (err) {
      if (isApiError(err) && err.status === 400 && err.details.length) showIssues([...err.details]);
      else if (isApiError(err) && err.isConflict) setConflict(true);
      else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const onArchive = async () => {
    if (!resource || busy) return;
    if (!window.confirm(t('resources.archiveConfirm', { name: resource.name }))) return;
    setBusy(true);
    try {
      await resourcesApi.archive(resource.id, resource.version);
      void navigate('/resources', { state: flashState(t('resources.archived', { name: resource.name })) });
    } catch (err) {
      if (isApiError(err) && err.isConflict) setConflict(true);
      else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const summary = issues.map((i) => ({ targetId: controlId(i.path), message: `${i.path}: ${i.message}` }));
  const dayOptions = WEEKDAYS.map((d) => ({ value: d, label: t(`resources.day.${d}`) }));
  const locationLabel = (l: LocationDraft, n: number) => l.name.trim() || l.address1.trim() || t('resources.unnamedLocation', { n: n + 1 });

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
      {conflict ? (
        <div className="notice notice--error" role="alert" ref={conflictRef} tabIndex={-1}>
          <p className="notice-title">{t('resources.conflict')}</p>
          <button type="button" className="btn btn-primary" onClick={onReload}>
            {t('conflict.reload')}
          </button>
        </div>
      ) : null}
      {resource?.archived ? <Notice tone="warning"><p>{t('resources.archivedNote')}</p></Notice> : null}
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <ErrorSummary items={summary} />

      <fieldset className="form-section">
        <legend>{t('resources.organization')}</legend>
        <TextField name="name" label={t('resources.name')} value={draft.name} onChange={setTop('name')} error={err('name')} autoComplete="off" />
        <TextField name="alternateName" label={t('resources.alternateName')} optional value={draft.alternateName} onChange={setTop('alternateName')} error={err('alternateName')} autoComplete="off" />
        <div className="field">
          <label className="field-label" htmlFor="field-description">
            {t('resources.description')} <span className="field-optional">{t('ui.optional')}</span>
          </label>
          <textarea id="field-description" className="input" rows={3} value={draft.description} onChange={(e) => setTop('description')(e.target.value)} />
        </div>
        <TextField name="phone" label={t('resources.phone')} optional type="tel" value={draft.phone} onChange={setTop('phone')} error={err('phone')} autoComplete="off" />
        <TextField name="website" label={t('resources.website')} optional type="url" value={draft.website} onChange={setTop('website')} error={err('website')} autoComplete="off" />
        <TextField name="email" label={t('resources.email')} optional type="email" value={draft.email} onChange={setTop('email')} error={err('email')} autoComplete="off" />
      </fieldset>

      <h2>{t('resources.locations')}</h2>
      {draft.locations.map((l, i) => {
        const p = `locations.${i}`;
        const f = (k: string) => `locations-${i}-${k}`;
        return (
          <fieldset className="form-section resource-part" key={l.id ?? `new-${i}`}>
            <legend>{t('resources.location', { n: i + 1 })}</legend>
            <TextField name={f('name')} label={t('resources.locationName')} optional value={l.name} onChange={(v) => setLocation(i, { name: v })} error={err(`${p}.name`)} autoComplete="off" />
            <TextField name={f('address1')} label={t('resources.address1')} optional value={l.address1} onChange={(v) => setLocation(i, { address1: v })} error={err(`${p}.address1`)} autoComplete="off" />
            <TextField name={f('address2')} label={t('resources.address2')} optional value={l.address2} onChange={(v) => setLocation(i, { address2: v })} error={err(`${p}.address2`)} autoComplete="off" />
            <div className="field-row">
              <TextField name={f('city')} label={t('resources.city')} optional value={l.city} onChange={(v) => setLocation(i, { city: v })} error={err(`${p}.city`)} autoComplete="off" />
              <TextField name={f('state')} label={t('resources.state')} optional value={l.state} onChange={(v) => setLocation(i, { state: v })} error={err(`${p}.state`)} autoComplete="off" className="field--short" />
              <TextField name={f('postalCode')} label={t('resources.postalCode')} optional value={l.postalCode} onChange={(v) => setLocation(i, { postalCode: v })} error={err(`${p}.postalCode`)} autoComplete="off" className="field--short" />
            </div>
            <div className="field-row">
              <TextField name={f('latitude')} label={t('resources.lat')} optional hint={i === 0 ? t('resources.coordinatesHint') : undefined} inputMode="decimal" value={l.latitude} onChange={(v) => setLocation(i, { latitude: v })} error={err(`${p}.latitude`)} autoComplete="off" />
              <TextField name={f('longitude')} label={t('resources.lng')} optional inputMode="decimal" value={l.longitude} onChange={(v) => setLocation(i, { longitude: v })} error={err(`${p}.longitude`)} autoComplete="off" />
            </div>
            <TextField name={f('phone')} label={t('resources.phone')} optional type="tel" value={l.phone} onChange={(v) => setLocation(i, { phone: v })} error={err(`${p}.phone`)} autoComplete="off" />
            <TextField name={f('languages')} label={t('resources.languages')} optional hint={t('resources.languagesHint')} value={l.languages} onChange={(v) => setLocation(i, { languages: v })} error={err(`${p}.languages`)} autoComplete="off" />
            <TextField name={f('timeZone')} label={t('resources.timeZone')} hint={t('resources.timeZoneHint')} value={l.timeZone} onChange={(v) => setLocation(i, { timeZone: v })} error={err(`${p}.timeZone`)} autoComplete="off" spellCheck={false} autoCapitalize="none" />
            <h3 className="resource-subheading">{t('resources.hours')}</h3>
            <p className="field-hint">{t('resources.hoursHint')}</p>
            {l.hours.map((h, j) => {
              const hp = `${p}.hours.${j}`;
              const setHours = (patch: Partial<HoursDraft>) => setLocation(i, { hours: l.hours.map((x, k) => (k === j ? { ...x, ...patch } : x)) });
              return (
                <div className="resource-hours-row" key={j}>
                  <SelectField name={f(`hours-${j}-day`)} label={t('resources.day')} value={h.day} onChange={(v) => setHours({ day: v as Weekday })} options={dayOptions} error={err(`${hp}.day`)} />
                  <TextField name={f(`hours-${j}-opens`)} label={t('resources.opens')} type="time" value={h.opens} onChange={(v) => setHours({ opens: v })} error={err(`${hp}.opens`)} />
                  <TextField name={f(`hours-${j}-closes`)} label={t('resources.closes')} value={h.closes} onChange={(v) => setHours({ closes: v })} error={err(`${hp}.closes`)} inputMode="numeric" placeholder="17:00" />
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => setLocation(i, { hours: l.hours.filter((_, k) => k !== j) })}>
                    {t('resources.removeHours')}
                    <span className="visually-hidden"> ({t(`resources.day.${h.day}`)} {h.opens}–{h.closes})</span>
                  </button>
                </div>
              );
            })}
            <div className="button-row">
              <button type="button" className="btn btn-secondary btn-small" onClick={() => setLocation(i, { hours: [...l.hours, { day: 'mon', opens: '09:00', closes: '17:00' }] })}>
                {t('resources.addHours')}
              </button>
              {draft.locations.length > 1 ? (
                <button type="button" className="btn btn-secondary btn-small" onClick={() => removeLocation(i)}>
                  {t('resources.removeLocation', { n: i + 1 })}
                </button>
              ) : null}
            </div>
          </fieldset>
        );
      })}
      <p>
        <button type="button" className="btn btn-secondary" onClick={() => update((d) => ({ ...d, locations: [...d.locations, emptyLocation()] }))}>
          {t('resources.addLocation')}
        </button>
      </p>

      <h2>{t('resources.services')}</h2>
      {draft.services.map((s, i) => {
        const p = `services.${i}`;
        const f = (k: string) => `services-${i}-${k}`;
        return (
          <fieldset className="form-section resource-part" key={s.id ?? `new-${i}`}>
            <legend>{t('resources.service', { n: i + 1 })}</legend>
            <TextField name={f('name')} label={t('resources.serviceName')} value={s.name} onChange={(v) => setService(i, { name: v })} error={err(`${p}.name`)} autoComplete="off" />
            <div className="field">
              <label className="field-label" htmlFor={`field-${f('description')}`}>
                {t('resources.description')} <span className="field-optional">{t('ui.optional')}</span>
              </label>
              <textarea id={`field-${f('description')}`} className="input" rows={2} value={s.description} onChange={(e) => setService(i, { description: e.target.value })} />
            </div>
            <CheckboxGroup name={f('categories')} legend={t('resources.categories')} options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`resources.category.${c}`) }))} values={s.categories} onChange={(v) => setService(i, { categories: v as ServiceCategory[] })} error={err(`${p}.categories`)} />
            <CheckboxGroup name={f('medications')} legend={t('resources.medicationsOffered')} optional inline options={MOUD_MEDICATIONS.map((m) => ({ value: m, label: t(`resources.medication.${m}`) }))} values={s.medications} onChange={(v) => setService(i, { medications: v as MoudMedication[] })} error={err(`${p}.medications`)} />
            <CheckboxGroup name={f('insurance')} legend={t('resources.insuranceAccepted')} optional options={INSURANCE_TYPES.map((m) => ({ value: m, label: t(`resources.insurance.${m}`) }))} values={s.insurance} onChange={(v) => setService(i, { insurance: v as InsuranceType[] })} error={err(`${p}.insurance`)} />
            <Checkbox name={f('walkIn')} label={t('resources.walkInLabel')} checked={s.walkIn} onChange={(v) => setService(i, { walkIn: v })} />
            <Checkbox name={f('acceptingNewClients')} label={t('resources.acceptingLabel')} checked={s.acceptingNewClients} onChange={(v) => setService(i, { acceptingNewClients: v })} />
            <TextField name={f('languages')} label={t('resources.languages')} optional hint={t('resources.languagesHint')} value={s.languages} onChange={(v) => setService(i, { languages: v })} error={err(`${p}.languages`)} autoComplete="off" />
            <CheckboxGroup
              name={f('atLocations')}
              legend={t('resources.offeredAt')}
              options={draft.locations.map((l, n) => ({ value: String(n), label: locationLabel(l, n) }))}
              values={s.atLocations.map(String)}
              onChange={(v) => setService(i, { atLocations: v.map(Number) })}
              error={err(`${p}.atLocations`)}
            />
            {draft.services.length > 1 ? (
              <button type="button" className="btn btn-secondary btn-small" onClick={() => update((d) => ({ ...d, services: d.services.filter((_, j) => j !== i) }))}>
                {t('resources.removeService', { n: i + 1 })}
              </button>
            ) : null}
          </fieldset>
        );
      })}
      <p>
        <button type="button" className="btn btn-secondary" onClick={() => update((d) => ({ ...d, services: [...d.services, emptyService(d.locations.length)] }))}>
          {t('resources.addService')}
        </button>
      </p>

      <div className="button-row form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || conflict}>
          {busy ? t('ui.saving') : resource ? t('ui.saveChanges') : t('resources.create')}
        </button>
        <Link to="/resources" className="btn btn-secondary">
          {t('ui.cancel')}
        </Link>
        {resource && !resource.archived ? (
          <button type="button" className="btn btn-secondary" onClick={() => void onArchive()} disabled={busy}>
            {t('resources.archive')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
