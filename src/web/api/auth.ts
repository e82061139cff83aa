import { createContext, useContext } from 'react';
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { LoginRequest, Me, Session, TotpSetup } from '../../shared/auth.js';
import type { Language } from '../../shared/common.js';
import { api, isApiError, setCsrfToken } from './client.js';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

/*
 * The session cookie is HttpOnly, so the page cannot see it. This flag, set at a login and cleared
 * at a logout or a refused session, says whether asking the server is worth it: a browser logs
 * every 401 in its console, and the login page would otherwise log one at each visit.
 */
const SIGNED_IN_HINT = 'tq.signedIn';

function setSignedInHint(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SIGNED_IN_HINT, '1');
    else localStorage.removeItem(SIGNED_IN_HINT);
  } catch {
    // Storage refused (private mode): the server is then always asked.
  }
}

function mayBeSignedIn(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN_HINT) !== null;
  } catch {
    return true;
  }
}

/** The signed-in user, or null. A 401 here is an answer, not an error. */
export async function fetchMe(): Promise<Me | null> {
  if (!mayBeSignedIn()) {
    setCsrfToken(null);
    return null;
  }
  try {
    const session = await api.get<Session>('/api/auth/me', undefined, { allowUnauthenticated: true });
    setCsrfToken(session.csrfToken);
    return session.user;
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      setCsrfToken(null);
      setSignedInHint(false);
      return null;
    }
    throw e;
  }
}

export const meQuery = queryOptions({
  queryKey: authKeys.me(),
  queryFn: fetchMe,
  staleTime: 60_000,
});

export function useMe(): Me | null {
  return useQuery(meQuery).data ?? null;
}

/**
 * The user the protected frame was drawn for, handed down by it. Each `useQuery` reads the cache
 * on its own schedule, so at a logout a page inside the frame could see no user while the frame
 * still does; reading the frame's user keeps the whole screen on one answer until it is left.
 */
export const SignedInUser = createContext<Me | null>(null);

/** The signed-in user inside the protected part of the app, where one always exists. */
export function useCurrentUser(): Me {
  const frame = useContext(SignedInUser);
  const me = useMe();
  const user = frame ?? me;
  if (!user) throw new Error('No signed-in user');
  return user;
}

export function setSession(client: QueryClient, session: Session | null): void {
  setCsrfToken(session?.csrfToken ?? null);
  setSignedInHint(session !== null);
  client.setQueryData(authKeys.me(), session?.user ?? null);
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => api.post<Session>('/api/auth/login', body, { allowUnauthenticated: true }),
    onSuccess: (session) => {
      // Another user's cached data must not survive a login.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      setSession(client, session);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/auth/logout', undefined, { allowUnauthenticated: true }),
    onSettled: () => {
      setSession(client, null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    },
  });
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post<void>('/api/auth/password', body),
    onSuccess: () => client.invalidateQueries({ queryKey: authKeys.me() }),
  });
}

export function savePreferences(language: Language): Promise<void> {
  return api.put<void>('/api/auth/preferences', { language });
}

/** Starts enrolment; replacing an active second factor would need the password. */
export function useTotpSetup() {
  return useMutation({
    mutationFn: (password?: string) => api.post<TotpSetup>('/api/auth/totp/setup', password ? { password } : {}),
  });
}

export function useTotpEnable() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post<void>('/api/auth/totp/enable', { code }),
    onSuccess: () => client.invalidateQueries({ queryKey: authKeys.me() }),
  });
}

export function useTotpDisable() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api.post<void>('/api/auth/totp/disable', { password }),
    onSuccess: () => client.invalidateQueries({ queryKey: authKeys.me() }),
  });
}
