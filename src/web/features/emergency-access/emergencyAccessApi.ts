import type {
  EmergencyAccessInput,
  EmergencyAccessReviewItem,
  EmergencyLookupMatch,
  EmergencyLookupQuery,
  EmergencyReviewInput,
  MyEmergencyAccess,
} from '../../../core/emergency-access.ts';
import { api } from '../../api/client.ts';

export const emergencyAccessApi = {
  lookup: (query: EmergencyLookupQuery, signal?: AbortSignal) =>
    api.get<{ items: EmergencyLookupMatch[]; truncated: boolean }>('/api/emergency-accesses/lookup', { signal, query: { ...query } }),
  open: (participantId: string, input: EmergencyAccessInput) =>
    api.post<MyEmergencyAccess>(`/api/participants/${encodeURIComponent(participantId)}/emergency-access`, input),
  end: (id: string) => api.post<undefined>(`/api/emergency-accesses/${encodeURIComponent(id)}/end`),
  mine: (signal?: AbortSignal) => api.get<{ items: MyEmergencyAccess[] }>('/api/emergency-accesses/mine', { signal }),
  forReview: (status: 'unreviewed' | 'all', signal?: AbortSignal) =>
    api.get<{ items: EmergencyAccessReviewItem[] }>('/api/emergency-accesses', { signal, query: { status } }),
  review: (id: string, input: EmergencyReviewInput) =>
    api.post<EmergencyAccessReviewItem>(`/api/emergency-accesses/${encodeURIComponent(id)}/review`, input),
};
