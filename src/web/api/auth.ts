import type { LoginResult, Me, MfaEnrollment, MfaPolicy, MfaStatus } from '../../core/schemas.ts';
import type { Role } from '../../core/enums.ts';
import { api, request } from './client.ts';

export interface Invitation {
  email: string;
  name: string;
  expiresAt: string;
}

export const authApi = {
  me: (signal?: AbortSignal) => api.get<Me>('/api/auth/me', { signal, expectUnauthorized: true }),
  /** The same probe, but a 401 here means the session just ended. */
  keepAlive: () => api.get<Me>('/api/auth/me'),
  login: (email: string, password: string) =>
    api.post<LoginResult>('/api/auth/login', { email, password }, { expectUnauthorized: true }),
  /** The sign-in's second step: a code from the app or a recovery code. */
  verifyMfa: (answer: { code: string } | { recoveryCode: string }) =>
    api.post<Me>('/api/auth/mfa/verify', answer, { expectUnauthorized: true }),
  mfaStatus: (signal?: AbortSignal) => api.get<MfaStatus>('/api/auth/mfa', { signal }),
  enrollMfa: () => api.post<MfaEnrollment>('/api/auth/mfa/enroll'),
  confirmMfa: (code: string) => api.post<{ recoveryCodes: string[] }>('/api/auth/mfa/confirm', { code }),
  regenerateRecoveryCodes: (code: string) => api.post<{ recoveryCodes: string[] }>('/api/auth/mfa/recovery-codes', { code }),
  disableMfa: (password: string, code: string) => request<undefined>('DELETE', '/api/auth/mfa', { body: { password, code } }),
  mfaPolicy: (signal?: AbortSignal) => api.get<MfaPolicy>('/api/settings/mfa', { signal }),
  setMfaPolicy: (requiredRoles: Role[]) => request<MfaPolicy>('PUT', '/api/settings/mfa', { body: { requiredRoles } }),
  userMfa: (userId: string, signal?: AbortSignal) => api.get<MfaStatus>(`/api/users/${encodeURIComponent(userId)}/mfa`, { signal }),
  resetUserMfa: (userId: string) => request<MfaStatus>('DELETE', `/api/users/${encodeURIComponent(userId)}/mfa`),
  logout: () => api.post<undefined>('/api/auth/logout', undefined, { expectUnauthorized: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<undefined>('/api/auth/password', { currentPassword, newPassword }),
  invitation: (token: string, signal?: AbortSignal) =>
    api.get<Invitation>(`/api/auth/invitations/${encodeURIComponent(token)}`, { signal, expectUnauthorized: true }),
  acceptInvitation: (token: string, password: string) =>
    api.post<Me>(`/api/auth/invitations/${encodeURIComponent(token)}/accept`, { password }, { expectUnauthorized: true }),
};
