import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AreaChange,
  Group,
  GroupCreate,
  GroupListQuery,
  GroupPage,
  GroupSort,
  GroupStatus,
  GroupTimeline,
  GroupUpdate,
  GroupLink,
  GroupSheetResult,
  StatusChange,
} from '../../shared/groups.js';
import type { MemberRole, Membership } from '../../shared/people.js';
import type { GroupSheetOptions } from '../../shared/group-import.js';
import { api, downloadPost, spreadsheetType, upload, withQuery } from './client.js';
import { auditKeys } from './audit.js';
import { peopleKeys } from './people.js';

export type { GroupSort };

/** The list's filters and page: the first page without `cursor`, the next with the `nextCursor` of the one before. */
export type GroupFilters = Partial<Pick<GroupListQuery, 'unitId' | 'date' | 'type' | 'status' | 'q' | 'sort' | 'cursor' | 'pageSize'>>;

/** `total`: the groups standing on the day (or, with `status: 'dissolved'`, those dissolved by then); `dissolved`: those apart. */
export type { GroupPage };

export const groupKeys = {
  all: ['groups'] as const,
  lists: () => [...groupKeys.all, 'list'] as const,
  list: (filters: GroupFilters) => [...groupKeys.lists(), filters] as const,
  details: () => [...groupKeys.all, 'detail'] as const,
  detail: (id: string, date?: string) => [...groupKeys.details(), id, date ?? null] as const,
  timelines: () => [...groupKeys.all, 'timeline'] as const,
  timeline: (id: string) => [...groupKeys.timelines(), id] as const,
  /** Everything about the members of one group, whatever the date. */
  memberLists: (id: string) => [...groupKeys.all, 'members', id] as const,
  members: (id: string, options: MembersOptions) => [...groupKeys.memberLists(id), options] as const,
  links: (id: string) => [...groupKeys.all, 'links', id] as const,
  /** The member lists of every group. */
  allMembers: () => [...groupKeys.all, 'members'] as const,
};

export interface MembersOptions {
  /** The day the members are as of; absent: today. */
  date?: string;
  /** Every membership ever, each with its period. */
  all?: boolean;
}

