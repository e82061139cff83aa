import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ImportJob,
  Placement,
  Unit,
  UnitCreate,
  UnitHistory,
  UnitLevel,
  UnitRename,
  UnitUpdate,
  VillageImportResult,
} from '../../shared/units.js';
import { api, spreadsheetType, upload } from './client.js';
import { auditKeys } from './audit.js';
import { groupKeys } from './groups.js';

export interface UnitListFilters {
  parentId?: string;
  date?: string;
  q?: string;
  level?: UnitLevel;
  limit?: number;
}

export type PlacementStatus = 'pending' | 'placed';

export interface PlacementFilters {
  status: PlacementStatus;
  page?: number;
  pageSize?: number;
}

export interface PlacementPage {
  items: Placement[];
  total: number;
  page: number;
  pageSize: number;
}

export const unitKeys = {
  all: ['units'] as const,
  lists: () => [...unitKeys.all, 'list'] as const,
  list: (filters: UnitListFilters) => [...unitKeys.lists(), filters] as const,
  details: () => [...unitKeys.all, 'detail'] as const,
  detail: (id: string, date?: string) => [...unitKeys.details(), id, date ?? null] as const,
  histories: () => [...unitKeys.all, 'history'] as const,
  history: (id: string) => [...unitKeys.histories(), id] as const,
  placements: () => [...unitKeys.all, 'placements'] as const,
  placementList: (filters: PlacementFilters) => [...unitKeys.placements(), 'list', filters] as const,
  placementCount: () => [...unitKeys.placements(), 'count'] as const,
  imports: () => [...unitKeys.all, 'imports'] as const,
  importJob: (id: string) => [...unitKeys.imports(), id] as const,
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

/** One unit; with a date, its `childCount` is counted as of that date. */
export function useUnit(id: string | null | undefined, date?: string) {
  return useQuery({
    queryKey: unitKeys.detail(id ?? '', date),
    queryFn: ({ signal }) => api.get<Unit>(`/api/units/${encodeURIComponent(id ?? '')}`, { date }, { signal }),
    enabled: !!id,
    staleTime: 30_000,
  });
}

/** Its periods under the same code, what it was formed from and what it went into. */
export function useUnitHistory(id: string) {
  return useQuery({
    queryKey: unitKeys.history(id),
    queryFn: ({ signal }) => api.get<UnitHistory>(`/api/units/${encodeURIComponent(id)}/history`, undefined, { signal }),
    staleTime: 60_000,
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

/** Moves a village to another commune from a date; the answer is its new record from that date. */
export function useMoveVillage() {
  const changed = useUnitsChanged();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, parentId, date }: { id: string; parentId: string; date: string }) =>
      api.post<Unit>(`/api/units/${encodeURIComponent(id)}/move`, { parentId, date }),
    onSuccess: () => {
      changed();
      // The groups working in the village now sit under another commune.
      void client.invalidateQueries({ queryKey: groupKeys.all });
    },
  });
}

/** Renames a village from a date; the answer is its record under the new name from that date. */
export function useRenameVillage(id: string) {
  const changed = useUnitsChanged();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UnitRename) => api.post<Unit>(`/api/units/${encodeURIComponent(id)}/rename`, body),
    onSuccess: () => {
      changed();
      // The groups and people of the village are shown under its new name.
      void client.invalidateQueries({ queryKey: groupKeys.all });
    },
  });
}

export function useDeleteUnit() {
  const changed = useUnitsChanged();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/units/${encodeURIComponent(id)}`),
    onSuccess: changed,
  });
}

/* ---- The placement queue: villages of split communes, waiting for their new commune ---- */

export function usePlacements(filters: PlacementFilters) {
  return useQuery({
    queryKey: unitKeys.placementList(filters),
    queryFn: ({ signal }) => api.get<PlacementPage>('/api/units/placements', { ...filters }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** How many villages wait to be placed (the menu's badge). */
export function usePendingPlacementCount(enabled: boolean) {
  return useQuery({
    queryKey: unitKeys.placementCount(),
    queryFn: ({ signal }) =>
      api.get<PlacementPage>('/api/units/placements', { status: 'pending', pageSize: 1 }, { signal }).then((p) => p.total),
    enabled,
    staleTime: 60_000,
  });
}

export function usePlaceVillage() {
  const changed = useUnitsChanged();
  return useMutation({
    mutationFn: ({ id, communeId }: { id: string; communeId: string }) =>
      api.post<{ id: string }>(`/api/units/placements/${encodeURIComponent(id)}`, { communeId }),
    onSuccess: changed,
  });
}

/* ---- Imports of the official list and of reforms ---- */

/** Sends the text of a JSON file; the server answers at once with a job to follow. */
export function useStartUnitImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ text, fileName, onProgress }: { text: string; fileName: string; onProgress?: (fraction: number) => void }) =>
      upload<ImportJob>('/api/units/imports', text, {
        query: { fileName },
        contentType: 'application/json',
        onProgress: onProgress && ((sent, total) => onProgress(total > 0 ? sent / total : 0)),
      }),
    // The job as first answered is shown at once, while its progress is asked for.
    onSuccess: (job) => client.setQueryData(unitKeys.importJob(job.id), job),
  });
}

export const IMPORT_POLL_MS = 500;

/** An import's progress, asked for every half second while it runs; the units are reloaded once it ends. */
export function useImportJob(id: string | null) {
  const client = useQueryClient();
  return useQuery({
    queryKey: unitKeys.importJob(id ?? ''),
    queryFn: async ({ signal }) => {
      const job = await api.get<ImportJob>(`/api/units/imports/${encodeURIComponent(id ?? '')}`, undefined, { signal });
      if (job.status !== 'running') {
        void client.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'units' && q.queryKey[1] !== 'imports' });
        void client.invalidateQueries({ queryKey: auditKeys.all });
      }
      return job;
    },
    enabled: !!id,
    refetchInterval: (query) =>
      query.state.status !== 'error' && (query.state.data === undefined || query.state.data.status === 'running') ? IMPORT_POLL_MS : false,
    staleTime: Infinity,
    retry: 3,
  });
}

/* ---- Villages from a spreadsheet ---- */

export const VILLAGE_TEMPLATE_URL = '/api/units/villages/template';

/** `commit: false` previews (nothing is written); `commit: true` writes every row or none. */
export function useVillageImport() {
  const changed = useUnitsChanged();
  return useMutation({
    mutationFn: ({ file, commit }: { file: File; commit: boolean }) =>
      upload<VillageImportResult>('/api/units/villages/import', file, {
        query: { commit: String(commit) },
        contentType: spreadsheetType(file),
        // Header values must be ASCII; Vietnamese file names travel percent-encoded.
        headers: { 'X-File-Name': encodeURIComponent(file.name) },
      }),
    onSuccess: (result) => {
      if (result.committed) changed();
    },
  });
}
