import { describe, expect, it } from 'vitest';
import { roles } from '../../../shared/users.js';
import { roleIds } from './roles.js';

describe('roleIds', () => {
  it('is the shared list of roles', () => {
    expect([...roleIds]).toEqual([...roles]);
  });
});