export function useGroups(filters: GroupFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: groupKeys.list(filters),
    queryFn: ({ signal }) => api.get<GroupPage>('/api/groups', { ...filters }, { signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
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

/** Members as of a date (leader first), or every membership ever. */
export function useGroupMembers(id: string, options: MembersOptions) {
  return useQuery({
    queryKey: groupKeys.members(id, options),
    queryFn: ({ signal }) =>
      api.get<Membership[]>(`/api/groups/${encodeURIComponent(id)}/members`, { date: options.date, all: options.all ? 'true' : undefined }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** After a membership change: that group's member lists, the people (who they can see), the audit log. */
function useMembersChanged(groupId: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: groupKeys.memberLists(groupId) });
    void client.invalidateQueries({ queryKey: peopleKeys.lists() });
    void client.invalidateQueries({ queryKey: auditKeys.all });
  };
}

export function useAddMember(groupId: string) {
  const changed = useMembersChanged(groupId);
  return useMutation({
    mutationFn: (body: { personId: string; role: MemberRole; from: string; confirmPastChange?: boolean }) =>
      api.post<Membership>(`/api/groups/${encodeURIComponent(groupId)}/members`, body),
    onSuccess: changed,
  });
}

export function useEndMember(groupId: string) {
  const changed = useMembersChanged(groupId);
  return useMutation({
    mutationFn: ({ membershipId, date, confirmPastChange }: { membershipId: string; date: string; confirmPastChange?: boolean }) =>
      api.post<Membership>(`/api/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(membershipId)}/end`, { date, confirmPastChange }),
    onSuccess: changed,
  });
}

export function useGroupLinks(id: string) {
  return useQuery({
    queryKey: groupKeys.links(id),
    queryFn: ({ signal }) => api.get<GroupLink[]>(`/api/groups/${encodeURIComponent(id)}/links`, undefined, { signal }),
  });
}

/** A link shows on both groups' pages: both lists are refreshed. */
function useLinksChanged(groupId: string) {
  const client = useQueryClient();
  return (otherId?: string) => {
    void client.invalidateQueries({ queryKey: groupKeys.links(groupId) });
    if (otherId) void client.invalidateQueries({ queryKey: groupKeys.links(otherId) });
    void client.invalidateQueries({ queryKey: auditKeys.all });
  };
}

export interface GroupLinkInput {
  otherGroupId: string;
  kind: GroupLink['kind'];
  since: string | null;
  notes: string | null;
}

export function useAddGroupLink(groupId: string) {
  const changed = useLinksChanged(groupId);
  return useMutation({
    mutationFn: (body: GroupLinkInput) => api.post<{ id: string }>(`/api/groups/${encodeURIComponent(groupId)}/links`, body),
    onSuccess: (_res, body) => changed(body.otherGroupId),
  });
}

export function useRemoveGroupLink(groupId: string) {
  const changed = useLinksChanged(groupId);
  return useMutation({
    mutationFn: (link: GroupLink) => api.delete(`/api/groups/${encodeURIComponent(groupId)}/links/${encodeURIComponent(link.id)}`),
    onSuccess: (_res, link) => changed(link.other?.id),
  });
}

/* ---- Spreadsheets: the list out, groups and members in ---- */

/**
 * The list with the same filters, every page, as .xlsx: a plain same-origin link, so the
 * session cookie goes along and the browser saves the file.
 */
export function groupExportUrl(filters: Omit<GroupFilters, 'cursor' | 'pageSize'>): string {
  const { unitId, date, type, status, q, sort } = filters;
  return withQuery('/api/groups/export', { unitId, date, type, status, q, sort });
}

/** A sheet chosen for import, with a number of its own: the same file chosen twice is read twice. */
export interface ChosenSheet {
  id: number;
  file: File;
}

export const groupImportKeys = {
  all: ['group-import'] as const,
  preview: (sheetId: number, options: GroupSheetOptions) => [...groupImportKeys.all, 'preview', sheetId, options] as const,
};

/** The file and its options, as the import routes take them: the file as the body, the options in the query. */
function importQuery(options: GroupSheetOptions, commit?: boolean) {
  return { ...(commit === undefined ? {} : { commit: String(commit) }), options: JSON.stringify(options) };
}

/**
 * What importing the sheet with these options would do; nothing is written. A query, so that a
 * change of the options asks again and the last answer stays on screen meanwhile.
 */
export function useGroupImportPreview(sheet: ChosenSheet | null, options: GroupSheetOptions) {
  return useQuery({
    queryKey: groupImportKeys.preview(sheet?.id ?? 0, options),
    queryFn: ({ signal }) =>
      upload<GroupSheetResult>('/api/groups/import', sheet!.file, { query: importQuery(options, false), contentType: spreadsheetType(sheet!.file), signal }),
    enabled: !!sheet,
    placeholderData: (previous, query) => (query?.queryKey[2] === sheet?.id ? previous : undefined),
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

export interface GroupImportCommit {
  file: File;
  options: GroupSheetOptions;
  /** Bytes sent so far out of the total. */
  onProgress?: (sent: number, total: number) => void;
}

/** Writes every row of the sheet or none, with the options the preview was shown with. */
export function useGroupImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, options, onProgress }: GroupImportCommit) =>
      upload<GroupSheetResult>('/api/groups/import', file, { query: importQuery(options, true), contentType: spreadsheetType(file), onProgress }),
    onSuccess: (result) => {
      if (!result.committed) return;
      void client.invalidateQueries({ queryKey: groupKeys.all });
      void client.invalidateQueries({ queryKey: peopleKeys.all });
      void client.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
}

/** The officer's own sheet back with its errors marked, saved by the browser. */
export function downloadGroupImportErrors(file: File, options: GroupSheetOptions): Promise<void> {
  return downloadPost('/api/groups/import/errors', file, 'loi-nhap-to-doi.xlsx', { query: importQuery(options), contentType: spreadsheetType(file) });
}

/** The .xlsx template for importing groups and members (headers, guide, allowed values, the user's areas). */
export const GROUP_TEMPLATE_URL = '/api/groups/import/template';
