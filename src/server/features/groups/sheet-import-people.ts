import type { PeopleTable, UnitsTable } from '../../db/types.js';

/** A person a sheet names, with what the importer compares and writes (the row is made when written). */
export interface PersonPlan {
  /** Set when written, or when matched to a stored person. */
  id: string;
  fields: Pick<PeopleTable, 'full_name' | 'name_search' | 'gender' | 'birth_date' | 'birth_year' | 'cccd_hash' | 'phone'>;
  cccd: string | null;
  /** Where the sheet places the person: their registered area. */
  unit: UnitsTable;
  existing: boolean;
  firstRow: number;
  update?: Partial<PeopleTable>;
}

type Identifying = Pick<PeopleTable, 'cccd_hash' | 'name_search' | 'birth_date' | 'birth_year'>;

/** The commune of a village or commune. */
export function communeOf(unit: Pick<UnitsTable, 'id' | 'level' | 'parent_id'>): string {
  return unit.level === 'commune' ? unit.id : unit.parent_id!;
}

/**
 * The people of a sheet, found again by citizen ID number, else by name, birth (date, else
 * year) and commune. Indexed by the hash and the search name they already hold, so that a
 * hundred thousand people cost no key strings of their own.
 */
export class SheetPeople {
  private readonly byCccd = new Map<string, PersonPlan>();
  private readonly byName = new Map<string, PersonPlan | PersonPlan[]>();
  private readonly list: PersonPlan[] = [];

  find(who: Identifying, commune: string): PersonPlan | undefined {
    if (who.cccd_hash) return this.withCccd(who.cccd_hash);
    const found = this.byName.get(who.name_search);
    if (found === undefined) return undefined;
    const birth = birthOf(who);
    if (!Array.isArray(found)) return sameBirthAndCommune(found, birth, commune) ? found : undefined;
    return found.find((p) => sameBirthAndCommune(p, birth, commune));
  }

  withCccd(hash: string): PersonPlan | undefined {
    return this.byCccd.get(hash);
  }

  add(p: PersonPlan): void {
    this.list.push(p);
    if (p.fields.cccd_hash) return void this.byCccd.set(p.fields.cccd_hash, p);
    const found = this.byName.get(p.fields.name_search);
    if (found === undefined) this.byName.set(p.fields.name_search, p);
    else if (Array.isArray(found)) found.push(p);
    else this.byName.set(p.fields.name_search, [found, p]);
  }

  values(): readonly PersonPlan[] {
    return this.list;
  }
}

function sameBirthAndCommune(p: PersonPlan, birth: string, commune: string): boolean {
  return birthOf(p.fields) === birth && communeOf(p.unit) === commune;
}

function birthOf(who: Identifying): string {
  return who.birth_date ?? (who.birth_year === null ? '' : String(who.birth_year));
}
