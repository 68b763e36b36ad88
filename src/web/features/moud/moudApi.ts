import type { MoudEpisode, MoudEpisodeCreateInput, MoudEpisodeUpdateInput, MoudList } from '../../../core/moud.ts';
import { api } from '../../api/client.ts';

const base = (participantId: string) => `/api/participants/${encodeURIComponent(participantId)}/moud-episodes`;
const one = (participantId: string, id: string) => `${base(participantId)}/${encodeURIComponent(id)}`;

/** The MOUD episode endpoints, over the shared client (CSRF, errors, sign-out on 401). */
export const moudApi = {
  list: (participantId: string, signal?: AbortSignal) => api.get<MoudList>(base(participantId), { signal }),
  record: (participantId: string, input: MoudEpisodeCreateInput) => api.post<MoudEpisode>(base(participantId), input),
  update: (participantId: string, id: string, input: MoudEpisodeUpdateInput) => api.patch<MoudEpisode>(one(participantId, id), input),
};
