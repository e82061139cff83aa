import { z } from 'zod';
import { groupSheetAreaChoice, groupSheetColumn, pastCensusChange } from './group-import.js';
import { isoDate, uuid, cursorQuery, cursorPageOf } from './common.js';
import { eventDate } from './dates.js';
import { optionalText, phone, requiredText } from './text.js';
import { unitRef } from './units.js';

export const groupStatuses = ['active', 'consolidating', 'suspended', 'dissolved'] as const;
export const groupStatus = z.enum(groupStatuses);
export type GroupStatus = z.infer<typeof groupStatus>;

const text = optionalText;

/** The establishment decision (quyết định thành lập) or a lifecycle decision. */
const decision = {
  decisionNumber: text(100),
  decisionDate: eventDate.nullable().optional(),
  decisionIssuer: text(200),
};

export const groupCreate = z.object({
  typeCode: z.string().min(1).max(60),
  name: requiredText(300),
  /** The village or commune where the group works. */
  unitId: uuid,
  /** From 1945-01-01 to a year from today, like every date of an event. */
  foundedOn: eventDate,
  ...decision,
  /** Stored as its digits. */
  contactPhone: phone.nullable().optional(),
  contactText: text(300),
  notes: text(4000),
  /** Write even though reported or month-old censuses change (the answer to PAST_CENSUS_CHANGE). */
  confirmPastChange: z.boolean().optional(),
});
export type GroupCreate = z.infer<typeof groupCreate>;

/** A corrected founding date moves the start of the group's first area and status with it. */
export const groupUpdate = groupCreate.omit({ typeCode: true, unitId: true }).partial();
export type GroupUpdate = z.infer<typeof groupUpdate>;

export const statusChange = z.object({ status: groupStatus, date: eventDate, reason: text(500), ...decision, confirmPastChange: z.boolean().optional() });
export type StatusChange = z.infer<typeof statusChange>;
export const areaChange = z.object({ unitId: uuid, date: eventDate, reason: text(300), confirmPastChange: z.boolean().optional() });
export type AreaChange = z.infer<typeof areaChange>;

