import { passwordRuleProblems } from '../../../shared/passwords.js';
import { userCreate, userUpdate, type Role, type User, type UserCreate, type UserUpdate } from '../../../shared/users.js';

export interface UserFormValues {
  username: string;
  fullName: string;
  email: string;
  phone: string;
  role: Role | null;
  scopeUnitId: string | null;
  password: string;
}

export type UserField = keyof UserFormValues;
/** Field → i18n key (in the users namespace) of what is wrong with it. */
export type UserFormErrors = Partial<Record<UserField, string>>;

/** Roles that may work nationwide, i.e. without a scope unit. */
export const nationwideRoles: readonly Role[] = ['admin', 'viewer'];

export const emptyUserForm: UserFormValues = {
  username: '',
  fullName: '',
  email: '',
  phone: '',
  role: null,
  scopeUnitId: null,
  password: '',
};

export function userToForm(user: User): UserFormValues {
  return {
    username: user.username,
    fullName: user.fullName,
    email: user.email ?? '',
    phone: user.phone ?? '',
    role: user.role,
    scopeUnitId: user.scope?.id ?? null,
    password: '',
  };
}

const messages: Record<UserField, string> = {
  username: 'form.errors.username',
  fullName: 'form.errors.fullName',
  email: 'form.errors.email',
  phone: 'form.errors.phone',
  role: 'form.errors.role',
  scopeUnitId: 'form.errors.scope',
  password: 'form.errors.password',
};

function collect(issues: readonly { path: readonly PropertyKey[] }[]): UserFormErrors {
  const errors: UserFormErrors = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && field in messages) errors[field as UserField] = messages[field as UserField];
  }
  return errors;
}

function scopeRule(v: UserFormValues, errors: UserFormErrors): void {
  if (v.role && !nationwideRoles.includes(v.role) && !v.scopeUnitId) errors.scopeUnitId = 'form.errors.scopeRequired';
}

/** Checks a new user against the shared contract; returns the body to send or the errors. */
export function validateCreate(v: UserFormValues): { body: UserCreate } | { errors: UserFormErrors } {
  const parsed = userCreate.safeParse({
    username: v.username,
    fullName: v.fullName,
    email: v.email,
    phone: v.phone,
    role: v.role,
    scopeUnitId: v.scopeUnitId,
    password: v.password === '' ? undefined : v.password,
  });
  const errors = parsed.success ? {} : collect(parsed.error.issues);
  scopeRule(v, errors);
  // The server's password rules (a new account has no second factor yet); the list of common
  // passwords is checked by the server.
  if (v.password !== '' && passwordRuleProblems(v.password, { username: v.username }).length > 0) errors.password = messages.password;
  if (!parsed.success || Object.keys(errors).length > 0) return { errors };
  return { body: parsed.data };
}

/** Checks an edit; sends only the fields that changed. */
export function validateUpdate(
  v: UserFormValues,
  before: UserFormValues,
): { body: UserUpdate } | { errors: UserFormErrors } {
  const changed: Record<string, unknown> = {};
  const fields = ['fullName', 'email', 'phone', 'role', 'scopeUnitId'] as const;
  for (const f of fields) if (v[f] !== before[f]) changed[f] = v[f];
  const parsed = userUpdate.safeParse(changed);
  const errors = parsed.success ? {} : collect(parsed.error.issues);
  scopeRule(v, errors);
  if (!parsed.success || Object.keys(errors).length > 0) return { errors };
  return { body: parsed.data };
}
