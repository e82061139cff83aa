import type { Db, Engine } from './db/connection.js';
import type { Clock } from './lib/clock.js';
import type { Permission } from '../shared/auth.js';
import type { Role } from '../shared/users.js';
import type { Scope } from './auth/scope.js';
import type { IdentityCipher } from './lib/identity-cipher.js';

/** What every service needs from the outside world; built once in app.ts. */
export interface Deps {
  db: Db;
  engine: Engine;
  clock: Clock;
  /** A connection of its own for a long write, when the engine needs one (see DatabaseHandle). */
  isolate?: () => { db: Db; close(): Promise<void> };
  /** Seals and finds citizen ID numbers (see lib/identity-cipher.ts). */
  identity?: IdentityCipher;
}

/** The logged-in user as services see it: who, what they may do, and where. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  scope: Scope;
  /** The province the user works in (null for nationwide users): province-level settings follow it. */
  provinceCode?: string | null;
  permissions: ReadonlySet<Permission>;
}

/** The request as services see it, without HTTP. */
export interface RequestContext {
  actor: Actor | null;
  ip: string | null;
  requestId: string;
}
