import type { Plan, PlanSaveInput, PlanVersion, PlanVersionSummary } from '../../../core/plans.ts';
import { api, request } from '../../api/client.ts';

const path = (id: string) => `/api/participants/${encodeURIComponent(id)}/plan`;

export const plansApi = {
  get: (participantId: string, signal?: AbortSignal) => api.get<Plan>(path(participantId), { signal }),
  save: (participantId: string, input: PlanSaveInput) => request<Plan>('PUT', path(participantId), { body: input }),
  versions: (participantId: string, signal?: AbortSignal) => api.get<{ items: PlanVersionSummary[] }>(`${path(participantId)}/versions`, { signal }),
  version: (participantId: string, n: number, signal?: AbortSignal) => api.get<PlanVersion>(`${path(participantId)}/versions/${n}`, { signal }),
};
