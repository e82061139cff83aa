import { z } from 'zod';
import { isoDate, uuid } from './common.js';
import { unitDate } from './dates.js';
import { optionalText, requiredText } from './text.js';

/** Levels of the administrative hierarchy; districts end with the 2025 reform. */
export const unitLevels = ['province', 'district', 'commune', 'village'] as const;
export const unitLevel = z.enum(unitLevels);
export type UnitLevel = z.infer<typeof unitLevel>;

/** Official kinds per level (the names used in the state's lists). */
export const unitKindsByLevel: Record<UnitLevel, readonly string[]> = {
  province: ['Tỉnh', 'Thành phố Trung ương'],
  district: ['Quận', 'Huyện', 'Thị xã', 'Thành phố'],
  commune: ['Phường', 'Xã', 'Thị trấn', 'Đặc khu'],
  village: ['Thôn', 'Ấp', 'Bản', 'Buôn', 'Làng', 'Xóm', 'Khóm', 'Sóc', 'Plei', 'Khu phố', 'Tổ dân phố', 'Khu dân cư'],
};

export const unitRef = z.object({
  id: uuid,
  code: z.string(),
  name: z.string(),
  level: unitLevel,
  kind: z.string(),
  /**
   * A village whose name another village of its commune also carries, with what tells it apart:
   * "Khu phố 1 (Bảo An cũ)" (the commune it came from), else its code. Absent or null otherwise.
   */
  label: z.string().nullable().optional(),
});
export type UnitRef = z.infer<typeof unitRef>;

export const unit = unitRef.extend({
  label: z.string().nullable(),
  parentId: uuid.nullable(),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  childCount: z.number().int(),
  /** Inhabitants, where recorded (for groups per 1,000 inhabitants). */
  population: z.number().int().nullable(),
  path: z.array(unitRef.pick({ id: true, code: true, name: true })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof unit>;

export const unitListQuery = z.object({
  parentId: uuid.optional(),
  date: isoDate.optional(),
  q: z.string().max(100).optional(),
  level: unitLevel.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const code = z.string().trim().min(1).max(20).regex(/^[0-9A-Za-z.-]+$/, 'code');
const name = requiredText(200);
const kind = requiredText(50);
/** Inhabitants: a whole number above zero; null clears it. */
const population = z.number().int().min(1).max(200_000_000).nullable();

export const unitCreate = z.object({
  code,
  name,
  level: unitLevel,
  kind,
  parentId: uuid.nullable(),
  /** From 1800-01-01 (the official list starts its units on 1900-01-01) to ten years from today. */
  validFrom: unitDate,
  validTo: unitDate.nullable().optional(),
  population: population.optional(),
});
export type UnitCreate = z.infer<typeof unitCreate>;

export const unitUpdate = z.object({
  name: name.optional(),
  kind: kind.optional(),
  validTo: unitDate.nullable().optional(),
  population: population.optional(),
});
export type UnitUpdate = z.infer<typeof unitUpdate>;

export const shareKind = z.enum(['full', 'partial']);

/** `GET /api/units/resolve`: the unit carrying a code on a date. */
export const resolvedUnit = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  level: unitLevel,
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  parent: z.object({ code: z.string(), name: z.string() }).nullable(),
  path: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type ResolvedUnit = z.infer<typeof resolvedUnit>;

export const unitChild = z.object({ code: z.string(), name: z.string(), kind: z.string(), label: z.string().nullable() });
export const successor = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  level: unitLevel,
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  share: shareKind,
});

const linked = z.object({
  id: uuid,
  code: z.string(),
  name: z.string(),
  level: unitLevel,
  kind: z.string(),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  share: shareKind,
  effectiveDate: isoDate,
  /** The link is a rename (the village under another name from `effectiveDate`): why, by what decision. */
  rename: z.object({ reason: z.string(), decisionNumber: z.string().nullable() }).nullable(),
});

/** A unit's page: its other periods under the same code, and what it came from and went into. */
export const unitHistory = z.object({
  unit,
  sameCode: z.array(unitRef.extend({ validFrom: isoDate, validTo: isoDate.nullable(), parentName: z.string().nullable() })),
  formedFrom: z.array(linked),
  wentInto: z.array(linked),
});
export type UnitHistory = z.infer<typeof unitHistory>;

const ref = z.object({ id: uuid, code: z.string(), name: z.string() });

/** A village of a split commune, waiting for an officer to choose its new commune. */
export const placement = z.object({
  id: uuid,
  village: ref.extend({ kind: z.string() }),
  fromCommune: ref,
  candidates: z.array(ref),
  effectiveDate: isoDate,
  status: z.enum(['pending', 'placed']),
  /** The village's new record, and the commune it was placed into. */
  placedUnit: ref.nullable(),
  placedCommune: ref.nullable(),
  placedAt: z.string().nullable(),
});
export type Placement = z.infer<typeof placement>;
export const placementQuery = z.object({
  status: z.enum(['pending', 'placed']).default('pending'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const placementPage = z.object({ items: z.array(placement), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const placeVillage = z.object({ communeId: uuid });

export const importKind = z.enum(['official_list', 'reform']);
export const importJob = z.object({
  id: uuid,
  kind: importKind.nullable(),
  fileName: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  phase: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  result: z
    .object({
      kind: importKind,
      added: z.number().int(),
      ended: z.number().int(),
      unchanged: z.number().int(),
      links: z.number().int(),
      villagesCarried: z.number().int(),
      villagesQueued: z.number().int(),
    })
    .nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ImportJob = z.infer<typeof importJob>;

export const villageImportRow = z.object({
  row: z.number().int(),
  communeCode: z.string().nullable(),
  communeName: z.string().nullable(),
  code: z.string().nullable(),
  name: z.string().nullable(),
  kind: z.string().nullable(),
  validFrom: z.string().nullable(),
  action: z.enum(['create', 'rename', 'unchanged', 'error']),
});
export const rowError = z.object({ row: z.number().int(), column: z.string().nullable(), message: z.string() });
export type RowError = z.infer<typeof rowError>;
/** Preview (commit=false) or result (commit=true) of a village sheet import. */
export const villageImportResult = z.object({
  committed: z.boolean(),
  total: z.number().int(),
  create: z.number().int(),
  rename: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(rowError),
  rows: z.array(villageImportRow),
});
export type VillageImportResult = z.infer<typeof villageImportResult>;

/** Move a village to another commune from a date (its history stays where it was). */
export const unitMove = z.object({ parentId: uuid, date: unitDate });

/**
 * Rename a village from a date (today or earlier): its record ends the day before and a record
 * with the same code and the new name begins on that day, linked to it, so that what was counted
 * or written before the date keeps the old name.
 */
export const unitRename = z.object({
  name,
  date: unitDate,
  /** Why: the decision or the reason, as the officer writes it. */
  reason: requiredText(300),
  decisionNumber: optionalText(100),
  confirmPastChange: z.boolean().optional(),
});
export type UnitRename = z.infer<typeof unitRename>;
