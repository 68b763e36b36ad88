import type { AuditEvent } from '../../core/schemas.ts';
import { api } from './client.ts';
import type { Page } from './participants.ts';

export const auditApi = {
  forParticipant: (participantId: string, cursor?: string | null, signal?: AbortSignal) =>
    api.get<Page<AuditEvent>>('/api/audit', { signal, query: { participantId, cursor } }),
};
