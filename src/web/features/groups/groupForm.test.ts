import { describe, expect, it } from 'vitest';
import { emptyGroupForm, validateGroupCreate, validateGroupUpdate, validateStatusChange } from './groupForm.js';

const filled = {
  ...emptyGroupForm('2026-01-01'),
  typeCode: 'to-tu-quan',
  name: ' Tổ nhân dân tự quản khu phố 1 ',
  unitId: '0190a8f0-0000-7000-8000-000000000001',
  foundedOn: '2010-03-15',
  decisionNumber: '12/QĐ-UBND',
};

describe('group form', () => {
  it('asks for type, name, area and founding date', () => {
    const r = validateGroupCreate({ ...emptyGroupForm('2026-01-01'), foundedOn: null });
    expect(r).toEqual({ errors: { typeCode: 'form.errors.type', name: 'form.errors.name', unitId: 'form.errors.area', foundedOn: 'form.errors.foundedOn' } });
  });

  it('trims and sends empty optional fields as null', () => {
    const r = validateGroupCreate(filled);
    expect(r).toMatchObject({ body: { name: 'Tổ nhân dân tự quản khu phố 1', decisionNumber: '12/QĐ-UBND', contactPhone: null, notes: null } });
  });

  it('checks the phone number and the decision date', () => {
    expect(validateGroupCreate({ ...filled, contactPhone: 'abc' })).toEqual({ errors: { contactPhone: 'form.errors.phone' } });
    expect(validateGroupCreate({ ...filled, decisionDate: '2011-01-01' })).toEqual({ errors: { decisionDate: 'form.errors.decisionAfterFounding' } });
    expect(validateGroupCreate({ ...filled, contactPhone: '0259 3822 123' })).toMatchObject({ body: { contactPhone: '0259 3822 123' } });
  });

  it('sends only the changed details on edit', () => {
    const initial = { ...filled, name: 'A' };
    expect(validateGroupUpdate({ ...initial, notes: 'Họp hằng tháng' }, initial)).toEqual({ body: { notes: 'Họp hằng tháng' } });
    expect(validateGroupUpdate({ ...initial, decisionNumber: '' }, initial)).toEqual({ body: { decisionNumber: null } });
    expect(validateGroupUpdate(initial, initial)).toEqual({ body: {} });
  });

  it('refuses the same status, or a date not after the current one', () => {
    const v = { status: 'active' as const, date: '2019-06-01', reason: '', decisionNumber: '', decisionDate: null, decisionIssuer: '' };
    expect(validateStatusChange(v, { status: 'active', since: '2010-03-15' })).toEqual({ errors: { status: 'status.errors.same' } });
    expect(validateStatusChange({ ...v, status: 'dissolved', date: '2010-03-15' }, { status: 'active', since: '2010-03-15' })).toEqual({
      errors: { date: 'status.errors.order' },
    });
    expect(validateStatusChange({ ...v, status: 'dissolved', reason: ' Không còn hoạt động ' }, { status: 'active', since: '2010-03-15' })).toEqual({
      body: { status: 'dissolved', date: '2019-06-01', reason: 'Không còn hoạt động', decisionNumber: null, decisionDate: null, decisionIssuer: null },
    });
  });
});
