import type { CriticalEvent, CriticalEventInput } from '../../../core/events.ts';
import { api } from '../../api/client.ts';

const base = (participantId: string) => `/api/participants/${encodeURIComponent(participantId)}/events`;

export const eventsApi = {
  list: (participantId: string, signal?: AbortSignal) => api.get<{ items: CriticalEvent[] }>(base(participantId), { signal }),
  record: (participantId: string, input: CriticalEventInput) => api.post<CriticalEvent>(base(participantId), input),
};
