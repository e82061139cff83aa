import { describe, expect, it } from 'vitest';
import { emptyUserForm, validateCreate, validateUpdate, type UserFormValues } from './userForm.js';

const unitId = '0190a0a0-0000-7000-8000-000000000009';
const good: UserFormValues = {
  ...emptyUserForm,
  username: 'canbo.xa',
  fullName: 'Trần Thị Bình',
  email: 'binh@example.vn',
  phone: '0912 345 678',
  role: 'commune_officer',
  scopeUnitId: unitId,
};

describe('user form', () => {
  it('builds the create body from valid values, empty text as null', () => {
    const r = validateCreate({ ...good, email: '' });
    expect(r).toEqual({
      body: {
        username: 'canbo.xa',
        fullName: 'Trần Thị Bình',
        email: null,
        phone: '0912345678',
        role: 'commune_officer',
        scopeUnitId: unitId,
      },
    });
  });

  it('names each wrong field', () => {
    const r = validateCreate({ ...good, username: 'a b', email: 'not-mail', phone: 'abc', fullName: ' ', password: 'short' });
    expect('errors' in r && r.errors).toEqual({
      username: 'form.errors.username',
      fullName: 'form.errors.fullName',
      email: 'form.errors.email',
      phone: 'form.errors.phone',
      password: 'form.errors.password',
    });
  });

  it('holds a chosen first password to the server rules, before sending', () => {
    const tooShort = validateCreate({ ...good, password: 'Mat-khau-26' });
    expect('errors' in tooShort && tooShort.errors).toEqual({ password: 'form.errors.password' });
    const withName = validateCreate({ ...good, password: 'canbo.xa-2026-mới' });
    expect('errors' in withName && withName.errors).toEqual({ password: 'form.errors.password' });
    const ok = validateCreate({ ...good, password: 'mưa rơi trên phố' });
    expect('body' in ok && ok.body.password).toBe('mưa rơi trên phố');
  });

  it('asks for a role, and for a scope unless the role is nationwide', () => {
    const r = validateCreate({ ...good, role: null, scopeUnitId: null });
    expect('errors' in r && r.errors.role).toBe('form.errors.role');
    const officer = validateCreate({ ...good, scopeUnitId: null });
    expect('errors' in officer && officer.errors.scopeUnitId).toBe('form.errors.scopeRequired');
    expect('body' in validateCreate({ ...good, role: 'viewer', scopeUnitId: null })).toBe(true);
    expect('body' in validateCreate({ ...good, role: 'admin', scopeUnitId: null })).toBe(true);
  });

  it('sends only what changed on edit', () => {
    const r = validateUpdate({ ...good, fullName: 'Trần Thị B', phone: '' }, good);
    expect(r).toEqual({ body: { fullName: 'Trần Thị B', phone: null } });
    expect(validateUpdate(good, good)).toEqual({ body: {} });
  });
});