export const group = z.object({
  id: uuid,
  type: z.object({ code: z.string(), name: z.string(), countsMembers: z.boolean() }),
  name: z.string(),
  /** Where the group is on the date asked (today by default), with the path from the province. */
  area: unitRef.extend({ path: z.array(z.object({ id: uuid, code: z.string(), name: z.string() })) }).nullable(),
  status: groupStatus.nullable(),
  statusSince: isoDate.nullable(),
  foundedOn: isoDate,
  decisionNumber: z.string().nullable(),
  decisionDate: isoDate.nullable(),
  decisionIssuer: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactText: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Group = z.infer<typeof group>;

export const groupSorts = ['name', 'foundedOn', 'type', 'area'] as const;
export type GroupSort = (typeof groupSorts)[number];
export const groupListQuery = cursorQuery.extend({
  /** An area by code (as of `date`) or by id: the groups in it and below it. */
  unit: z.string().max(20).optional(),
  unitId: uuid.optional(),
  date: isoDate.optional(),
  type: z.string().max(60).optional(),
  /**
   * Absent: the groups standing on `date`, as the census counts them (every status but
   * dissolved); `dissolved`: the groups dissolved by then, listed apart; else the standing
   * groups in that status.
   */
  status: groupStatus.optional(),
  q: z.string().max(100).optional(),
  sort: z.enum(groupSorts).default('name'),
});
export type GroupListQuery = z.infer<typeof groupListQuery>;
/**
 * `total`: the groups listed (standing, unless `status=dissolved`), exact unless `totalExact` is
 * false (a text matching more than 10,000); `dissolved`: with the same filters, those dissolved by then.
 */
export const groupPage = cursorPageOf(group).extend({ dissolved: z.number().int() });
export type GroupPage = z.infer<typeof groupPage>;

const period = { validFrom: isoDate, validTo: isoDate.nullable() };
/** The legal basis of a reorganisation: its effective date and the resolution, where recorded. */
export const reformBasis = z.object({ effectiveDate: isoDate, resolution: z.object({ number: z.string(), name: z.string() }).nullable() });
export type ReformBasis = z.infer<typeof reformBasis>;
export const groupTimeline = z.object({
  group,
  statuses: z.array(z.object({ status: groupStatus, ...period, reason: z.string().nullable(), decisionNumber: z.string().nullable(), decisionDate: isoDate.nullable(), decisionIssuer: z.string().nullable() })),
  /**
   * `basis`: the area changed in a reorganisation of administrative units (carried over, or
   * placed later from a split commune): its date and, when the data names one, the resolution.
   */
  areas: z.array(z.object({ unit: unitRef, ...period, reason: z.string().nullable(), basis: reformBasis.nullable() })),
});
export type GroupTimeline = z.infer<typeof groupTimeline>;

/** Groups that work together (xâu chuỗi, lồng ghép), or a group that replicated another's model (nhân rộng). */
export const linkKinds = ['linked', 'replicated_from'] as const;
export const groupLinkCreate = z.object({ otherGroupId: uuid, kind: z.enum(linkKinds), since: eventDate.nullable().optional(), notes: text(500) });
export const groupLink = z.object({
  id: uuid,
  kind: z.enum(linkKinds),
  /** `outgoing`: this group links to the other (or replicated it); `incoming`: the other way round. */
  direction: z.enum(['outgoing', 'incoming']),
  /** The other group; null when it lies outside the caller's scope ("a group in another area"). */
  other: z.object({ id: uuid, name: z.string(), typeName: z.string() }).nullable(),
  since: isoDate.nullable(),
  notes: z.string().nullable(),
});
export type GroupLink = z.infer<typeof groupLink>;

const counts = z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int() });
/** A row refused by a sheet import: its row and column, the value as read (echoed), and why. */
export const groupSheetError = z.object({ row: z.number().int(), column: z.string().nullable(), value: z.string().nullable(), message: z.string() });
export type GroupSheetError = z.infer<typeof groupSheetError>;
/** Errors of one kind (a column and a reason) and how many rows have it. */
export const groupSheetErrorKind = z.object({ column: z.string().nullable(), message: z.string(), count: z.number().int() });
export type GroupSheetErrorKind = z.infer<typeof groupSheetErrorKind>;
/** Preview (commit=false) or result (commit=true) of importing groups and members from a sheet. */
export const groupSheetResult = z.object({
  committed: z.boolean(),
  total: z.number().int(),
  groups: counts,
  people: counts,
  memberships: counts,
  /** Every error, by row (past 10,000 errors, the first 10,000); errorCount counts them all. */
  errors: z.array(groupSheetError),
  errorCount: z.number().int(),
  /** Every error counted by kind, the most frequent first. */
  errorKinds: z.array(groupSheetErrorKind),
  /** The headers of the sheet's columns not mapped to any field: they are not imported. */
  ignoredColumns: z.array(z.string()),
  /** The sheet's header row (1-based), and each of its columns as mapped. */
  headerRow: z.number().int(),
  columns: z.array(groupSheetColumn),
  /** True when the mapping came from this officer's last sheet of the same shape. */
  remembered: z.boolean(),
  /**
   * What the sheet lacks and the file's options must give before rows can be read: the model
   * type, the area, the founding date (asked only when there is no join date either). Group
   * name is never asked: a sheet without it is refused row by row.
   */
  needs: z.array(z.enum(['type', 'area', 'founded'])),
  /** Village names that match several units: to choose in `options.areas`. */
  areaChoices: z.array(groupSheetAreaChoice),
  /** Censuses the import changes that were reported or exported, or are more than a month old. */
  pastChanges: z.array(pastCensusChange),
  /** How many censuses change in all (pastChanges lists the first ones). */
  pastChangeCount: z.number().int(),
  /** True when the import must be confirmed (`options.confirmPastChange`) before it is written. */
  confirmationNeeded: z.boolean(),
});
export type GroupSheetResult = z.infer<typeof groupSheetResult>;
