import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { SITE_TYPES, type SiteType } from '../../../core/enums.ts';
import { siteCreateInput, type Site } from '../../../core/schemas.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError, type FieldIssue } from '../../api/errors.ts';
import { sitesApi } from '../../api/sites.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Checkbox } from '../../ui/ChoiceGroup.tsx';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import { Notice } from '../../ui/Notice.tsx';
import { flashState } from '../shell/FlashMessage.tsx';
import { COMMON_TIME_ZONES, OTHER_TIME_ZONE, browserTimeZone, isCommonTimeZone, timeZoneLabel } from './timeZones.ts';

const FIELDS = ['name', 'type', 'county', 'timeZone'] as const;
type Field = (typeof FIELDS)[number];

/** Create a site, or edit one (with its version: a 409 means someone else saved first). */
export function SiteForm({ site, onReload }: { site?: Site; onReload?: () => void }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [name, setName] = useState(site?.name ?? '');
  const [type, setType] = useState<SiteType | ''>(site?.type ?? '');
  const [county, setCounty] = useState(site?.county ?? '');
  // A new site starts in the administrator's own zone when it is a common US one.
  const initialZone = site?.timeZone ?? (isCommonTimeZone(browserTimeZone()) ? browserTimeZone() : '');
  const [zoneChoice, setZoneChoice] = useState(initialZone === '' || isCommonTimeZone(initialZone) ? initialZone : OTHER_TIME_ZONE);
  const [zoneOther, setZoneOther] = useState(initialZone === '' || isCommonTimeZone(initialZone) ? '' : initialZone);
  const [active, setActive] = useState(site?.active ?? true);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const conflictRef = useRef<HTMLDivElement>(null);
  useFocusWhen(conflictRef, conflict);

  const timeZone = zoneChoice === OTHER_TIME_ZONE ? zoneOther.trim() : zoneChoice;
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of issues) {
    const field = issue.path.split('.')[0] as Field;
    if ((FIELDS as readonly string[]).includes(field)) errors[field] ??= issue.message;
  }
  const zoneControl = zoneChoice === OTHER_TIME_ZONE ? 'field-timeZoneOther' : 'field-timeZone';
  const controlId = (f: Field) => (f === 'timeZone' ? zoneControl : `field-${f}`);
  const labels: Record<Field, string> = { name: t('sites.name'), type: t('sites.type'), county: t('sites.county'), timeZone: t('sites.timeZone') };

  useEffect(() => {
    if (focusTick === 0) return;
    const first = FIELDS.find((f) => errors[f]);
    if (first) document.getElementById(controlId(first))?.focus();
  }, [focusTick]);

  const showIssues = (found: FieldIssue[]) => {
    setIssues(found);
    setFocusTick((n) => n + 1);
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy || conflict) return;
    setFormError(null);
    const input = { name, type, county, timeZone };
    const parsed = siteCreateInput.safeParse(input);
    if (!parsed.success) {
      return showIssues(
        parsed.error.issues.map((i) => {
          const path = i.path.map(String).join('.');
          const empty = (input[path as Field] ?? '').trim() === '';
          return { path, message: empty ? t('validation.required') : i.message };
        }),
      );
    }
    setIssues([]);
    setBusy(true);
    try {
      if (site) {
        await sitesApi.update(site.id, { ...parsed.data, active, version: site.version });
        void navigate('/admin/sites', { state: flashState(t('sites.saved', { name: parsed.data.name })) });
      } else {
        await sitesApi.create(parsed.data);
        void navigate('/admin/sites', { state: flashState(t('sites.created', { name: parsed.data.name })) });
      }
    } catch (err) {
      if (isApiError(err) && err.status === 400 && err.details.length) showIssues([...err.details]);
      else if (isApiError(err) && err.isConflict) {
        setConflict(true);
      } else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const summary = FIELDS.filter((f) => errors[f]).map((f) => ({ targetId: controlId(f), message: `${labels[f]}: ${errors[f]}` }));

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
      {conflict ? (
        <div className="notice notice--error" role="alert" ref={conflictRef} tabIndex={-1}>
          <p className="notice-title">{t('conflict.site')}</p>
          <button type="button" className="btn btn-primary" onClick={onReload}>
            {t('conflict.reload')}
          </button>
        </div>
      ) : null}
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <ErrorSummary items={summary} />
      <TextField name="name" label={labels.name} value={name} onChange={setName} error={errors.name} autoComplete="off" />
      <SelectField
        name="type"
        label={labels.type}
        value={type}
        onChange={(v) => setType(v as SiteType | '')}
        options={SITE_TYPES.map((s) => ({ value: s, label: t(`siteType.${s}`) }))}
        placeholder={t('ui.choose')}
        error={errors.type}
      />
      <TextField name="county" label={labels.county} optional value={county} onChange={setCounty} error={errors.county} autoComplete="off" />
      <SelectField
        name="timeZone"
        label={labels.timeZone}
        hint={t('sites.timeZoneHint')}
        value={zoneChoice}
        onChange={setZoneChoice}
        options={[...COMMON_TIME_ZONES.map((z) => ({ value: z, label: timeZoneLabel(z, locale) })), { value: OTHER_TIME_ZONE, label: t('sites.timeZoneOther') }]}
        placeholder={t('ui.choose')}
        error={zoneChoice === OTHER_TIME_ZONE ? undefined : errors.timeZone}
      />
      {zoneChoice === OTHER_TIME_ZONE ? (
        <TextField
          name="timeZoneOther"
          label={t('sites.timeZoneIana')}
          hint={t('sites.timeZoneIanaHint')}
          value={zoneOther}
          onChange={setZoneOther}
          error={errors.timeZone}
          autoCapitalize="none"
          spellCheck={false}
          autoComplete="off"
        />
      ) : null}
      {site ? <Checkbox name="active" label={t('sites.active')} hint={t('sites.activeHint')} checked={active} onChange={setActive} /> : null}
      <div className="button-row form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || conflict}>
          {busy ? t('ui.saving') : site ? t('ui.saveChanges') : t('sites.create')}
        </button>
        <Link to="/admin/sites" className="btn btn-secondary">
          {t('ui.cancel')}
        </Link>
      </div>
    </form>
  );
}
