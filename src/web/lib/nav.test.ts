import { describe, expect, it } from 'vitest';
import { activePath } from './nav.js';

describe('the active menu item', () => {
  const paths = ['/', '/users', '/units', '/units/placements', '/units/villages/import', '/units/import'];
  it('prefers the most specific section', () => {
    expect(activePath('/units/placements', paths)).toBe('/units/placements');
    expect(activePath('/units/villages/import', paths)).toBe('/units/villages/import');
    expect(activePath('/units/0190a0a0-0000-7000-8000-000000000001', paths)).toBe('/units');
    expect(activePath('/units', paths)).toBe('/units');
    expect(activePath('/users/ended-scopes', paths)).toBe('/users');
    expect(activePath('/', paths)).toBe('/');
    expect(activePath('/security', paths)).toBeNull();
  });
});
