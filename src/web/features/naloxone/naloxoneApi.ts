import type { Distribution, DistributionInput, Movement, MovementInput, Refill, RefillInput, Reversal, ReversalInput, Stock, Trainer } from '../../../core/naloxone.ts';
import { api } from '../../api/client.ts';

const q = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString();
/** A site's or a participant's records, the newest `limit` (the server's default when absent). */
type Where = ({ siteId: string } | { participantId: string }) & { limit?: number };

/** The naloxone endpoints, over the shared client (CSRF, errors, sign-out on 401). */
export const naloxoneApi = {
  stock: (siteId: string, signal?: AbortSignal) => api.get<Stock>(`/api/sites/${encodeURIComponent(siteId)}/naloxone/stock`, { signal }),
  trainers: (siteId: string, signal?: AbortSignal) => api.get<{ items: Trainer[] }>(`/api/sites/${encodeURIComponent(siteId)}/naloxone/trainers`, { signal }),
  movements: (siteId: string, signal?: AbortSignal) => api.get<{ items: Movement[] }>(`/api/naloxone/movements?${q({ siteId })}`, { signal }),
  recordMovement: (input: MovementInput) => api.post<{ items: Movement[] }>('/api/naloxone/movements', input),
  distributions: (where: Where, signal?: AbortSignal) =>
    api.get<{ items: Distribution[] }>(`/api/naloxone/distributions?${q(where)}`, { signal }),
  distribute: (input: DistributionInput) => api.post<Distribution>('/api/naloxone/distributions', input),
  reversals: (where: Where, signal?: AbortSignal) =>
    api.get<{ items: Reversal[] }>(`/api/naloxone/reversals?${q(where)}`, { signal }),
  recordReversal: (input: ReversalInput) => api.post<Reversal>('/api/naloxone/reversals', input),
  refills: (where: Where, signal?: AbortSignal) =>
    api.get<{ items: Refill[] }>(`/api/naloxone/refills?${q(where)}`, { signal }),
  requestRefill: (input: RefillInput) => api.post<Refill>('/api/naloxone/refills', input),
};
