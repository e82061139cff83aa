import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AreaChange,
  Group,
  GroupCreate,
  GroupStatus,
  GroupTimeline,
  GroupUpdate,
  StatusChange,
} from '../../shared/groups.js';
import { api } from './client.js';
import { auditKeys } from './audit.js';

export type GroupSort = 'name' | 'foundedOn' | 'type' | 'area';

export interface GroupFilters {
  unitId?: string;
  date?: string;
  type?: string;
  status?: GroupStatus;
  q?: string;
  sort?: GroupSort;
  page?: number;
  pageSize?: number;
}

export interface GroupPage {
  items: Group[];
  total: number;
  page: number;
  pageSize: number;
}

export const groupKeys = {
  all: ['groups'] as const,
  lists: () => [...groupKeys.all, 'list'] as const,
  list: (filters: GroupFilters) => [...groupKeys.lists(), filters] as const,
  details: () => [...groupKeys.all, 'detail'] as const,
  detail: (id: string, date?: string) => [...groupKeys.details(), id, date ?? null] as const,
  timelines: () => [...groupKeys.all, 'timeline'] as const,
  timeline: (id: string) => [...groupKeys.timelines(), id] as const,
};

export function useGroups(filters: GroupFilters) {
  return useQuery({
    queryKey: groupKeys.list(filters),
    queryFn: ({ signal }) => api.get<GroupPage>('/api/groups', { ...filters }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** One group as of a date (absent: today). */
export function useGroup(id: string, date?: string) {
  return useQuery({
    queryKey: groupKeys.detail(id, date),
    queryFn: ({ signal }) => api.get<Group>(`/api/groups/${encodeURIComponent(id)}`, { date }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Its statuses and areas through time. */
export function useGroupTimeline(id: string) {
  return useQuery({
    queryKey: groupKeys.timeline(id),
    queryFn: ({ signal }) => api.get<GroupTimeline>(`/api/groups/${encodeURIComponent(id)}/timeline`, undefined, { signal }),
  });
}

/** After a change: the lists, that group as of every date, its timeline, the audit log. */
function useGroupChanged() {
  const client = useQueryClient();
  return (group: Group) => {
    void client.invalidateQueries({ queryKey: groupKeys.lists() });
    void client.invalidateQueries({ queryKey: [...groupKeys.details(), group.id] });
    void client.invalidateQueries({ queryKey: groupKeys.timeline(group.id) });
    void client.invalidateQueries({ queryKey: auditKeys.all });
  };
}

export function useCreateGroup() {
  const changed = useGroupChanged();
  return useMutation({
    mutationFn: (body: GroupCreate) => api.post<Group>('/api/groups', body),
    onSuccess: changed,
  });
}

export function useUpdateGroup(id: string) {
  const changed = useGroupChanged();
  return useMutation({
    mutationFn: (body: GroupUpdate) => api.patch<Group>(`/api/groups/${encodeURIComponent(id)}`, body),
    onSuccess: changed,
  });
}

export function useChangeGroupStatus(id: string) {
  const changed = useGroupChanged();
  return useMutation({
    mutationFn: (body: StatusChange) => api.post<Group>(`/api/groups/${encodeURIComponent(id)}/status`, body),
    onSuccess: changed,
  });
}

export function useChangeGroupArea(id: string) {
  const changed = useGroupChanged();
  return useMutation({
    mutationFn: (body: AreaChange) => api.post<Group>(`/api/groups/${encodeURIComponent(id)}/area`, body),
    onSuccess: changed,
  });
}
