import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Census, CensusReportBody, CensusReport } from '../../shared/census.js';
import { api, withQuery } from './client.js';
import { groupKeys } from './groups.js';

export interface CensusFilters {
  /** The area's code (read on the boundaries' day); absent: the whole country (nationwide users only). */
  unit?: string;
  /** A month (YYYY-MM, meaning its last day) or a day (YYYY-MM-DD). */
  date: string;
  /** The day whose administrative units the census is counted in; absent: the census's own date. */
  boundaries?: string;
}

/** Under the groups' keys, so that whatever refreshes every group refreshes the counts too. */
export const censusKeys = {
  all: [...groupKeys.all, 'census'] as const,
  detail: (filters: CensusFilters) => [...censusKeys.all, filters] as const,
  reports: (filters: CensusReportsFilters) => [...censusKeys.all, 'reports', filters] as const,
};

/** Groups, members and model sites per type in an area on a date, by sub-area, with the report sentence. */
export function useCensus(filters: CensusFilters) {
  return useQuery({
    queryKey: censusKeys.detail(filters),
    queryFn: ({ signal }) => api.get<Census>('/api/census', { ...filters }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** The same census as an .xlsx workbook (the table per type and the breakdown). */
export function censusExportUrl(filters: CensusFilters): string {
  return withQuery('/api/census/export', { unit: filters.unit, date: filters.date, boundaries: filters.boundaries });
}

export interface CensusReportsFilters {
  unit?: string;
  /** The day the area's code is read on. */
  on?: string;
  /** Only the censuses of this month or day. */
  date?: string;
}

/** The censuses of an area (and its sub-areas) marked as reported or exported, newest first. */
export function useCensusReports(filters: CensusReportsFilters) {
  return useQuery({
    queryKey: censusKeys.reports(filters),
    queryFn: ({ signal }) => api.get<{ items: CensusReport[]; next: string | null }>('/api/census/reports', { ...filters, limit: 20 }, { signal }),
  });
}

/** Refreshes the reports and exports shown, once a file has been taken. */
export function useCensusReportsChanged() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: [...censusKeys.all, 'reports'] });
}

/** "Đánh dấu đã báo cáo": sent twice, it is stored once. */
export function useMarkCensusReported() {
  const changed = useCensusReportsChanged();
  return useMutation({
    mutationFn: (body: CensusReportBody) => api.post<{ id: string; createdAt: string }>('/api/census/reports', body),
    onSuccess: changed,
  });
}
