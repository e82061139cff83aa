import type { Permission } from '../../shared/auth.js';
import type { Role } from '../../shared/users.js';
import { rolePermissions } from '../auth/permissions.js';

/**
 * The authorization matrix: who may call which operation, on an object inside and outside their
 * area. The answers are declared per operation (authorization.declarations.ts); this file turns
 * a declaration and an actor into the answer expected, for the test that checks every operation
 * and for the table written into docs/security.md.
 */

/** The callers the matrix is checked for: the roles, at the scopes they are given, and the gate's states. */
export const actors = [
  { key: 'anonymous', label: 'anonymous', role: null, scope: null },
  { key: 'nationalAdmin', label: 'admin, nationwide', role: 'admin', scope: 'nation' },
  { key: 'provinceAdmin', label: 'admin, province', role: 'admin', scope: 'province' },
  { key: 'provinceStaff', label: 'province staff', role: 'province_staff', scope: 'province' },
  { key: 'communeOfficer', label: 'commune officer', role: 'commune_officer', scope: 'commune' },
  { key: 'groupLeader', label: 'group leader', role: 'group_leader', scope: 'commune' },
  { key: 'villageViewer', label: 'viewer, village', role: 'viewer', scope: 'village' },
  /** A commune officer whose password must be changed first: only the account pages are open. */
  { key: 'passwordPending', label: 'password change pending', role: 'commune_officer', scope: 'commune', pending: 'password' },
  /** A viewer whose role requires TOTP (the fixture requires it of viewers) and who has not enrolled yet. */
  { key: 'totpPending', label: 'TOTP enrolment pending', role: 'viewer', scope: 'village', pending: 'totp' },
] as const satisfies readonly { key: string; label: string; role: Role | null; scope: 'nation' | 'province' | 'commune' | 'village' | null; pending?: 'password' | 'totp' }[];

/** Roles the fixture requires TOTP of: their actors enrol (all but the one whose enrolment is pending). */
export const totpRoles: readonly Role[] = ['viewer'];

export type Actor = (typeof actors)[number];
export type ActorKey = Actor['key'];
/** `in`: the object lies in the caller's area; `out`: in another province. */
export type Side = 'in' | 'out';

/** What the object of a scoped operation is: its place decides whether the caller reaches it. */
export type ScopedBy = 'group' | 'person' | 'unit' | 'user' | 'area' | 'modelType' | 'membership' | 'link';

/** A request to send: the body is JSON unless a content type is given (then a Buffer). */
export interface Req {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  contentType?: string;
}

/** The fixture of one area: a commune with a village, a group there with a member, a person with a CCCD, a user, a model type of the province. */
export interface AreaFixture {
  provinceCode: string;
  commune: { id: string; code: string };
  /** Another commune of the same province, outside a commune officer's scope. */
  otherCommune: { id: string; code: string };
  village: { id: string; code: string; name: string };
  group: string;
  otherGroup: string;
  person: string;
  membership: string;
  user: string;
  modelType: string;
}

export interface Fixture {
  in: AreaFixture;
  out: AreaFixture;
  /** A user anyone may log in as (the login operation). */
  loginUser: string;
  loginPassword: string;
  /** An import job started by the nationwide administrator. */
  importJob: string;
}

/** What a check may ask for: objects made for it alone, so that a change does not spend the fixture. */
export interface Fresh {
  group(side: Side): Promise<string>;
  village(side: Side): Promise<{ id: string; code: string }>;
  person(side: Side): Promise<string>;
  membership(side: Side): Promise<{ group: string; membership: string }>;
  link(side: Side): Promise<{ group: string; link: string }>;
  /**
   * A pending membership request. `incoming`: it names a new person registered on `side` with a
   * CCCD, for a group of the other side (so the officers of `side` decide it). `sent`: made for
   * a group of `side`, naming a number no one holds (so the officers of `side` may withdraw it).
   */
  membershipRequest(side: Side, kind: 'incoming' | 'sent'): Promise<string>;
  /** A valid CCCD of the province of `side` that no one holds. */
  cccd(side: Side): string;
  /** A TOTP code for the check's caller, after starting enrolment (a fresh caller is needed). */
  totpCode(): Promise<string>;
  /** Turns TOTP on for the check's caller (a fresh caller is needed). */
  enableTotp(): Promise<void>;
  /** A number unique in this run, for codes and names. */
  n(): number;
}

export interface CheckContext {
  fx: Fixture;
  side: Side;
  actor: Actor;
  fresh: Fresh;
}

export interface Exception {
  actors: readonly ActorKey[];
  /** Which side the exception is for (both by default). */
  side?: Side;
  status: number;
  reason: string;
}

