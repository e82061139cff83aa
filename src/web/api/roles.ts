import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role, RoleSetting } from '../../shared/users.js';
import { api } from './client.js';
import { auditKeys } from './audit.js';
import { authKeys } from './auth.js';

export const roleKeys = {
  all: ['roles'] as const,
  list: () => [...roleKeys.all, 'list'] as const,
};

export function useRoles() {
  return useQuery({
    queryKey: roleKeys.list(),
    queryFn: ({ signal }) => api.get<RoleSetting[]>('/api/roles', undefined, { signal }),
  });
}

export function useUpdateRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ role, requireTotp }: RoleSetting) =>
      api.put<RoleSetting>(`/api/roles/${encodeURIComponent(role)}`, { requireTotp }),
    onSuccess: (setting) => {
      client.setQueryData<RoleSetting[]>(roleKeys.list(), (old) =>
        old?.map((r) => (r.role === setting.role ? setting : r)),
      );
      void client.invalidateQueries({ queryKey: roleKeys.all });
      void client.invalidateQueries({ queryKey: auditKeys.all });
      // Our own role may now demand a second factor.
      void client.invalidateQueries({ queryKey: authKeys.me() });
    },
  });
}

export type { Role };
