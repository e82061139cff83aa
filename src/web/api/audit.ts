import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEntry } from '../../shared/audit.js';
import { api } from './client.js';

export interface AuditFilters {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface AuditPage {
  items: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export const auditKeys = {
  all: ['audit'] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, 'list', filters] as const,
};

export function useAudit(filters: AuditFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ signal }) => api.get<AuditPage>('/api/audit', { ...filters }, { signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}
