import type { Consent, ConsentCreateInput, ConsentRevokeInput, Disclosure, DisclosureList, PrintoutInput } from '../../../core/consents.ts';
import { api } from '../../api/client.ts';

const base = (participantId: string) => `/api/participants/${encodeURIComponent(participantId)}`;

/** The Part 2 consent and disclosure endpoints. */
export const consentsApi = {
  list: (participantId: string, signal?: AbortSignal) => api.get<{ items: Consent[] }>(`${base(participantId)}/consents`, { signal }),
  record: (participantId: string, input: ConsentCreateInput) => api.post<Consent>(`${base(participantId)}/consents`, input),
  revoke: (participantId: string, id: string, input: ConsentRevokeInput) =>
    api.post<Consent>(`${base(participantId)}/consents/${encodeURIComponent(id)}/revoke`, input),
  disclosures: (participantId: string, signal?: AbortSignal) => api.get<DisclosureList>(`${base(participantId)}/disclosures`, { signal }),
  /** Records a printout for an outside organization (409 consent_required without a covering consent). */
  printout: (participantId: string, input: PrintoutInput) => api.post<Disclosure>(`${base(participantId)}/disclosures/printouts`, input),
};
