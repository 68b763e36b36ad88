import type { AssessmentDetail, AssessmentStartInput, AssessmentSummary, AssessmentUpdateInput, InstrumentSummary } from '../../../core/assessments.ts';
import { api } from '../../api/client.ts';

const base = (participantId: string) => `/api/participants/${encodeURIComponent(participantId)}/assessments`;

/** The assessments endpoints, over the shared client (CSRF, errors, sign-out on 401). */
export const assessmentsApi = {
  /** The program's instruments, each at its latest version: built in or added as data. */
  instruments: (signal?: AbortSignal) => api.get<{ items: InstrumentSummary[] }>('/api/instruments', { signal }),
  list: (participantId: string, signal?: AbortSignal) => api.get<{ items: AssessmentSummary[] }>(base(participantId), { signal }),
  get: (participantId: string, assessmentId: string, signal?: AbortSignal) =>
    api.get<AssessmentDetail>(`${base(participantId)}/${encodeURIComponent(assessmentId)}`, { signal }),
  start: (participantId: string, input: AssessmentStartInput) => api.post<AssessmentDetail>(base(participantId), input),
  update: (participantId: string, assessmentId: string, input: AssessmentUpdateInput) =>
    api.patch<AssessmentDetail>(`${base(participantId)}/${encodeURIComponent(assessmentId)}`, input),
};

/** The built-in instruments (shipped in a migration, so always there); the page offers every instrument the API lists. */
export const BARC10 = 'barc10';
export const NEEDS_SCREENING = 'needs_screening';
export const BARC10_FLAG = 'at_or_above_47';
export const BARC10_THRESHOLD = 47;
