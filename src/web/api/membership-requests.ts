import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IncomingMembershipRequest, MembershipRequestCreate, SentMembershipRequest } from '../../shared/membership-requests.js';
import { api } from './client.js';
import { groupKeys } from './groups.js';
import { peopleKeys } from './people.js';

export const membershipRequestKeys = {
  all: ['membership-requests'] as const,
  sent: () => [...membershipRequestKeys.all, 'sent'] as const,
  incoming: () => [...membershipRequestKeys.all, 'incoming'] as const,
};

/** Requests sent for groups of the user's area, newest first. */
export function useSentRequests() {
  return useQuery({
    queryKey: membershipRequestKeys.sent(),
    queryFn: ({ signal }) => api.get<SentMembershipRequest[]>('/api/membership-requests/sent', undefined, { signal }),
  });
}

/** Pending requests naming people registered in the user's area, oldest first. */
export function useIncomingRequests() {
  return useQuery({
    queryKey: membershipRequestKeys.incoming(),
    queryFn: ({ signal }) => api.get<IncomingMembershipRequest[]>('/api/membership-requests/incoming', undefined, { signal }),
  });
}

/** Sends a request; the client chooses its id, so that a retry after a lost answer is not stored twice. */
export function useCreateRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MembershipRequestCreate & { id: string }) => api.post<SentMembershipRequest>('/api/membership-requests', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: membershipRequestKeys.sent() }),
  });
}

function useDecision<V>(call: (v: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: membershipRequestKeys.all });
      // An approval writes a membership: the group's members and the people lists change.
      void client.invalidateQueries({ queryKey: groupKeys.allMembers() });
      void client.invalidateQueries({ queryKey: peopleKeys.all });
    },
  });
}

export const useApproveRequest = () => useDecision((id: string) => api.post<IncomingMembershipRequest>(`/api/membership-requests/${encodeURIComponent(id)}/approve`));
export const useDeclineRequest = () =>
  useDecision(({ id, reason }: { id: string; reason: string }) => api.post<IncomingMembershipRequest>(`/api/membership-requests/${encodeURIComponent(id)}/decline`, { reason }));
export const useWithdrawRequest = () => useDecision((id: string) => api.post<SentMembershipRequest>(`/api/membership-requests/${encodeURIComponent(id)}/withdraw`));
