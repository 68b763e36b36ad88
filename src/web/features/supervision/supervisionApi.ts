import type { Analysis, CodingInput, Codings, FinalCodingInput, Session, SessionInput, SessionUpdateInput, SupervisionStaff, Theme, ThemeInput, ThemeUpdateInput } from '../../../core/supervision.ts';
import { api, buildUrl, request } from '../../api/client.ts';

const enc = encodeURIComponent;

/** The supervision endpoints, over the shared client (CSRF, errors, sign-out on 401). */
export const supervisionApi = {
  sessions: (filter: { kind?: string; month?: string; siteId?: string }, signal?: AbortSignal) =>
    api.get<{ items: Session[] }>(buildUrl('/api/supervision/sessions', filter), { signal }),
  session: (id: string, signal?: AbortSignal) => api.get<Session>(`/api/supervision/sessions/${enc(id)}`, { signal }),
  create: (input: SessionInput) => api.post<Session>('/api/supervision/sessions', input),
  update: (id: string, input: SessionUpdateInput) => request<Session>('PUT', `/api/supervision/sessions/${enc(id)}`, { body: input }),
  staff: (signal?: AbortSignal) => api.get<{ items: SupervisionStaff[] }>('/api/supervision/staff', { signal }),
  codebook: (signal?: AbortSignal) => api.get<{ items: Theme[] }>('/api/supervision/codebook', { signal }),
  createTheme: (input: ThemeInput) => api.post<Theme>('/api/supervision/codebook', input),
  updateTheme: (id: string, input: ThemeUpdateInput) => request<Theme>('PUT', `/api/supervision/codebook/${enc(id)}`, { body: input }),
  codings: (id: string, signal?: AbortSignal) => api.get<Codings>(`/api/supervision/sessions/${enc(id)}/codings`, { signal }),
  code: (id: string, input: CodingInput) => api.post<Codings>(`/api/supervision/sessions/${enc(id)}/codings`, input),
  reconcile: (id: string, input: FinalCodingInput) => request<Codings>('PUT', `/api/supervision/sessions/${enc(id)}/codings/final`, { body: input }),
  analysis: (range: { from?: string; to?: string }, signal?: AbortSignal) =>
    api.get<Analysis>(buildUrl('/api/supervision/analysis', range), { signal }),
  csvUrl: (range: { from?: string; to?: string }) => buildUrl('/api/supervision/analysis/kind-by-theme.csv', range),
};
