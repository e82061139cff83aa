import { z } from 'zod';
import { isoDate } from './common.js';

/**
 * Importing groups and members from any sheet: the fields a column can hold, the options the
 * officer gives (how the sheet's columns map to fields, the values it lacks, the villages it
 * names ambiguously, the confirmation of a change to a past census), and what a preview answers.
 */

/** The fields a sheet's column can be read as. */
export const groupSheetFields = [
  'area',
  'address',
  'group',
  'type',
  'founded',
  'decisionNumber',
  'decisionDate',
  'decisionIssuer',
  'name',
  'gender',
  'birth',
  'cccd',
  'phone',
  'role',
  'joined',
] as const;
export type GroupSheetField = (typeof groupSheetFields)[number];

/**
 * The options of a preview or an import, passed as the URL-encoded JSON query parameter `options`.
 * - `mapping`: by a header as it stands in the sheet, the field it holds, or null to leave it out.
 *   Headers not named keep the mapping recognised from their name.
 * - `defaults`: what the sheet lacks, for the whole file: the model type (else read from each
 *   group's name, "Tổ NDTQ …"), the area (a village or commune code; else the officer's commune),
 *   the founding date (else each group's earliest join date).
 * - `areas`: by a village's name as written in the sheet, the code of the unit it means, for the
 *   names that match several units (two "Khu phố 1" after a merger).
 * - `confirmPastChange`: the officer confirms a change to a census already reported or exported,
 *   or more than a month old (the preview's `pastChanges`).
 */
export const groupSheetOptions = z
  .object({
    mapping: z.record(z.string().max(300), z.enum(groupSheetFields).nullable()).optional(),
    defaults: z
      .object({
        typeCode: z.string().max(60).optional(),
        unitCode: z.string().max(20).optional(),
        foundedOn: isoDate.optional(),
      })
      .strict()
      .optional(),
    areas: z.record(z.string().max(300), z.string().max(20)).optional(),
    confirmPastChange: z.boolean().optional(),
  })
  .strict();
export type GroupSheetOptions = z.infer<typeof groupSheetOptions>;

/** A column of the sheet's header row, and the field it is read as (null: not imported). */
export const groupSheetColumn = z.object({
  /** 0-based, from the sheet's first column. */
  index: z.number().int(),
  /** The header as it stands in the sheet ("" for a column without one). */
  header: z.string(),
  field: z.enum(groupSheetFields).nullable(),
  /**
   * How the field was settled: `template` or `synonym` (recognised from the header), `remembered`
   * (this officer's mapping for sheets of this shape), `chosen` (given in `options.mapping`),
   * `none` (not recognised: not imported).
   */
  source: z.enum(['template', 'synonym', 'remembered', 'chosen', 'none']),
});
export type GroupSheetColumn = z.infer<typeof groupSheetColumn>;

/** A village name of the sheet that matches several units: the officer chooses (`options.areas`). */
export const groupSheetAreaChoice = z.object({
  /** The name as written in the sheet. */
  name: z.string(),
  /** How many rows name it, and the first of them. */
  rows: z.number().int(),
  firstRow: z.number().int(),
  candidates: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** The commune or ward it lies in. */
      parentName: z.string().nullable(),
      /** What tells it apart: the commune it came from in a merger, if any. */
      formerParentName: z.string().nullable(),
    }),
  ),
});
export type GroupSheetAreaChoice = z.infer<typeof groupSheetAreaChoice>;

/** A census an import or an edit would change: reported or exported, or more than a month old. */
export const pastCensusChange = z.object({
  unit: z.object({ code: z.string(), name: z.string() }).nullable(),
  /** The month (YYYY-MM), or the day (YYYY-MM-DD) of a census reported for a day. */
  date: z.string(),
  /** A census reported or exported (recorded); else one more than a month old. */
  reported: z.boolean(),
  groups: z.object({ before: z.number().int(), after: z.number().int() }),
  members: z.object({ before: z.number().int(), after: z.number().int() }),
});
export type PastCensusChange = z.infer<typeof pastCensusChange>;
