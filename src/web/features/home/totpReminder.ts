import type { Me } from '../../../shared/auth.js';

/** How long "remind me in a week" puts the two-factor reminder off. */
export const REMINDER_PAUSE_MS = 7 * 24 * 60 * 60 * 1000;

/** The key under which this browser remembers, for one user, until when the reminder is put off. */
export const reminderKey = (userId: string) => `tq.totpReminder.${userId}`;

type Store = Pick<Storage, 'getItem' | 'setItem'>;

/** The browser's storage, or none when it refuses (private mode): the reminder then always shows. */
function browserStore(): Store | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/**
 * Should the home page remind this user to turn on two-factor? Never when it is on; always when
 * their role requires it (it cannot be put off); otherwise unless put off less than a week ago.
 */
export function reminderDue(me: Pick<Me, 'id' | 'totpEnabled' | 'totpRequired'>, now: number, store: Store | null = browserStore()): boolean {
  if (me.totpEnabled) return false;
  if (me.totpRequired || !store) return true;
  let until: number;
  try {
    until = Number(store.getItem(reminderKey(me.id)));
  } catch {
    return true;
  }
  return !(Number.isFinite(until) && until > now);
}

/** Puts the reminder off for a week, for this user in this browser. */
export function putReminderOff(userId: string, now: number, store: Store | null = browserStore()): void {
  try {
    store?.setItem(reminderKey(userId), String(now + REMINDER_PAUSE_MS));
  } catch {
    // Storage refused: the reminder is hidden for this visit only.
  }
}
