import type { Role } from '../../core/enums.ts';
import type { User, UserUpdateInput } from '../../core/schemas.ts';
import { api } from './client.ts';

export type UserSetup = { method: 'invitation' } | { method: 'password'; password: string };

export interface UserCreateRequest {
  email: string;
  name: string;
  role: Role;
  siteIds: string[];
  setup: UserSetup;
}

export interface InvitationLink {
  invitationUrl: string | null;
  invitationExpiresAt: string | null;
}

export interface UserCreated extends InvitationLink {
  user: User;
}

export const usersApi = {
  list: (signal?: AbortSignal) => api.get<{ items: User[] }>('/api/users', { signal }),
  create: (input: UserCreateRequest) => api.post<UserCreated>('/api/users', input),
  update: (id: string, input: UserUpdateInput) => api.patch<User>(`/api/users/${encodeURIComponent(id)}`, input),
  newInvitation: (id: string) => api.post<InvitationLink>(`/api/users/${encodeURIComponent(id)}/invitation`),
};
