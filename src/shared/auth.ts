import { z } from 'zod';
import { language } from './common.js';
import { user, password } from './users.js';
import { unitRef } from './units.js';

export const loginRequest = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
  totp: z.string().trim().regex(/^\d{6}$/, 'totp').optional(),
});
export type LoginRequest = z.infer<typeof loginRequest>;

export const permissions = [
  'users.read',
  'users.write',
  'units.read',
  'units.write',
  'audit.read',
  'roles.write',
  /** Villages and neighbourhoods under one's own communes (commune officers). */
  'villages.write',
  /** Add, edit and retire model types (national, or of one's province). */
  'model_types.write',
  'groups.read',
  /** Register groups and change their status and area (commune officers, admins). */
  'groups.write',
  /** See a citizen ID number in full (each time audited). */
  'people.reveal',
] as const;
export type Permission = (typeof permissions)[number];

export const me = user.extend({
  permissions: z.array(z.enum(permissions)),
  /** The role demands TOTP and the user has none: only enrolment is allowed. */
  mustEnrollTotp: z.boolean(),
  totpRequired: z.boolean(),
  language,
  /**
   * The user's area ended in a reorganisation: the day it ended, its last day, and the units
   * that took its place. Until an administrator re-scopes them they read its past only.
   */
  scopeEnded: z.object({ on: z.string(), lastDay: z.string(), successors: z.array(unitRef) }).nullable().optional(),
});
export type Me = z.infer<typeof me>;

export const session = z.object({ user: me, csrfToken: z.string() });
export type Session = z.infer<typeof session>;

export const passwordChange = z.object({ currentPassword: z.string().min(1).max(200), newPassword: password });
export const totpSetup = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() });
export type TotpSetup = z.infer<typeof totpSetup>;
/** Replacing an active second factor needs the password, so a stolen session cannot swap it. */
export const totpSetupRequest = z.object({ password: z.string().max(200).optional() });
export const totpEnable = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'totp') });
export const totpDisable = z.object({ password: z.string().min(1).max(200) });
export const preferences = z.object({ language });
