import type { Permission } from '../../shared/auth.js';
import type { Actor, RequestContext } from '../context.js';
import { fail } from '../lib/errors.js';

/** The one check every service starts with: logged in, and allowed to do this kind of thing. */
export function requirePermission(ctx: RequestContext, permission: Permission): Actor {
  const actor = ctx.actor ?? fail('UNAUTHENTICATED');
  if (!actor.permissions.has(permission)) fail('FORBIDDEN');
  return actor;
}

export function requireActor(ctx: RequestContext): Actor {
  return ctx.actor ?? fail('UNAUTHENTICATED');
}
