import { describe, expect, it } from 'vitest';
import type { Me } from '../../../shared/auth.js';
import { can, canImportUnits, canManageVillages, canWriteUnits, forcedPath, safeRedirect } from './access.js';

const base: Me = {
  id: '0190a0a0-0000-7000-8000-000000000001',
  username: 'canbo',
  fullName: 'Nguyễn Văn A',
  email: null,
  phone: null,
  role: 'commune_officer',
  scope: null,
  disabled: false,
  totpEnabled: false,
  mustChangePassword: false,
  lastLoginAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  permissions: ['users.read', 'units.read'],
  mustEnrollTotp: false,
  totpRequired: false,
  language: 'vi',
};

describe('access', () => {
  it('checks permissions', () => {
    expect(can(base, 'users.read')).toBe(true);
    expect(can(base, 'users.write')).toBe(false);
    expect(can(null, 'users.read')).toBe(false);
  });

  it('forces a password change before the second factor', () => {
    expect(forcedPath(base)).toBeNull();
    expect(forcedPath({ ...base, mustEnrollTotp: true })).toBe('/security');
    expect(forcedPath({ ...base, mustChangePassword: true, mustEnrollTotp: true })).toBe('/change-password');
  });

  it('only returns to pages of this app', () => {
    expect(safeRedirect('/users?page=2')).toBe('/users?page=2');
    expect(safeRedirect('https://example.org/')).toBeNull();
    expect(safeRedirect('//example.org/')).toBeNull();
    expect(safeRedirect('/\\example.org')).toBeNull();
    expect(safeRedirect('/login?redirect=%2F')).toBeNull();
    expect(safeRedirect(undefined)).toBeNull();
  });

  it('lets village writers change villages only', () => {
    const villages = { ...base, permissions: ['units.read', 'villages.write'] as unknown as Me['permissions'] };
    expect(canWriteUnits(villages, 'village')).toBe(true);
    expect(canWriteUnits(villages, 'commune')).toBe(false);
    expect(canWriteUnits(base, 'village')).toBe(false);
    expect(canWriteUnits({ ...base, permissions: ['units.write'] }, 'province')).toBe(true);
    expect(canWriteUnits(null, 'village')).toBe(false);
  });

  it('lets only a nationwide unit writer import the official list, and village writers place villages', () => {
    const perms = (p: string[]) => p as unknown as Me['permissions'];
    const admin = { ...base, role: 'admin' as const, permissions: perms(['units.read', 'units.write', 'villages.write']) };
    const scopedAdmin = { ...admin, scope: { id: base.id, code: '56', name: 'Khánh Hòa', level: 'province' as const, kind: 'Tỉnh' } };
    const officer = { ...base, permissions: perms(['units.read', 'villages.write']) };
    expect(canImportUnits(admin)).toBe(true);
    expect(canImportUnits(scopedAdmin)).toBe(false);
    expect(canImportUnits(officer)).toBe(false);
    expect(canManageVillages(officer)).toBe(true);
    expect(canManageVillages(scopedAdmin)).toBe(true);
    expect(canManageVillages(base)).toBe(false);
  });
});
