import { describe, expect, it } from 'vitest';
import { childLevels, kindsOf, validOn, validateUnitCreate, type UnitFormValues } from './unitForm.js';

const parent = '0190a0a0-0000-7000-8000-000000000001';
const good: UnitFormValues = {
  code: '22831',
  name: 'Phước Dinh',
  level: 'commune',
  kind: 'Xã',
  validFrom: '2008-01-01',
  validTo: null,
};

describe('unit form', () => {
  it('offers the levels that may sit under a parent', () => {
    expect(childLevels(null)).toEqual(['province']);
    expect(childLevels('province')).toEqual(['district', 'commune']);
    expect(childLevels('commune')).toEqual(['village']);
    expect(childLevels('village')).toEqual([]);
  });

  it('offers the kinds of a level', () => {
    expect(kindsOf('commune')).toContain('Phường');
    expect(kindsOf('village')).toContain('Tổ dân phố');
    expect(kindsOf(null)).toEqual([]);
  });

  it('builds the create body', () => {
    expect(validateUnitCreate(good, parent)).toEqual({
      body: { code: '22831', name: 'Phước Dinh', level: 'commune', kind: 'Xã', parentId: parent, validFrom: '2008-01-01', validTo: null },
    });
  });

  it('names each wrong field', () => {
    const r = validateUnitCreate({ code: 'a b', name: '', level: null, kind: null, validFrom: null, validTo: null }, parent);
    expect('errors' in r && Object.keys(r.errors).sort()).toEqual(['code', 'kind', 'level', 'name', 'validFrom']);
    const wrongKind = validateUnitCreate({ ...good, kind: 'Huyện' }, parent);
    expect('errors' in wrongKind && wrongKind.errors.kind).toBe('form.errors.kind');
    const order = validateUnitCreate({ ...good, validTo: '2008-01-01' }, parent);
    expect('errors' in order && order.errors.validTo).toBe('form.errors.periodOrder');
  });

  it('knows when a unit is valid', () => {
    const u = { validFrom: '2008-01-01', validTo: '2025-07-01' };
    expect(validOn(u, '2018-04-30')).toBe(true);
    expect(validOn(u, '2025-07-01')).toBe(false);
    expect(validOn(u, '2007-12-31')).toBe(false);
    expect(validOn({ validFrom: '2025-07-01', validTo: null }, '2026-01-01')).toBe(true);
  });
});
