import type { Resource, ResourceCreateInput, ResourceSearchOutput, ResourceUpdateInput } from '../../../core/resources.ts';
import { api, request } from '../../api/client.ts';

export interface ResourceSearchParams {
  q?: string;
  category?: string;
  medication?: string;
  insurance?: string;
  language?: string;
  openNow?: boolean;
  zip?: string;
  lat?: string;
  lng?: string;
  radiusMiles?: string;
  limit?: string;
}

export const resourcesApi = {
  search: (params: ResourceSearchParams, signal?: AbortSignal) =>
    api.get<ResourceSearchOutput>('/api/resources', { signal, query: { ...params, openNow: params.openNow ? 'true' : undefined } }),
  get: (id: string, signal?: AbortSignal) => api.get<Resource>(`/api/resources/${encodeURIComponent(id)}`, { signal }),
  create: (input: ResourceCreateInput) => api.post<Resource>('/api/resources', input),
  update: (id: string, input: ResourceUpdateInput) => request<Resource>('PUT', `/api/resources/${encodeURIComponent(id)}`, { body: input }),
  archive: (id: string, version: number) => request<Resource>('DELETE', `/api/resources/${encodeURIComponent(id)}`, { query: { version } }),
};
