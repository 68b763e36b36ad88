import type { Me } from '../../core/schemas.ts';
import { api } from './client.ts';

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
    api.post<Me>('/api/auth/login', { email, password }, { expectUnauthorized: true }),
  logout: () => api.post<undefined>('/api/auth/logout', undefined, { expectUnauthorized: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<undefined>('/api/auth/password', { currentPassword, newPassword }),
  invitation: (token: string, signal?: AbortSignal) =>
    api.get<Invitation>(`/api/auth/invitations/${encodeURIComponent(token)}`, { signal, expectUnauthorized: true }),
  acceptInvitation: (token: string, password: string) =>
    api.post<Me>(`/api/auth/invitations/${encodeURIComponent(token)}/accept`, { password }, { expectUnauthorized: true }),
};
