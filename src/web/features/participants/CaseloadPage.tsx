import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { seesAllSites } from '../../../core/access.ts';
import type { ParticipantSummary } from '../../../core/schemas.ts';
import { describeError } from '../../api/describeError.ts';
import { isAbortError } from '../../api/errors.ts';
import { participantsApi } from '../../api/participants.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useDebouncedValue } from '../../ui/hooks.ts';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useMe, useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { useSites } from '../sites/useSites.ts';
import { ParticipantList } from './ParticipantList.tsx';

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 300;

interface Results {
  items: ParticipantSummary[];
  nextCursor: string | null;
}

/** "My participants": search, site filter, and "Load more" through the cursor pages. */
export function CaseloadPage() {
  const t = useT();
  const announce = useAnnounce();
  const { can } = useSession();
  const me = useMe();
  const sites = useSites();
  const [params, setParams] = useSearchParams();
  const siteId = params.get('site') ?? '';
  const [query, setQuery] = useState(params.get('q') ?? '');
  const q = useDebouncedValue(query.trim(), SEARCH_DELAY_MS);

  const [results, setResults] = useState<Results | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Keep the search in the address, so Back from a participant returns to the same list.
  // Only when it changed: a navigation would drop the state a previous page left (its confirmation).
  const urlQ = params.get('q') ?? '';
  useEffect(() => {
    if (urlQ === q) return;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (q) next.set('q', q);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [q, urlQ, setParams]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    participantsApi.search({ q, siteId: siteId || undefined, limit: PAGE_SIZE }, controller.signal).then(
      (page) => {
        setResults(page);
        setLoading(false);
        announce(resultsMessage(page));
      },
      (err: unknown) => {
        if (isAbortError(err) || controller.signal.aborted) return;
        setError(describeError(err, t));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [q, siteId]);

  function resultsMessage(page: Results): string {
    if (page.items.length === 0) return q ? t('caseload.noMatches', { q }) : t('caseload.empty');
    return page.nextCursor ? t('caseload.shownMore', { count: page.items.length }) : t('caseload.shown', { count: page.items.length });
  }

  const loadMore = async () => {
    if (!results?.nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await participantsApi.search({ q, siteId: siteId || undefined, limit: PAGE_SIZE, cursor: results.nextCursor });
      const merged = { items: [...results.items, ...page.items], nextCursor: page.nextCursor };
      setResults(merged);
      announce(resultsMessage(merged));
    } catch (err) {
      setError(describeError(err, t));
    } finally {
      setLoadingMore(false);
    }
  };

  const setSite = (value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set('site', value);
        else next.delete('site');
        return next;
      },
      { replace: true },
    );

  const siteOptions = sites.status === 'ok' ? sites.data.map((s) => ({ value: s.id, label: s.active ? s.name : t('sites.inactiveName', { name: s.name }) })) : [];

  return (
    <Page
      title={t('caseload.title')}
      actions={
        can('participants:write') ? (
          <Link to="/participants/new" className="btn btn-primary">
            {t('caseload.new')}
          </Link>
        ) : null
      }
    >
      <div role="search" className="filters" aria-label={t('caseload.filters')}>
        <TextField
          name="q"
          type="search"
          label={t('caseload.search')}
          hint={t('caseload.searchHint')}
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="search"
          value={query}
          onChange={setQuery}
          className="filters-search"
        />
        {siteOptions.length > 1 ? (
          <SelectField name="site" label={t('caseload.site')} value={siteId} onChange={setSite} options={siteOptions} placeholder={t('caseload.allSites')} />
        ) : null}
      </div>

      {can('participants:emergency_access') && !seesAllSites(me.user.role) ? (
        <p className="small">
          <Link to="/participants/emergency-access">{t('emergencyAccess.link')}</Link>
        </p>
      ) : null}
      {error ? (
        <Notice tone="error" live="assertive">
          <p>{error}</p>
        </Notice>
      ) : null}
      {loading && !results ? <Loading label={t('caseload.loading')} /> : null}
      {results ? (
        <div aria-busy={loading} className={loading ? 'results results--stale' : 'results'}>
          {results.items.length === 0 ? <p className="empty">{resultsMessage(results)}</p> : <ParticipantList items={results.items} />}
          {results.nextCursor ? (
            <button type="button" className="btn btn-secondary load-more" onClick={() => void loadMore()} disabled={loadingMore}>
              {loadingMore ? t('app.loading') : t('ui.loadMore')}
            </button>
          ) : null}
        </div>
      ) : null}
    </Page>
  );
}
