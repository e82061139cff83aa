import { describe, expect, it } from 'vitest';
import { passwordProblems } from './passwordRules.js';

describe('password rules', () => {
  it('accepts ten characters with letters and digits that match', () => {
    expect(passwordProblems({ newPassword: 'Matkhau2026', confirm: 'Matkhau2026' })).toEqual([]);
    expect(passwordProblems({ newPassword: 'mậtkhẩu2026', confirm: 'mậtkhẩu2026' })).toEqual([]);
  });

  it('names every problem', () => {
    expect(passwordProblems({ newPassword: 'abc1', confirm: 'abc1' })).toEqual(['tooShort']);
    expect(passwordProblems({ newPassword: 'abcdefghijk', confirm: 'abcdefghijk' })).toEqual(['needsLetterAndDigit']);
    expect(passwordProblems({ newPassword: '12345678901', confirm: '12345678901' })).toEqual(['needsLetterAndDigit']);
    expect(passwordProblems({ newPassword: 'Matkhau2026', confirm: 'Matkhau2025' })).toEqual(['mismatch']);
    expect(
      passwordProblems({ newPassword: 'Matkhau2026', confirm: 'Matkhau2026', currentPassword: 'Matkhau2026' }),
    ).toEqual(['sameAsCurrent']);
    expect(passwordProblems({ newPassword: 'canbo12345x', confirm: 'canbo12345x', username: 'CanBo' })).toEqual([
      'containsUsername',
    ]);
  });
});
