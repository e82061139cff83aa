import { describe, expect, it } from 'vitest';
import { diffFields, displayValue, jsonEqual } from './diff.js';

describe('audit diff', () => {
  it('marks changed, same, added and removed fields in order', () => {
    const rows = diffFields(
      { fullName: 'Nguyễn Văn A', role: 'viewer', phone: '0912', scope: { id: 'u1', name: 'Xã A' } },
      { fullName: 'Nguyễn Văn A', role: 'commune_officer', scope: { name: 'Xã A', id: 'u1' }, email: 'a@b.vn' },
    );
    expect(rows.map((r) => [r.field, r.kind])).toEqual([
      ['fullName', 'same'],
      ['role', 'changed'],
      ['phone', 'removed'],
      ['scope', 'same'],
      ['email', 'added'],
    ]);
  });

  it('treats a missing side as empty (creation, deletion)', () => {
    expect(diffFields(null, { code: '58' })).toEqual([{ field: 'code', before: undefined, after: '58', kind: 'added' }]);
    expect(diffFields({ code: '58' }, null)).toEqual([{ field: 'code', before: '58', after: undefined, kind: 'removed' }]);
    expect(diffFields(null, null)).toEqual([]);
    expect(diffFields('a', 'b')).toEqual([{ field: 'value', before: 'a', after: 'b', kind: 'changed' }]);
  });

  it('compares JSON deeply', () => {
    expect(jsonEqual([1, { a: 2 }], [1, { a: 2 }])).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });

  it('shows values plainly', () => {
    expect(displayValue(null)).toBe('—');
    expect(displayValue(true)).toBe('true');
    expect(displayValue({ id: 'x', code: '58', name: 'Ninh Thuận' })).toBe('Ninh Thuận (58)');
    expect(displayValue(['a'])).toBe('["a"]');
  });
});
