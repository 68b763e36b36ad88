import type { Dashboard, ProgramReport, ReportFormat } from '../../../core/reports.ts';
import { api } from '../../api/client.ts';
import { apiQuery, type ResolvedQuery } from './reportQuery.ts';

/** The outcome report endpoints, over the shared client (errors, sign-out on 401). */
export const reportsApi = {
  dashboard: (q: ResolvedQuery, signal?: AbortSignal) => api.get<Dashboard>(`/api/reports/dashboard?${apiQuery(q)}`, { signal }),
  program: (q: ResolvedQuery, signal?: AbortSignal) => api.get<ProgramReport>(`/api/reports/program?${apiQuery(q, { format: 'json' })}`, { signal }),
  /** A link the browser follows to download the report as a file (the session cookie goes with it). */
  programFileUrl: (q: ResolvedQuery, format: Exclude<ReportFormat, 'json'>) => `/api/reports/program?${apiQuery(q, { format })}`,
};
