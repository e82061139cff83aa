import type { Person } from '../../../shared/people.js';
import type { UnitLevel } from '../../../shared/units.js';
import { maskCccd } from '../../lib/cccd.js';
import type { PersonWithAddress } from './queries.js';
import type { Db } from '../../db/connection.js';
import { villageLabels } from '../units/village-labels.js';

/** The API's view of a person: the identity number masked, sensitive fields only with consent. */
export function toPerson(r: PersonWithAddress): Person {
  const consented = r.sensitive_consent_at !== null;
  return {
    id: r.id,
    fullName: r.full_name,
    gender: (r.gender as Person['gender']) ?? null,
    birthDate: r.birth_date,
    birthYear: r.birth_year,
    cccdMasked: maskCccd(r.cccd_last4),
    phone: r.phone,
    address: r.address_unit_id && r.ad_code ? { id: r.address_unit_id, code: r.ad_code, name: r.ad_name ?? '', level: r.ad_level as UnitLevel, kind: r.ad_kind ?? '' } : null,
    addressText: r.address_text,
    occupation: r.occupation,
    ethnicity: consented ? r.ethnicity : null,
    religion: consented ? r.religion : null,
    sensitiveConsentAt: r.sensitive_consent_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What the audit log keeps of a person: never the identity number, only its last digits. */
export function auditPerson(p: Person) {
  const { createdAt: _c, updatedAt: _u, ...rest } = p;
  return rest;
}

/**
 * People with their village told apart where another village of its commune has its name
 * ("Khu phố 1 (Bảo An cũ)"): one lookup for the whole list.
 */
export async function withVillageLabels(db: Db, people: Person[]): Promise<Person[]> {
  const labels = await villageLabels(db, people.flatMap((p) => (p.address?.level === 'village' ? [p.address.id] : [])), null);
  if (labels.size === 0) return people;
  return people.map((p) => (p.address && labels.has(p.address.id) ? { ...p, address: { ...p.address, label: labels.get(p.address.id)! } } : p));
}
