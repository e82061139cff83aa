import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Unit, UnitCreate, UnitLevel, UnitUpdate } from '../../shared/units.js';
import { api } from './client.js';
import { auditKeys } from './audit.js';

export interface UnitListFilters {
  parentId?: string;
  date?: string;
  q?: string;
  level?: UnitLevel;
  limit?: number;
}

export const unitKeys = {
  all: ['units'] as const,
  lists: () => [...unitKeys.all, 'list'] as const,
  list: (filters: UnitListFilters) => [...unitKeys.lists(), filters] as const,
  details: () => [...unitKeys.all, 'detail'] as const,
  detail: (id: string) => [...unitKeys.details(), id] as const,
};

export function useUnits(filters: UnitListFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: unitKeys.list(filters),
    queryFn: ({ signal }) => api.get<{ items: Unit[] }>('/api/units', { ...filters }, { signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
    staleTime: 30_000,
  });
}

export function useUnit(id: string | null | undefined) {
  return useQuery({
    queryKey: unitKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<Unit>(`/api/units/${encodeURIComponent(id ?? '')}`, undefined, { signal }),
    enabled: !!id,
    staleTime: 30_000,
  });
}

function useUnitsChanged() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: unitKeys.all });
    void client.invalidateQueries({ queryKey: auditKeys.all });
  };
}

export function useCreateUnit() {
  const changed = useUnitsChanged();
  return useMutation({
    mutationFn: (body: UnitCreate) => api.post<Unit>('/api/units', body),
    onSuccess: changed,
  });
}

export function useUpdateUnit(id: string) {
  const changed = useUnitsChanged();
  return useMutation({
    mutationFn: (body: UnitUpdate) => api.patch<Unit>(`/api/units/${encodeURIComponent(id)}`, body),
    onSuccess: changed,
  });
}

export function useDeleteUnit() {
  const changed = useUnitsChanged();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/units/${encodeURIComponent(id)}`),
    onSuccess: changed,
  });
}
