import type { Referral, ReferralCreateInput, ReferralSummary, ReferralTransitionInput } from '../../../core/referrals.ts';
import { api } from '../../api/client.ts';

const base = (participantId: string) => `/api/participants/${encodeURIComponent(participantId)}/referrals`;

/** The referral endpoints, over the shared client (CSRF, errors, sign-out on 401). */
export const referralsApi = {
  list: (participantId: string, signal?: AbortSignal) => api.get<{ items: ReferralSummary[] }>(base(participantId), { signal }),
  create: (participantId: string, input: ReferralCreateInput) => api.post<Referral>(base(participantId), input),
  get: (id: string, signal?: AbortSignal) => api.get<Referral>(`/api/referrals/${encodeURIComponent(id)}`, { signal }),
  transition: (id: string, input: ReferralTransitionInput) => api.post<Referral>(`/api/referrals/${encodeURIComponent(id)}/transitions`, input),
};
