import { describe, expect, it } from 'vitest';
import { passwordProblems } from './passwordRules.js';

describe('password rules', () => {
  it('accepts twelve characters that match, without composition rules', () => {
    expect(passwordProblems({ newPassword: 'buoisangsom', confirm: 'buoisangsom' })).toEqual(['tooShort']);
    expect(passwordProblems({ newPassword: 'buoi sang som', confirm: 'buoi sang som' })).toEqual([]);
    expect(passwordProblems({ newPassword: 'mậtkhẩu2026', confirm: 'mậtkhẩu2026' })).toEqual(['tooShort']);
    expect(passwordProblems({ newPassword: 'mậtkhẩu2026', confirm: 'mậtkhẩu2026', secondFactor: true })).toEqual([]);
  });

  it('names every problem', () => {
    expect(passwordProblems({ newPassword: 'abc1', confirm: 'abc1' })).toEqual(['tooShort']);
    expect(passwordProblems({ newPassword: 'aaaaaaaaaaaa', confirm: 'aaaaaaaaaaaa' })).toEqual(['repetitive']);
    expect(passwordProblems({ newPassword: 'abcdefghijklm', confirm: 'abcdefghijklm' })).toEqual(['sequential']);
    expect(passwordProblems({ newPassword: 'Tự Quản của tôi', confirm: 'Tự Quản của tôi' })).toEqual(['containsProductName']);
    expect(passwordProblems({ newPassword: 'Chiều hôm nay', confirm: 'Chiều hôm qua' })).toEqual(['mismatch']);
    expect(
      passwordProblems({ newPassword: 'Chiều hôm nay', confirm: 'Chiều hôm nay', currentPassword: 'Chiều hôm nay' }),
    ).toEqual(['sameAsCurrent']);
    expect(passwordProblems({ newPassword: 'canbo12345xyz', confirm: 'canbo12345xyz', username: 'CanBo' })).toEqual([
      'containsUsername',
    ]);
  });
});
