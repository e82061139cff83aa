import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DuplicateCluster, MemberRole, Person, PersonCreate, PersonUpdate, personPage } from '../../shared/people.js';
import { api, downloadPost } from './client.js';
import { auditKeys } from './audit.js';
import { groupKeys } from './groups.js';

/** A person's place in one group, for the person's page. */
export interface PersonMembership {
  id: string;
  group: { id: string; name: string; typeName: string };
  role: MemberRole;
  validFrom: string;
  validTo: string | null;
}

export interface DuplicatePage {
  items: DuplicateCluster[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PeopleFilters {
  /** Part of the name; diacritics optional. */
  q?: string;
  /** The whole citizen ID number: an exact match. */
  cccd?: string;
  /** Members, on `date`, of groups in this area (and below) and of this type. */
  unitId?: string;
  type?: string;
  date?: string;
  sort?: 'name' | 'birth';
  /** The `nextCursor` of the page before; none for the first page. */
  cursor?: string;
  pageSize?: number;
}

/** A page of people by keyset: `total` is exact when `totalExact`, else "more than". */
export type PersonPage = z.infer<typeof personPage>;

export const peopleKeys = {
  all: ['people'] as const,
  lists: () => [...peopleKeys.all, 'list'] as const,
  list: (filters: PeopleFilters) => [...peopleKeys.lists(), filters] as const,
  details: () => [...peopleKeys.all, 'detail'] as const,
  detail: (id: string) => [...peopleKeys.details(), id] as const,
  memberships: (id: string) => [...peopleKeys.all, 'memberships', id] as const,
  duplicateLists: () => [...peopleKeys.all, 'duplicates'] as const,
  duplicates: (page: { page?: number; pageSize?: number }) => [...peopleKeys.duplicateLists(), page] as const,
};

export function usePeople(filters: PeopleFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: peopleKeys.list(filters),
    // By POST: the filters (a name, an ID number) travel in the body, never in a URL; the server
    // writes every search to the audit log.
    queryFn: ({ signal }) => api.post<PersonPage>('/api/people/search', compact(filters), { signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** One person, the identity number masked. */
export function usePerson(id: string | null) {
  return useQuery({
    queryKey: peopleKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.get<Person>(`/api/people/${encodeURIComponent(id!)}`, undefined, { signal }),
    enabled: !!id,
  });
}

/** Loads a person on demand (the record an ID number already belongs to), through the cache. */
export function useLoadPerson() {
  const client = useQueryClient();
  return (id: string) =>
    client.fetchQuery({
      queryKey: peopleKeys.detail(id),
      queryFn: ({ signal }) => api.get<Person>(`/api/people/${encodeURIComponent(id)}`, undefined, { signal }),
    });
}

export function useCreatePerson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PersonCreate) => api.post<Person>('/api/people', body),
    onSuccess: (person) => {
      client.setQueryData(peopleKeys.detail(person.id), person);
      void client.invalidateQueries({ queryKey: peopleKeys.lists() });
      void client.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
}

/** Corrects a person: the page, the lists and the audit log show the change. */
export function useUpdatePerson(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PersonUpdate) => api.patch<Person>(`/api/people/${encodeURIComponent(id)}`, body),
    onSuccess: (person) => {
      client.setQueryData(peopleKeys.detail(person.id), person);
      void client.invalidateQueries({ queryKey: peopleKeys.all });
      void client.invalidateQueries({ queryKey: groupKeys.allMembers() });
      void client.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
}

/**
 * The full identity number. Never cached: every view is a new request, written to the audit log
 * by the server.
 */
export function useRevealCccd(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ cccd: string | null }>(`/api/people/${encodeURIComponent(id)}/reveal-cccd`),
    onSuccess: () => void client.invalidateQueries({ queryKey: auditKeys.all }),
  });
}

/** The groups a person is or was in, each with role and period. */
export function usePersonMemberships(id: string) {
  return useQuery({
    queryKey: peopleKeys.memberships(id),
    queryFn: ({ signal }) => api.get<PersonMembership[]>(`/api/people/${encodeURIComponent(id)}/memberships`, undefined, { signal }),
  });
}

/** Likely duplicates in the user's area, a page of clusters at a time. */
export function useDuplicates(page: { page?: number; pageSize?: number }) {
  return useQuery({
    queryKey: peopleKeys.duplicates(page),
    queryFn: ({ signal }) => api.get<DuplicatePage>('/api/people/duplicates', { ...page }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/**
 * Merges one record into another. Its memberships move, so every people view (lists, both
 * records, their groups, the duplicates) and every group's members are refreshed.
 */
export function useMergePerson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, intoId }: { id: string; intoId: string }) =>
      api.post<Person>(`/api/people/${encodeURIComponent(id)}/merge`, { intoId }),
    onSuccess: (person) => {
      client.setQueryData(peopleKeys.detail(person.id), person);
      void client.invalidateQueries({ queryKey: peopleKeys.all });
      void client.invalidateQueries({ queryKey: groupKeys.allMembers() });
      void client.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
}

/**
 * Saves the list with the same filters as an .xlsx file (identity numbers masked; the export is
 * audited). By POST, so that an ID number among the filters never lands in a URL.
 */
export function downloadPeopleExport(filters: Omit<PeopleFilters, 'cursor' | 'pageSize'>): Promise<void> {
  const { q, cccd, unitId, type, date } = filters;
  return downloadPost('/api/people/export', compact({ q, cccd, unitId, type, date }), 'danh-sach-nguoi.xlsx');
}

/** The filters that are set: an empty text is no filter. */
function compact<T extends object>(filters: T): Partial<T> {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Partial<T>;
}
