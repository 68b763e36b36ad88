import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Worklist, WorklistItem } from '../../../core/worklist.ts';
import { describeError } from '../../api/describeError.ts';
import { usersApi } from '../../api/users.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useMe, useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { useSites } from '../sites/useSites.ts';
import { reasonText, reasonTone } from './display.ts';
import { worklistApi } from './worklistApi.ts';
import './worklist.css';

/** The day counts a supervisor can pick from for "no successful contact"; the program setting is always offered too. */
const DAY_CHOICES = [3, 5, 7, 10, 14, 21, 30];

/**
 * Who needs attention now, highest risk first. A coach or case manager opens it
 * on their own caseload; a supervisor on everyone at their sites. The filters
 * live in the address, so Back from a participant returns to the same view.
 */
export function WorklistPage() {
  const { t } = useI18n();
  const me = useMe();
  const announce = useAnnounce();
  const sites = useSites();
  const [params, setParams] = useSearchParams();
  const hasCaseload = me.user.role === 'coach' || me.user.role === 'case_manager';
  const whose = params.get('whose') ?? (hasCaseload ? 'mine' : 'all');
  const siteId = params.get('site') ?? '';
  const days = Number(params.get('days') ?? '') || undefined;
  const { can } = useSession();
  // A supervisor looks at one team member's caseload as easily as at everyone's.
  const team = useAsync(
    (signal) =>
      can('users:read')
        ? usersApi.list(signal).then((r) => r.items.filter((u) => u.active && (u.role === 'coach' || u.role === 'case_manager')))
        : Promise.resolve([]),
    [],
  );
  const assignedTo = whose === 'mine' ? 'me' : whose === 'all' ? undefined : whose;

  const list = useAsync(
    (signal) => worklistApi.get({ siteId: siteId || undefined, assignedTo, noContactDays: days }, signal),
    [whose, siteId, days],
  );

  useEffect(() => {
    if (list.status === 'ok') announce(t('worklist.count', { count: list.data.flagged }));
  }, [list.status, list.data]);

  const setParam = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const siteOptions = sites.status === 'ok' ? sites.data.map((s) => ({ value: s.id, label: s.active ? s.name : t('sites.inactiveName', { name: s.name }) })) : [];
  const programDays = list.status === 'ok' && !days ? list.data.noContactDays : null;
  const dayOptions = DAY_CHOICES.map((d) => ({ value: String(d), label: t('worklist.days', { count: d }) }));

  return (
    <Page title={t('worklist.title')}>
      <p className="muted">{t('worklist.intro')}</p>
      <div className="filters worklist-filters" role="group" aria-label={t('worklist.filters')}>
        <SelectField
          name="whose"
          label={t('worklist.whose')}
          value={whose}
          onChange={(v) => setParam('whose', v)}
          options={[
            ...(hasCaseload ? [{ value: 'mine', label: t('worklist.mine') }] : []),
            { value: 'all', label: t('worklist.everyone') },
            ...(team.status === 'ok' ? team.data.filter((u) => u.id !== me.user.id).map((u) => ({ value: u.id, label: t('worklist.caseloadOf', { name: u.name }) })) : []),
          ]}
        />
        {siteOptions.length > 1 ? (
          <SelectField name="site" label={t('worklist.site')} value={siteId} onChange={(v) => setParam('site', v)} options={siteOptions} placeholder={t('worklist.allSites')} />
        ) : null}
        <SelectField
          name="days"
          label={t('worklist.noContactDays')}
          value={days ? String(days) : ''}
          onChange={(v) => setParam('days', v)}
          options={dayOptions}
          placeholder={programDays ? t('worklist.programSetting', { days: t('worklist.days', { count: programDays }) }) : t('worklist.programSetting', { days: '…' })}
        />
      </div>

      {list.status === 'loading' ? <Loading label={t('worklist.loading')} /> : null}
      {list.status === 'error' ? (
        <Notice tone="error" live="assertive">
          {describeError(list.error, t)}
        </Notice>
      ) : null}
      {list.status === 'ok' ? <WorklistResults list={list.data} /> : null}
    </Page>
  );
}

function WorklistResults({ list }: { list: Worklist }) {
  const { t } = useI18n();
  if (list.items.length === 0) {
    return (
      <Notice tone="success">
        <p>{list.considered === 0 ? t('worklist.emptyNone') : t('worklist.empty')}</p>
      </Notice>
    );
  }
  return (
    <section aria-labelledby="worklist-count">
      <h2 id="worklist-count" className="worklist-count">
        {t('worklist.count', { count: list.flagged })}{' '}
        <span className="muted small">{t('worklist.considered', { count: list.considered })}</span>
      </h2>
      {list.flagged > list.items.length ? <p className="muted">{t('worklist.showingFirst', { count: list.items.length })}</p> : null}
      <ol className="card-list worklist-list" aria-label={t('worklist.list')}>
        {list.items.map((item) => (
          <WorklistCard key={item.participant.id} item={item} />
        ))}
      </ol>
    </section>
  );
}

function WorklistCard({ item }: { item: WorklistItem }) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const { participant: p } = item;
  const team = [item.coach?.name, item.caseManager?.name].filter(Boolean).join(', ');
  return (
    <li className="card worklist-card">
      <Link to={`/participants/${p.id}`} className="card-title">
        {p.name}
      </Link>
      <p className="muted small worklist-where">
        {p.siteName} · {item.dischargedOn ? t('worklist.discharged', { date: formatDate(item.dischargedOn, locale) }) : t(`enrollments.phase.${item.phase}`)}
      </p>
      <ul className="worklist-reasons" aria-label={t('worklist.reasons')}>
        {item.reasons.map((r) => (
          <li key={r.code === 'referral_stalled' ? r.referralId : r.code} className={`worklist-reason worklist-reason--${reasonTone(r)}`}>
            {/* A stalled referral is one step away: its page holds the next actions. */}
            {r.code === 'referral_stalled' ? <Link to={`/referrals/${r.referralId}`}>{reasonText(r, t, locale)}</Link> : reasonText(r, t, locale)}
          </li>
        ))}
      </ul>
      <dl className="card-details">
        <div>
          <dt>{t('worklist.team')}</dt>
          <dd>{team || t('worklist.noTeam')}</dd>
        </div>
      </dl>
      {can('participants:write') && !item.dischargedOn ? (
        <p className="worklist-actions">
          <Link to={`/participants/${p.id}/contacts/new`} className="btn" aria-label={t('worklist.logContactFor', { name: p.name })}>
            {t('worklist.logContact')}
          </Link>
        </p>
      ) : null}
    </li>
  );
}
