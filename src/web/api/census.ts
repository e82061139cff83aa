import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Census } from '../../shared/census.js';
import { api, withQuery } from './client.js';
import { groupKeys } from './groups.js';

export interface CensusFilters {
  /** The area's code; absent: the whole country (nationwide users only). */
  unit?: string;
  /** A month (YYYY-MM, meaning its last day) or a day (YYYY-MM-DD). */
  date: string;
}

/** Under the groups' keys, so that whatever refreshes every group refreshes the counts too. */
export const censusKeys = {
  all: [...groupKeys.all, 'census'] as const,
  detail: (filters: CensusFilters) => [...censusKeys.all, filters] as const,
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
  return withQuery('/api/census/export', { unit: filters.unit, date: filters.date });
}
