import { describe, expect, it } from 'vitest';
import { addDays, bestDateFor, isValidAt, lastDay, monthEnd } from './dates.js';

describe('calendar dates', () => {
  it('steps over month, year and leap-day boundaries', () => {
    expect(lastDay('2025-07-01')).toBe('2025-06-30');
    expect(lastDay('2025-01-01')).toBe('2024-12-31');
    expect(lastDay('2024-03-01')).toBe('2024-02-29');
    expect(addDays('2025-06-30', 1)).toBe('2025-07-01');
  });

  it('treats the end of a period as exclusive', () => {
    const phuocMy = { validFrom: '1900-01-01', validTo: '2025-07-01' };
    expect(isValidAt(phuocMy, '2018-04-30')).toBe(true);
    expect(isValidAt(phuocMy, '2025-06-30')).toBe(true);
    expect(isValidAt(phuocMy, '2025-07-01')).toBe(false);
    const baoAn = { validFrom: '2025-07-01', validTo: null };
    expect(isValidAt(baoAn, '2025-06-30')).toBe(false);
    expect(isValidAt(baoAn, '2025-07-01')).toBe(true);
    expect(isValidAt(baoAn, '2099-01-01')).toBe(true);
  });

  it('shows an ended unit on its last day, and one yet to come on its first', () => {
    expect(bestDateFor({ validFrom: '1900-01-01', validTo: '2025-07-01' }, '2026-01-15')).toBe('2025-06-30');
    expect(bestDateFor({ validFrom: '2025-07-01', validTo: null }, '2026-01-15')).toBe('2026-01-15');
    expect(bestDateFor({ validFrom: '2027-01-01', validTo: null }, '2026-01-15')).toBe('2027-01-01');
  });

  it('finds the last day of a month', () => {
    expect(monthEnd('2018-04')).toBe('2018-04-30');
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(monthEnd('2025-12')).toBe('2025-12-31');
  });
});
