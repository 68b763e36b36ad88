import type { AddendumInput, ContactCreateInput, ContactDetail, ContactSummary, TeamMember } from '../../../core/contacts.ts';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/participants.ts';

const base = (participantId: string) => `/api/participants/${encodeURIComponent(participantId)}/contacts`;

/** The contacts endpoints, over the shared client (CSRF, errors, sign-out on 401). */
export const contactsApi = {
  list: (participantId: string, options: { limit?: number; cursor?: string | null } = {}, signal?: AbortSignal) =>
    api.get<Page<ContactSummary>>(base(participantId), { signal, query: { limit: options.limit, cursor: options.cursor } }),
  get: (participantId: string, contactId: string, signal?: AbortSignal) =>
    api.get<ContactDetail>(`${base(participantId)}/${encodeURIComponent(contactId)}`, { signal }),
  team: (participantId: string, signal?: AbortSignal) => api.get<{ items: TeamMember[] }>(`${base(participantId)}/team`, { signal }),
  log: (participantId: string, input: ContactCreateInput) => api.post<ContactDetail>(base(participantId), input),
  addAddendum: (participantId: string, contactId: string, input: AddendumInput) =>
    api.post<ContactDetail>(`${base(participantId)}/${encodeURIComponent(contactId)}/addenda`, input),
};
