import { passwordRuleProblems, type PasswordProblem as RuleProblem } from '../../../shared/passwords.js';

/**
 * The password rules the server enforces (src/shared/passwords.ts), checked before sending so
 * the user learns early. Only the list of common and breached passwords stays on the server.
 */
export type PasswordProblem = Exclude<RuleProblem, 'common'> | 'mismatch' | 'sameAsCurrent';

export function passwordProblems(input: {
  newPassword: string;
  confirm: string;
  currentPassword?: string;
  username?: string;
  /** The account has a second factor enrolled: 8 characters are enough. */
  secondFactor?: boolean;
}): PasswordProblem[] {
  const { newPassword, confirm, currentPassword, username, secondFactor } = input;
  const problems: PasswordProblem[] = passwordRuleProblems(newPassword, { username, secondFactor }).filter(
    (p): p is Exclude<RuleProblem, 'common'> => p !== 'common',
  );
  if (currentPassword && newPassword === currentPassword) problems.push('sameAsCurrent');
  if (newPassword !== confirm) problems.push('mismatch');
  return problems;
}
