import { unitCreate, unitKindsByLevel, type UnitCreate, type UnitLevel } from '../../../shared/units.js';

/** The levels a new unit may have under a parent of this level (null: the country itself). */
export function childLevels(parent: UnitLevel | null): UnitLevel[] {
  switch (parent) {
    case null:
      return ['province'];
    case 'province':
      // Districts until the 2025 reform, communes directly under the province after it.
      return ['district', 'commune'];
    case 'district':
      return ['commune'];
    case 'commune':
      return ['village'];
    case 'village':
      return [];
  }
}

export function kindsOf(level: UnitLevel | null): string[] {
  return level ? [...unitKindsByLevel[level]] : [];
}

export interface UnitFormValues {
  code: string;
  name: string;
  level: UnitLevel | null;
  kind: string | null;
  validFrom: string | null;
  validTo: string | null;
}

export type UnitField = keyof UnitFormValues;
export type UnitFormErrors = Partial<Record<UnitField, string>>;

const messages: Record<UnitField, string> = {
  code: 'form.errors.code',
  name: 'form.errors.name',
  level: 'form.errors.level',
  kind: 'form.errors.kind',
  validFrom: 'form.errors.validFrom',
  validTo: 'form.errors.validTo',
};

export function validateUnitCreate(
  v: UnitFormValues,
  parentId: string | null,
): { body: UnitCreate } | { errors: UnitFormErrors } {
  const parsed = unitCreate.safeParse({
    code: v.code,
    name: v.name,
    level: v.level,
    kind: v.kind ?? '',
    parentId,
    validFrom: v.validFrom ?? '',
    validTo: v.validTo,
  });
  const errors: UnitFormErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const f = issue.path[0];
      if (typeof f === 'string' && f in messages) errors[f as UnitField] = messages[f as UnitField];
    }
  }
  if (v.level && v.kind && !kindsOf(v.level).includes(v.kind)) errors.kind = messages.kind;
  if (v.validFrom && v.validTo && v.validTo <= v.validFrom) errors.validTo = 'form.errors.periodOrder';
  if (!parsed.success || Object.keys(errors).length > 0) return { errors };
  return { body: parsed.data };
}

/** Is the unit valid on that date? valid_from <= D < valid_to. */
export function validOn(unit: { validFrom: string; validTo: string | null }, date: string): boolean {
  return unit.validFrom <= date && (unit.validTo === null || unit.validTo > date);
}
