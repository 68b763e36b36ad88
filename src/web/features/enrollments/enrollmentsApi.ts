import type { DischargeInput, Enrollment, EnrollmentCreateInput, EnrollmentUpdateInput, InterviewInput } from '../../../core/enrollments.ts';
import { api } from '../../api/client.ts';

export interface TeamOptions {
  coaches: { id: string; name: string }[];
  caseManagers: { id: string; name: string }[];
}

const base = (participantId: string) => `/api/participants/${encodeURIComponent(participantId)}/enrollments`;
const one = (participantId: string, id: string) => `${base(participantId)}/${encodeURIComponent(id)}`;

/** The enrollment endpoints, over the shared client (CSRF, errors, sign-out on 401). */
export const enrollmentsApi = {
  list: (participantId: string, signal?: AbortSignal) => api.get<{ items: Enrollment[] }>(base(participantId), { signal }),
  teamOptions: (participantId: string, signal?: AbortSignal) => api.get<TeamOptions>(`${base(participantId)}/team-options`, { signal }),
  enroll: (participantId: string, input: EnrollmentCreateInput) => api.post<Enrollment>(base(participantId), input),
  update: (participantId: string, id: string, input: EnrollmentUpdateInput) => api.patch<Enrollment>(one(participantId, id), input),
  discharge: (participantId: string, id: string, input: DischargeInput) => api.post<Enrollment>(`${one(participantId, id)}/discharge`, input),
  recordInterview: (participantId: string, id: string, input: InterviewInput) =>
    api.post<Enrollment>(`${one(participantId, id)}/interviews`, input),
};
