import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dashboard, DashboardMap } from '../../../shared/dashboard.js';
import { api } from '../../api/client.js';
import { groupKeys } from '../../api/groups.js';

export interface DashboardFilters {
  /** The area's code; absent: the user's own area. */
  unit?: string;
  /** A month (YYYY-MM) or a day (YYYY-MM-DD). */
  date: string;
}

/** Under the groups' keys, so that whatever refreshes the groups refreshes the dashboard too. */
export const dashboardKeys = {
  all: [...groupKeys.all, 'dashboard'] as const,
  detail: (filters: DashboardFilters) => [...dashboardKeys.all, 'detail', filters] as const,
  map: (filters: DashboardFilters) => [...dashboardKeys.all, 'map', filters] as const,
};

/** Totals now and a year before, the monthly series and the breakdown by sub-area. */
export function useDashboard(filters: DashboardFilters) {
  return useQuery({
    queryKey: dashboardKeys.detail(filters),
    queryFn: ({ signal }) => api.get<Dashboard>('/api/dashboard', { ...filters }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** The sub-areas' boundaries (GeoJSON); the same for every month of a period, so kept long. */
export function useDashboardMap(filters: DashboardFilters) {
  return useQuery({
    queryKey: dashboardKeys.map(filters),
    queryFn: ({ signal }) => api.get<DashboardMap>('/api/dashboard/map', { ...filters }, { signal }),
    staleTime: 60 * 60 * 1000,
  });
}
