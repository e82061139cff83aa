import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ModelType, ModelTypeCreate, ModelTypeUpdate } from '../../shared/model-types.js';
import { api } from './client.js';
import { auditKeys } from './audit.js';
import { groupKeys } from './groups.js';

export const modelTypeKeys = {
  all: ['model-types'] as const,
  lists: () => [...modelTypeKeys.all, 'list'] as const,
  list: (includeRetired: boolean) => [...modelTypeKeys.lists(), { includeRetired }] as const,
};

/** Built-in, national and the caller's province's types; retired ones only when asked for. */
export function useModelTypes(includeRetired = false) {
  return useQuery({
    queryKey: modelTypeKeys.list(includeRetired),
    queryFn: ({ signal }) => api.get<ModelType[]>('/api/model-types', { includeRetired: String(includeRetired) }, { signal }),
    staleTime: 60_000,
  });
}

/** After a change to a type: the lists, the groups (they show the type's name) and the audit log. */
function useModelTypesChanged() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: modelTypeKeys.all });
    void client.invalidateQueries({ queryKey: groupKeys.all });
    void client.invalidateQueries({ queryKey: auditKeys.all });
  };
}

export function useCreateModelType() {
  const changed = useModelTypesChanged();
  return useMutation({
    mutationFn: (body: ModelTypeCreate) => api.post<ModelType>('/api/model-types', body),
    onSuccess: changed,
  });
}

export function useUpdateModelType(code: string) {
  const changed = useModelTypesChanged();
  return useMutation({
    mutationFn: (body: ModelTypeUpdate) => api.patch<ModelType>(`/api/model-types/${encodeURIComponent(code)}`, body),
    onSuccess: changed,
  });
}

/** Retires a type from a date (`date`), or brings it back (`date: null`). */
export function useRetireModelType() {
  const changed = useModelTypesChanged();
  return useMutation({
    mutationFn: ({ code, date }: { code: string; date: string | null }) =>
      date
        ? api.post<ModelType>(`/api/model-types/${encodeURIComponent(code)}/retire`, { date })
        : api.post<ModelType>(`/api/model-types/${encodeURIComponent(code)}/restore`),
    onSuccess: changed,
  });
}
