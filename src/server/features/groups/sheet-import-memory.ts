import type { Db } from '../../db/connection.js';
import { groupSheetOptions, type GroupSheetOptions } from '../../../shared/group-import.js';
import type { SheetPlan } from './sheet-import-plan.js';
import { findSheetMapping, saveSheetMapping } from './queries.js';

/**
 * An officer's mapping for sheets of one shape (their headers), and the values they gave for
 * what such sheets lack, kept when an import succeeds and offered for the next sheet of that
 * shape. A stored mapping that no longer reads (an older form) is ignored.
 */
export async function rememberedMapping(db: Db, userId: string, shape: string): Promise<GroupSheetOptions | null> {
  const stored = await findSheetMapping(db, userId, shape);
  if (stored === undefined) return null;
  try {
    const parsed = groupSheetOptions.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Keeps the mapping a sheet was imported with: every column's field, the defaults and the villages chosen. */
export async function rememberMapping(db: Db, userId: string, plan: SheetPlan, now: string): Promise<void> {
  const mapping: Record<string, GroupSheetOptions['mapping'] extends Record<string, infer F> | undefined ? F : never> = {};
  for (const c of plan.columns) if (c.header !== '') mapping[c.header] = c.field;
  const options = JSON.stringify({ mapping, defaults: plan.options.defaults, areas: plan.options.areas } satisfies GroupSheetOptions);
  await saveSheetMapping(db, userId, plan.shape, options, now);
}
