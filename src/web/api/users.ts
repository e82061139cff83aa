import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EndedScope, Role, User, UserCreate, UserUpdate } from '../../shared/users.js';
import { api } from './client.js';
import { authKeys } from './auth.js';
import { auditKeys } from './audit.js';

export interface UserFilters {
  q?: string;
  role?: Role;
  status?: 'active' | 'disabled';
  unitId?: string;
  page?: number;
  pageSize?: number;
}

export interface UserPage {
  items: User[];
  total: number;
  page: number;
  pageSize: number;
}

export const userKeys = {
  all: ['users'] as const,
  lists: () => [...userKeys.all, 'list'] as const,
  list: (filters: UserFilters) => [...userKeys.lists(), filters] as const,
  details: () => [...userKeys.all, 'detail'] as const,
  detail: (id: string) => [...userKeys.details(), id] as const,
  endedScopes: () => [...userKeys.all, 'ended-scopes'] as const,
};

export function useUsers(filters: UserFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: userKeys.list(filters),
    queryFn: ({ signal }) => api.get<UserPage>('/api/users', { ...filters }, { signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useUser(id: string) {
  return useQuery({
    queryKey: userKeys.detail(id),
    queryFn: ({ signal }) => api.get<User>(`/api/users/${encodeURIComponent(id)}`, undefined, { signal }),
  });
}

/** After a change to one user: the lists, that user, its history, and the session if it is us. */
function useUserChanged() {
  const client = useQueryClient();
  return (user: User | { id: string }) => {
    void client.invalidateQueries({ queryKey: userKeys.lists() });
    void client.invalidateQueries({ queryKey: userKeys.endedScopes() });
    void client.invalidateQueries({ queryKey: auditKeys.all });
    if ('username' in user) client.setQueryData(userKeys.detail(user.id), user);
    else void client.invalidateQueries({ queryKey: userKeys.detail(user.id) });
    void client.invalidateQueries({ queryKey: authKeys.me() });
  };
}

export function useCreateUser() {
  const changed = useUserChanged();
  return useMutation({
    mutationFn: (body: UserCreate) =>
      api.post<{ user: User; temporaryPassword: string | null }>('/api/users', body),
    onSuccess: (res) => changed(res.user),
  });
}

export function useUpdateUser(id: string) {
  const changed = useUserChanged();
  return useMutation({
    mutationFn: (body: UserUpdate) => api.patch<User>(`/api/users/${encodeURIComponent(id)}`, body),
    onSuccess: (user) => changed(user),
  });
}

export function useSetUserDisabled(id: string) {
  const changed = useUserChanged();
  return useMutation({
    mutationFn: (disabled: boolean) =>
      api.post<User>(`/api/users/${encodeURIComponent(id)}/${disabled ? 'disable' : 'enable'}`),
    onSuccess: (user) => changed(user),
  });
}

export function useResetPassword(id: string) {
  const changed = useUserChanged();
  return useMutation({
    mutationFn: () => api.post<{ temporaryPassword: string }>(`/api/users/${encodeURIComponent(id)}/reset-password`),
    onSuccess: () => changed({ id }),
  });
}

export function useResetTotp(id: string) {
  const changed = useUserChanged();
  return useMutation({
    mutationFn: () => api.post<User>(`/api/users/${encodeURIComponent(id)}/reset-totp`),
    onSuccess: (user) => changed(user),
  });
}

/** Users whose scope unit has ended (a reform), each with the units proposed to replace it. */
export function useEndedScopes(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: userKeys.endedScopes(),
    queryFn: ({ signal }) => api.get<EndedScope[]>('/api/users/ended-scopes', undefined, { signal }),
    enabled: options.enabled ?? true,
    staleTime: 30_000,
  });
}

/** Moves a user to another scope unit (for one whose unit ended). */
export function useMoveUserScope() {
  const changed = useUserChanged();
  return useMutation({
    mutationFn: ({ id, scopeUnitId }: { id: string; scopeUnitId: string }) =>
      api.patch<User>(`/api/users/${encodeURIComponent(id)}`, { scopeUnitId }),
    onSuccess: (user) => changed(user),
  });
}
