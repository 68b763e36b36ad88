import type {
  ParticipantCreateInput,
  ParticipantDetail,
  ParticipantSummary,
  ParticipantUpdateInput,
} from '../../core/schemas.ts';
import { api } from './client.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ParticipantSearch {
  q?: string;
  siteId?: string;
  limit?: number;
  cursor?: string | null;
}

export interface DuplicateQuery {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
}

const path = (id: string) => `/api/participants/${encodeURIComponent(id)}`;

export const participantsApi = {
  search: (query: ParticipantSearch, signal?: AbortSignal) =>
    api.get<Page<ParticipantSummary>>('/api/participants', {
      signal,
      query: { q: query.q?.trim(), siteId: query.siteId, limit: query.limit, cursor: query.cursor },
    }),
  get: (id: string, signal?: AbortSignal) => api.get<ParticipantDetail>(path(id), { signal }),
  create: (input: ParticipantCreateInput) => api.post<ParticipantDetail>('/api/participants', input),
  update: (id: string, input: ParticipantUpdateInput) => api.patch<ParticipantDetail>(path(id), input),
  duplicates: (query: DuplicateQuery, signal?: AbortSignal) =>
    api.get<{ items: ParticipantSummary[] }>('/api/participants/duplicates', { signal, query: { ...query } }),
};
