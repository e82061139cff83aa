import { describe, expect, it } from 'vitest';
import { groupKey } from './totpKey.js';

describe('groupKey', () => {
  it('groups by four', () => {
    expect(groupKey('jbswy3dpehpk3pxp')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupKey('ABCDEF')).toBe('ABCD EF');
    expect(groupKey('AB CD')).toBe('ABCD');
    expect(groupKey('')).toBe('');
  });
});