export interface Declaration {
  /**
   * What the caller needs: one of these permissions, `session` (any logged-in user, the gate
   * passed), or `public` (no session needed).
   */
  access: Permission | readonly Permission[] | 'session' | 'public';
  /** What the operation is about, when its place decides; null for operations without one object in an area. */
  scoped: ScopedBy | null;
  /** The answer when allowed. */
  ok: number;
  /** Why the answer when allowed is not a success (no fixture for it). */
  okReason?: string;
  /** The answer on an object outside the caller's scope (default 404: it is simply not found). */
  outOfScope?: number;
  /** Why the answer outside the scope is not 404. */
  outOfScopeReason?: string;
  exceptions?: readonly Exception[];
  /**
   * More to check in an allowed answer (its JSON), beyond the status: a problem to report, or
   * null. `reaches` is whether the caller's scope reaches the side's objects (in scope, or nationwide).
   */
  verify?(answer: unknown, c: CheckContext, reaches: boolean): string | null;
  /** What the answer shows of another area by design, and why (the check for names from outside the scope is then not made). */
  discloses?: string;
  /**
   * The check runs as a newly made user of the actor's role and scope (`user`), or a new session
   * of the same user (`session`), because the operation spends what it is given.
   */
  freshActor?: 'user' | 'session';
  request(c: CheckContext): Req | Promise<Req>;
}

export type Declarations = Record<string, Declaration>;

export interface Expected {
  status: number;
  /** Why: the rule of the matrix that gives this answer. */
  why: 'public' | 'anonymous' | 'pending' | 'permission' | 'scope' | 'allowed' | 'exception';
}

const nationwide = (a: Actor) => a.scope === 'nation';

/** The answer an actor should get for an operation on an object on one side. */
export function expected(operation: string, d: Declaration, actor: Actor, side: Side): Expected {
  const path = operation.split(' ')[1]!;
  const exception = d.exceptions?.find((e) => e.actors.includes(actor.key) && (e.side === undefined || e.side === side));
  // The gate holds a user with a pending password change or TOTP enrolment to the account pages, whatever the route.
  if ('pending' in actor && !path.startsWith('/api/auth/')) return { status: 403, why: 'pending' };
  if (d.access === 'public') return exception ? { status: exception.status, why: 'exception' } : { status: d.ok, why: 'public' };
  if (actor.role === null) return { status: 401, why: 'anonymous' };
  if (d.access !== 'session') {
    const wanted: readonly Permission[] = typeof d.access === 'string' ? [d.access] : d.access;
    if (!wanted.some((p) => rolePermissions[actor.role].includes(p))) return { status: 403, why: 'permission' };
  }
  if (exception) return { status: exception.status, why: 'exception' };
  if (side === 'out' && d.scoped !== null && !nationwide(actor)) return { status: d.outOfScope ?? 404, why: 'scope' };
  return { status: d.ok, why: 'allowed' };
}

/** The sides an operation is checked on: both when scoped, else one. */
export function sidesOf(d: Declaration): Side[] {
  return d.scoped === null ? ['in'] : ['in', 'out'];
}

export const MATRIX_START = '<!-- authorization-matrix:start (written by `npx tsx scripts/security-matrix.ts`; do not edit by hand) -->';
export const MATRIX_END = '<!-- authorization-matrix:end -->';

/** The matrix as a Markdown table: a row per operation, a column per actor; "200 / 404" is in scope / out of scope. */
export function matrixMarkdown(declarations: Declarations): string {
  const header = `| operation | scoped by | ${actors.map((a) => a.label).join(' | ')} |`;
  const rule = `| --- | --- | ${actors.map(() => '---').join(' | ')} |`;
  const ops = Object.keys(declarations).sort((a, b) => {
    const [ma, pa] = a.split(' ');
    const [mb, pb] = b.split(' ');
    return pa!.localeCompare(pb!) || ma!.localeCompare(mb!);
  });
  const rows = ops.map((op) => {
    const d = declarations[op]!;
    const cells = actors.map((a) => {
      const [inside, outside] = sidesOf(d).map((s) => expected(op, d, a, s).status);
      return outside === undefined || outside === inside ? String(inside) : `${inside} / ${outside}`;
    });
    return `| \`${op}\` | ${d.scoped ?? '—'} | ${cells.join(' | ')} |`;
  });
  const notes = ops.flatMap((op) => {
    const d = declarations[op]!;
    return [
      ...(d.okReason ? [`- \`${op}\`, when allowed: ${d.okReason}`] : []),
      ...(d.discloses ? [`- \`${op}\` shows ${d.discloses}`] : []),
      ...(d.outOfScopeReason ? [`- \`${op}\`, outside the scope: ${d.outOfScopeReason}`] : []),
      ...(d.exceptions ?? []).map((e) => `- \`${op}\`, ${e.actors.map((k) => actors.find((a) => a.key === k)!.label).join(', ')}${e.side ? ` (${e.side === 'in' ? 'in scope' : 'out of scope'})` : ''}: ${e.status}, ${e.reason}`),
    ];
  });
  return [header, rule, ...rows, '', 'Where the answer differs from the rule (permission → scope → allowed), or shows something of another area:', '', ...notes].join('\n');
}

/** docs/security.md with the matrix between its markers replaced. */
export function withMatrix(doc: string, declarations: Declarations): string {
  const start = doc.indexOf(MATRIX_START);
  const end = doc.indexOf(MATRIX_END);
  if (start < 0 || end < start) throw new Error(`docs/security.md has no matrix markers:\n${MATRIX_START}\n${MATRIX_END}`);
  return `${doc.slice(0, start + MATRIX_START.length)}\n\n${matrixMarkdown(declarations)}\n\n${doc.slice(end)}`;
}
