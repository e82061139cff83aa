import { z } from 'zod';
import { uuid, pageQuery, pageOf } from './common.js';
import { unitRef } from './units.js';
import { newPassword } from './passwords.js';
import { phone, requiredText } from './text.js';

export const roles = ['admin', 'province_staff', 'commune_officer', 'group_leader', 'viewer'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

export const username = z
  .string()
  .trim()
  .min(3)
  .max(50)
  .regex(/^[a-zA-Z0-9._-]+$/, 'username');

/** A new password: its rules (length, common passwords…) are checked by the server with reasons, see passwords.ts. */
export const password = newPassword;

export const user = z.object({
  id: uuid,
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role,
  scope: unitRef.nullable(),
  disabled: z.boolean(),
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof user>;

export const userListQuery = pageQuery.extend({
  q: z.string().max(100).optional(),
  role: role.optional(),
  status: z.enum(['active', 'disabled']).optional(),
  unitId: uuid.optional(),
});
export type UserListQuery = z.infer<typeof userListQuery>;
export const userPage = pageOf(user);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((s) => (s === '' ? null : s));

export const userCreate = z.object({
  username,
  fullName: requiredText(200),
  email: optionalText(200).pipe(z.string().email().nullable().optional()),
  /** Stored as its digits (0912345678). */
  phone: optionalText(30).pipe(phone.nullable().optional()),
  role,
  scopeUnitId: uuid.nullable(),
  /** When absent, a one-time password is generated and returned once. */
  password: password.optional(),
});
export type UserCreate = z.infer<typeof userCreate>;

export const userUpdate = userCreate.omit({ username: true, password: true }).partial();
export type UserUpdate = z.infer<typeof userUpdate>;

export const userCreated = z.object({ user, temporaryPassword: z.string().nullable() });
export const temporaryPassword = z.object({ temporaryPassword: z.string() });

export const roleSetting = z.object({ role, requireTotp: z.boolean() });
export type RoleSetting = z.infer<typeof roleSetting>;
export const roleSettingUpdate = z.object({ requireTotp: z.boolean() });

/** A user whose scope unit has ended (a reform), with the units that succeeded it. */
export const endedScope = z.object({
  user,
  endedOn: z.string(),
  proposals: z.array(unitRef.extend({ share: z.enum(['full', 'partial']) })),
});
export type EndedScope = z.infer<typeof endedScope>;
