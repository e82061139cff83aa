import { z } from 'zod';
import { isoDate, uuid } from './common.js';
import { eventDate } from './dates.js';
import { memberRole, person } from './people.js';
import { plainText, requiredText } from './text.js';

/**
 * Membership requests (đề nghị kết nạp): an officer asks that a person registered outside their
 * area, known to them by citizen ID number, join one of their groups; an officer whose area
 * holds that person approves or declines. The requester learns nothing of whom the number
 * matched until the request is approved (and then sees the person as a member of their group).
 */
export const membershipRequestStatuses = ['pending', 'approved', 'declined', 'withdrawn'] as const;
export const membershipRequestStatus = z.enum(membershipRequestStatuses);
export type MembershipRequestStatus = z.infer<typeof membershipRequestStatus>;

export const membershipRequestCreate = z.object({
  /** Chosen by the client, so that a retried request is not stored twice. */
  id: uuid.optional(),
  groupId: uuid,
  /** 12 digits; spaces, dots and dashes are ignored. */
  cccd: plainText(20).min(12),
  /** The name as written on the requester's list. */
  fullName: requiredText(200),
  role: memberRole.default('member'),
  /** As every date of an event: from 1945 to a year from today. */
  from: eventDate,
  /** The requester confirms that the membership changes censuses of the past (census/past.ts). */
  confirmPastChange: z.boolean().optional(),
});
export type MembershipRequestCreate = z.input<typeof membershipRequestCreate>;

export const membershipRequestDecline = z.object({ reason: requiredText(1000) });

const requester = z.object({ username: z.string(), fullName: z.string() });
const groupRef = z.object({ id: uuid, name: z.string(), typeName: z.string(), areaName: z.string().nullable() });

/** A request as its requester's area sees it: what they typed, the number masked, and the decision. */
export const sentMembershipRequest = z.object({
  id: uuid,
  group: groupRef,
  requestedBy: requester,
  fullName: z.string(),
  cccdMasked: z.string(),
  role: memberRole,
  validFrom: isoDate,
  status: membershipRequestStatus,
  reason: z.string().nullable(),
  /** Set once approved: the person is then a member of the requester's group. */
  personId: uuid.nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type SentMembershipRequest = z.infer<typeof sentMembershipRequest>;

/** A request as the holder's area sees it: who asks, for which group, and the person it names. */
export const incomingMembershipRequest = z.object({
  id: uuid,
  group: groupRef,
  requestedBy: requester,
  fullName: z.string(),
  role: memberRole,
  validFrom: isoDate,
  status: membershipRequestStatus,
  reason: z.string().nullable(),
  person: person,
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type IncomingMembershipRequest = z.infer<typeof incomingMembershipRequest>;
