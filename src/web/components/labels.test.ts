import { describe, expect, it } from 'vitest';
import { initials, unitTitle } from './labels.js';

describe('labels', () => {
  it('names a unit with its kind once', () => {
    expect(unitTitle({ name: 'Phước Dinh', kind: 'Xã' })).toBe('Xã Phước Dinh');
    expect(unitTitle({ name: 'Xã Phước Dinh', kind: 'Xã' })).toBe('Xã Phước Dinh');
    expect(unitTitle({ name: 'Ninh Thuận', kind: 'Tỉnh' })).toBe('Tỉnh Ninh Thuận');
    expect(unitTitle({ name: 'Hà Nội', kind: 'Thành phố Trung ương' })).toBe('Thành phố Hà Nội');
    expect(unitTitle({ name: 'Thành phố Hồ Chí Minh', kind: 'Thành phố Trung ương' })).toBe('Thành phố Hồ Chí Minh');
  });

  it('makes initials from a Vietnamese name (family name and given name)', () => {
    expect(initials('Nguyễn Văn An')).toBe('NA');
    expect(initials('đạt')).toBe('Đ');
    expect(initials('  ')).toBe('?');
  });
});
