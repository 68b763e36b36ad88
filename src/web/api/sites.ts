import type { Site, SiteCreateInput, SiteUpdateInput } from '../../core/schemas.ts';
import { api } from './client.ts';

export const sitesApi = {
  list: (signal?: AbortSignal) => api.get<{ items: Site[] }>('/api/sites', { signal }),
  create: (input: SiteCreateInput) => api.post<Site>('/api/sites', input),
  update: (id: string, input: SiteUpdateInput) => api.patch<Site>(`/api/sites/${encodeURIComponent(id)}`, input),
};
