/** The password rules the server enforces, checked before sending so the user learns early. */
export type PasswordProblem = 'tooShort' | 'needsLetterAndDigit' | 'mismatch' | 'sameAsCurrent' | 'containsUsername';

export function passwordProblems(input: {
  newPassword: string;
  confirm: string;
  currentPassword?: string;
  username?: string;
}): PasswordProblem[] {
  const { newPassword, confirm, currentPassword, username } = input;
  const problems: PasswordProblem[] = [];
  if ([...newPassword].length < 10) problems.push('tooShort');
  if (!/\p{L}/u.test(newPassword) || !/\p{N}/u.test(newPassword)) problems.push('needsLetterAndDigit');
  if (username && username.length >= 3 && newPassword.toLowerCase().includes(username.toLowerCase())) {
    problems.push('containsUsername');
  }
  if (currentPassword && newPassword === currentPassword) problems.push('sameAsCurrent');
  if (newPassword !== confirm) problems.push('mismatch');
  return problems;
}
