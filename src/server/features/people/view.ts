import type { Person } from '../../../shared/people.js';
import type { UnitLevel } from '../../../shared/units.js';
import { maskCccd } from '../../lib/cccd.js';
import type { PersonWithAddress } from './queries.js';

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
