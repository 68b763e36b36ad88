import type { Worklist } from '../../../core/worklist.ts';
import { api } from '../../api/client.ts';

export interface WorklistFilters {
  siteId?: string | undefined;
  assignedTo?: string | undefined;
  noContactDays?: number | undefined;
}

export const worklistApi = {
  get: (filters: WorklistFilters, signal?: AbortSignal) =>
    api.get<Worklist>('/api/worklist', { signal, query: { siteId: filters.siteId, assignedTo: filters.assignedTo, noContactDays: filters.noContactDays } }),
};
