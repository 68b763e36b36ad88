import type { Dashboard, FollowUpsDue, ProgramReport, ReportFormat } from '../../../core/reports.ts';
import { api } from '../../api/client.ts';
import { apiQuery, type ResolvedQuery } from './reportQuery.ts';

/** The outcome report endpoints, over the shared client (errors, sign-out on 401). */
export const reportsApi = {
  dashboard: (q: ResolvedQuery, signal?: AbortSignal) => api.get<Dashboard>(`/api/reports/dashboard?${apiQuery(q)}`, { signal }),
  /** Who owes a 6-month follow-up today, named (needs participants:read as well). */
  followUpsDue: (siteIds: readonly string[], signal?: AbortSignal) =>
    api.get<FollowUpsDue>(`/api/reports/follow-ups-due?${new URLSearchParams(siteIds.map((id) => ['siteId', id])).toString()}`, { signal }),
  program: (q: ResolvedQuery, signal?: AbortSignal) => api.get<ProgramReport>(`/api/reports/program?${apiQuery(q, { format: 'json' })}`, { signal }),
  /** A link the browser follows to download the report as a file (the session cookie goes with it). */
  programFileUrl: (q: ResolvedQuery, format: Exclude<ReportFormat, 'json'>) => `/api/reports/program?${apiQuery(q, { format })}`,
};
