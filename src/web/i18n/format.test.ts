import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, parseVietnameseDate, todayIso } from './format.js';

describe('Vietnamese formats', () => {
  it('writes calendar dates as d/M/yyyy without a time-zone shift', () => {
    expect(formatDate('2018-05-11')).toBe('11/5/2018');
    expect(formatDate('2025-07-01')).toBe('1/7/2025');
    expect(formatDate('2018-05-11', 'en')).toBe('11 May 2018');
  });

  it('writes timestamps in local time with hours and minutes', () => {
    const local = new Date(2018, 4, 11, 14, 5, 30);
    expect(formatDateTime(local)).toBe('11/5/2018 14:05');
    expect(formatDateTime(local.toISOString())).toBe('11/5/2018 14:05');
  });

  it('groups thousands with a dot in Vietnamese', () => {
    expect(formatNumber(2596)).toBe('2.596');
    expect(formatNumber(4425000)).toBe('4.425.000');
    expect(formatNumber(2596, 'en')).toBe('2,596');
  });

  it('leaves empty values empty and unknown ones as they are', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDateTime(undefined)).toBe('');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('reads dates typed the Vietnamese way', () => {
    expect(parseVietnameseDate('11/5/2018')).toBe('2018-05-11');
    expect(parseVietnameseDate('01/07/2025')).toBe('2025-07-01');
    expect(parseVietnameseDate('2025-07-01')).toBe('2025-07-01');
    expect(parseVietnameseDate('31/2/2025')).toBeNull();
    expect(parseVietnameseDate('hôm qua')).toBeNull();
  });

  it('gives today as an ISO date', () => {
    expect(todayIso(new Date(2026, 0, 9))).toBe('2026-01-09');
  });
});
