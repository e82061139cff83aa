import { sql, type Expression, type SqlBool } from 'kysely';
import type { GroupStatus } from '../../../shared/groups.js';
import { validAt } from '../units/queries.js';

/**
 * A group **standing** on a day: founded by then, in the area it had that day, with a status that
 * day other than dissolved (a suspended or consolidating group still stands). A dissolution
 * effective on D ends the group on D: it stands on D−1, not on D. Founded on D, it stands on D;
 * moved on D, it stands in its new area on D.
 *
 * This file is the only place the rule is written: in SQL for the census, the groups list, its
 * total and its export, and in memory for the census series (sweep.ts) and the check of a
 * change against past censuses (group-deltas.ts).
 */

/** The statuses in which a group stands. */
export const standsAs = (status: string): boolean => status !== ('dissolved' satisfies GroupStatus);

// — In SQL, over `groups as g`, `group_areas as a`, `group_statuses as s` —

const period = (alias: 'a' | 's', date: string) => validAt(sql.ref(`${alias}.valid_from`), sql.ref(`${alias}.valid_to`), date);

/** The group was founded by the date, and `a` and `s` are its area and its status on that date. */
export function onDay(date: string): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref('g.founded_on')} <= ${date} and ${period('a', date)} and ${period('s', date)})`;
}

/** `s` (a status on the day) is one in which the group stands. */
export const standingStatus: Expression<SqlBool> = sql<SqlBool>`${sql.ref('s.status')} <> ${'dissolved' satisfies GroupStatus}`;

/** `s` (a status on the day) says the group is dissolved. */
export const dissolvedStatus: Expression<SqlBool> = sql<SqlBool>`${sql.ref('s.status')} = ${'dissolved' satisfies GroupStatus}`;

/** The group stands on the date, in the area `a`. */
export function standsOn(date: string): Expression<SqlBool> {
  return sql<SqlBool>`(${onDay(date)} and ${standingStatus})`;
}

// — In memory, over a group's history (intervals [from, to), ISO days, `to: null` open) —

export interface Span {
  from: string;
  to: string | null;
}

export interface GroupHistorySpans {
  founded: string;
  areas: (Span & { unit: string })[];
  statuses: (Span & { status: string })[];
}

/** The period holds on the day: from inclusive, to exclusive. */
export const holds = (s: Span, day: string): boolean => s.from <= day && (s.to === null || s.to > day);

/** The common part of two periods, if any. */
export function overlap(a: Span, b: Span): Span | null {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to === null ? b.to : b.to === null ? a.to : a.to < b.to ? a.to : b.to;
  return to === null || from < to ? { from, to } : null;
}

/** The unit where the group stands on the day; null when it does not stand. */
export function standingOn(g: GroupHistorySpans, day: string): string | null {
  if (g.founded > day) return null;
  const area = g.areas.find((a) => holds(a, day));
  const status = g.statuses.find((s) => holds(s, day));
  return area && status && standsAs(status.status) ? area.unit : null;
}

/** The periods in which the group stands, each in one of its areas: the same rule, as intervals. */
export function standingSpans(g: GroupHistorySpans): (Span & { unit: string })[] {
  const founded: Span = { from: g.founded, to: null };
  const standing = g.statuses.filter((s) => standsAs(s.status)).map((s) => overlap(s, founded)).filter((s): s is Span => s !== null);
  const out: (Span & { unit: string })[] = [];
  for (const a of g.areas) {
    for (const s of standing) {
      const o = overlap(a, s);
      if (o) out.push({ ...o, unit: a.unit });
    }
  }
  return out;
}
