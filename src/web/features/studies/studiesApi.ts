import type { ParticipantStudies, Study, StudyAssignment, StudyCreateInput, StudyDetail, StudyUpdateInput } from '../../../core/studies.ts';
import { api } from '../../api/client.ts';

const one = (id: string) => `/api/studies/${encodeURIComponent(id)}`;

export const studiesApi = {
  list: (signal?: AbortSignal) => api.get<{ items: Study[] }>('/api/studies', { signal }),
  get: (id: string, signal?: AbortSignal) => api.get<StudyDetail>(one(id), { signal }),
  create: (input: StudyCreateInput) => api.post<StudyDetail>('/api/studies', input),
  update: (id: string, input: StudyUpdateInput) => api.patch<StudyDetail>(one(id), input),
  randomize: (id: string, participantId: string) => api.post<StudyAssignment>(`${one(id)}/randomize`, { participantId }),
  ofParticipant: (participantId: string, signal?: AbortSignal) =>
    api.get<ParticipantStudies>(`/api/participants/${encodeURIComponent(participantId)}/studies`, { signal }),
};
