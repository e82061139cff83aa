import { z } from 'zod';
import { cursorBody, cursorPageOf, cursorQuery, isoDate, uuid, pageQuery, pageOf } from './common.js';
import { birthDate, birthYear, eventDate } from './dates.js';
import { optionalText, phone, requiredText } from './text.js';
import { unitRef } from './units.js';

export const genders = ['male', 'female'] as const;
export const memberRoles = ['leader', 'deputy', 'member'] as const;
export const memberRole = z.enum(memberRoles);
export type MemberRole = z.infer<typeof memberRole>;

const text = optionalText;

export const personCreate = z.object({
  fullName: requiredText(200),
  gender: z.enum(genders).nullable().optional(),
  /** A full date when known (1900 to today), or only the year (1900 to this year). */
  birthDate: birthDate.nullable().optional(),
  birthYear: birthYear.nullable().optional(),
  /** 12 digits; stored encrypted, shown masked. */
  cccd: z.string().trim().nullable().optional(),
  /** 0912 345 678, +84 912 345 678…: stored as its digits (0912345678). */
  phone: phone.nullable().optional(),
  addressUnitId: uuid.nullable().optional(),
  addressText: text(300),
  occupation: text(200),
  /** Sensitive: recorded only with the person's consent (sensitiveConsent: true). */
  ethnicity: text(100),
  religion: text(100),
  sensitiveConsent: z.boolean().optional(),
});
export type PersonCreate = z.infer<typeof personCreate>;
export const personUpdate = personCreate.partial();
export type PersonUpdate = z.infer<typeof personUpdate>;

export const person = z.object({
  id: uuid,
  fullName: z.string(),
  gender: z.enum(genders).nullable(),
  birthDate: isoDate.nullable(),
  birthYear: z.number().int().nullable(),
  /** `••••••••1234`; the number itself only through the reveal endpoint. */
  cccdMasked: z.string().nullable(),
  phone: z.string().nullable(),
  address: unitRef.nullable(),
  addressText: z.string().nullable(),
  occupation: z.string().nullable(),
  ethnicity: z.string().nullable(),
  religion: z.string().nullable(),
  sensitiveConsentAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof person>;

/** The filters of a search of people. */
const peopleFilters = z.object({
  q: z.string().max(100).optional(),
  /** The whole citizen ID number, matched exactly. Only ever in a request body, never in a URL. */
  cccd: z.string().max(20).optional(),
  /** Members, on `date` (default today), of groups in this area and below. */
  unitId: uuid.optional(),
  /** Members, on `date`, of groups of this model type. */
  type: z.string().max(60).optional(),
  date: isoDate.optional(),
  sort: z.enum(['name', 'birth']).default('name'),
});
/** A search of people: the body of `POST /api/people/search` and `POST /api/people/export`. */
export const peopleSearch = peopleFilters.extend(cursorBody.shape);
export type PeopleQuery = z.infer<typeof peopleSearch>;
/**
 * The query string of `GET /api/people` and its export: the same filters, but a citizen ID
 * number there is refused (400 CCCD_IN_URL): URLs end up in logs and in the browser's history.
 */
export const peopleQuery = peopleFilters.extend(cursorQuery.shape).extend({
  cccd: z.string().max(20).optional().describe('Refused: search by citizen ID number with POST /api/people/search'),
});
/** A page of people by keyset: `nextCursor` asks for the next; `total` exact up to 10,000. */
export const personPage = cursorPageOf(person);

/** `confirmPastChange`: write even though reported or month-old censuses change (the answer to PAST_CENSUS_CHANGE). */
export const membershipCreate = z.object({ personId: uuid, role: memberRole.default('member'), from: eventDate, confirmPastChange: z.boolean().optional() });
export const membershipEnd = z.object({ date: eventDate, confirmPastChange: z.boolean().optional() });
export const membership = z.object({
  id: uuid,
  groupId: uuid,
  person,
  role: memberRole,
  validFrom: isoDate,
  validTo: isoDate.nullable(),
});
export type Membership = z.infer<typeof membership>;
export const membersQuery = z.object({ date: isoDate.optional(), all: z.enum(['true', 'false']).default('false') });

/** Likely duplicates: the same citizen ID number, or the same name, birth and commune. */
export const duplicateReasons = ['cccd', 'name_birth_commune'] as const;
export const duplicateReason = z.enum(duplicateReasons);
export type DuplicateReason = z.infer<typeof duplicateReason>;
export const duplicateCluster = z.object({ reason: duplicateReason, people: z.array(person) });
export type DuplicateCluster = z.infer<typeof duplicateCluster>;
export const duplicatesQuery = pageQuery;
export const duplicatePage = pageOf(duplicateCluster);
/** Merge the person of the path into `intoId`; the merged record stays, marked, for history. */
export const personMerge = z.object({ intoId: uuid });
export type PersonMerge = z.infer<typeof personMerge>;

/** A person's place in one group, for the person's page. */
export const personMembership = z.object({
  id: uuid,
  group: z.object({ id: uuid, name: z.string(), typeName: z.string() }),
  role: memberRole,
  validFrom: isoDate,
  validTo: isoDate.nullable(),
});
