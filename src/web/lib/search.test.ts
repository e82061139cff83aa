import { describe, expect, it } from 'vitest';
import { compact, isoDate, isoMonthOrDate, oneOf, page, str, uuid } from './search.js';

describe('search param readers', () => {
  it('keeps only what fits', () => {
    expect(str('  ')).toBeUndefined();
    expect(str('Nguyễn')).toBe('Nguyễn');
    expect(str(12)).toBe('12');
    expect(oneOf('admin', ['admin', 'viewer'] as const)).toBe('admin');
    expect(oneOf('root', ['admin', 'viewer'] as const)).toBeUndefined();
    expect(page('3')).toBe(3);
    expect(page(1)).toBeUndefined();
    expect(page('-2')).toBeUndefined();
    expect(page('x')).toBeUndefined();
    expect(isoDate('2018-05-11')).toBe('2018-05-11');
    expect(isoDate('11/5/2018')).toBeUndefined();
    expect(uuid('0190a0a0-0000-7000-8000-000000000001')).toBeDefined();
    expect(uuid('1; drop table')).toBeUndefined();
    expect(compact({ a: 1, b: undefined, c: '' })).toEqual({ a: 1 });
  });

  it('reads a month or a day', () => {
    expect(isoMonthOrDate('2018-04')).toBe('2018-04');
    expect(isoMonthOrDate('2018-04-30')).toBe('2018-04-30');
    expect(isoMonthOrDate('2018-13')).toBeUndefined();
    expect(isoMonthOrDate('4/2018')).toBeUndefined();
  });
});
