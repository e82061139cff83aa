import { describe, expect, it } from 'vitest';
import { putReminderOff, reminderDue, reminderKey, REMINDER_PAUSE_MS } from './totpReminder.js';

function memoryStore() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

const now = Date.UTC(2026, 11, 3, 9);
const user = { id: 'u1', totpEnabled: false, totpRequired: false };

describe('the two-factor reminder', () => {
  it('shows until put off, stays away for a week, and comes back after it', () => {
    const store = memoryStore();
    expect(reminderDue(user, now, store)).toBe(true);
    putReminderOff(user.id, now, store);
    expect(reminderDue(user, now + 1000, store)).toBe(false);
    expect(reminderDue(user, now + REMINDER_PAUSE_MS - 1, store)).toBe(false);
    expect(reminderDue(user, now + REMINDER_PAUSE_MS + 1, store)).toBe(true);
  });

  it('is put off for one user only', () => {
    const store = memoryStore();
    putReminderOff('u1', now, store);
    expect(reminderDue({ ...user, id: 'u2' }, now, store)).toBe(true);
    expect([...store.items.keys()]).toEqual([reminderKey('u1')]);
  });

  it('never shows once two-factor is on, and cannot be put off when the role requires it', () => {
    const store = memoryStore();
    putReminderOff(user.id, now, store);
    expect(reminderDue({ ...user, totpRequired: true }, now, store)).toBe(true);
    expect(reminderDue({ ...user, totpEnabled: true }, now, memoryStore())).toBe(false);
  });

  it('shows when the browser keeps nothing, or kept something unreadable', () => {
    expect(reminderDue(user, now, null)).toBe(true);
    const store = memoryStore();
    store.setItem(reminderKey(user.id), 'soon');
    expect(reminderDue(user, now, store)).toBe(true);
  });
});
