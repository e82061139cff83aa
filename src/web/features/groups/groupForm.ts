import type { Group, GroupCreate, GroupStatus, GroupUpdate, StatusChange } from '../../../shared/groups.js';

export interface GroupFormValues {
  typeCode: string | null;
  name: string;
  unitId: string | null;
  foundedOn: string | null;
  decisionNumber: string;
  decisionDate: string | null;
  decisionIssuer: string;
  contactPhone: string;
  contactText: string;
  notes: string;
}

export type GroupFormErrors = Partial<Record<keyof GroupFormValues, string>>;

export function emptyGroupForm(today: string): GroupFormValues {
  return {
    typeCode: null,
    name: '',
    unitId: null,
    foundedOn: today,
    decisionNumber: '',
    decisionDate: null,
    decisionIssuer: '',
    contactPhone: '',
    contactText: '',
    notes: '',
  };
}

export function groupToForm(g: Group): GroupFormValues {
  return {
    typeCode: g.type.code,
    name: g.name,
    unitId: g.area?.id ?? null,
    foundedOn: g.foundedOn,
    decisionNumber: g.decisionNumber ?? '',
    decisionDate: g.decisionDate,
    decisionIssuer: g.decisionIssuer ?? '',
    contactPhone: g.contactPhone ?? '',
    contactText: g.contactText ?? '',
    notes: g.notes ?? '',
  };
}

const PHONE = /^\+?[0-9 .-]{8,20}$/;
const opt = (s: string) => (s.trim() === '' ? null : s.trim());

/** The checks both forms share: name, decision, contact and notes. */
function checkDetails(v: GroupFormValues): GroupFormErrors {
  const errors: GroupFormErrors = {};
  if (!v.name.trim()) errors.name = 'form.errors.name';
  else if (v.name.trim().length > 300) errors.name = 'form.errors.tooLong';
  if (v.decisionNumber.trim().length > 100) errors.decisionNumber = 'form.errors.tooLong';
  if (v.decisionIssuer.trim().length > 200) errors.decisionIssuer = 'form.errors.tooLong';
  if (v.contactPhone.trim() && !PHONE.test(v.contactPhone.trim())) errors.contactPhone = 'form.errors.phone';
  if (v.contactText.trim().length > 300) errors.contactText = 'form.errors.tooLong';
  if (v.notes.trim().length > 4000) errors.notes = 'form.errors.tooLong';
  return errors;
}

export function validateGroupCreate(v: GroupFormValues): { body: GroupCreate } | { errors: GroupFormErrors } {
  const errors = checkDetails(v);
  if (!v.typeCode) errors.typeCode = 'form.errors.type';
  if (!v.unitId) errors.unitId = 'form.errors.area';
  if (!v.foundedOn) errors.foundedOn = 'form.errors.foundedOn';
  if (v.decisionDate && v.foundedOn && v.decisionDate > v.foundedOn) errors.decisionDate = 'form.errors.decisionAfterFounding';
  if (Object.keys(errors).length > 0 || !v.typeCode || !v.unitId || !v.foundedOn) return { errors };
  return {
    body: {
      typeCode: v.typeCode,
      name: v.name.trim(),
      unitId: v.unitId,
      foundedOn: v.foundedOn,
      decisionNumber: opt(v.decisionNumber),
      decisionDate: v.decisionDate,
      decisionIssuer: opt(v.decisionIssuer),
      contactPhone: opt(v.contactPhone),
      contactText: opt(v.contactText),
      notes: opt(v.notes),
    },
  };
}

/** Only what changed; an empty body means nothing to save. */
export function validateGroupUpdate(v: GroupFormValues, initial: GroupFormValues): { body: GroupUpdate } | { errors: GroupFormErrors } {
  const errors = checkDetails(v);
  if (!v.foundedOn) errors.foundedOn = 'form.errors.foundedOn';
  if (Object.keys(errors).length > 0) return { errors };
  const body: GroupUpdate = {};
  if (v.name.trim() !== initial.name) body.name = v.name.trim();
  for (const k of ['decisionNumber', 'decisionIssuer', 'contactPhone', 'contactText', 'notes'] as const) {
    if (opt(v[k]) !== opt(initial[k])) body[k] = opt(v[k]);
  }
  if (v.decisionDate !== initial.decisionDate) body.decisionDate = v.decisionDate;
  if (v.foundedOn && v.foundedOn !== initial.foundedOn) body.foundedOn = v.foundedOn;
  return { body };
}

export interface StatusFormValues {
  status: GroupStatus | null;
  date: string | null;
  reason: string;
  decisionNumber: string;
  decisionDate: string | null;
  decisionIssuer: string;
}

export type StatusFormErrors = Partial<Record<keyof StatusFormValues, string>>;

/** A new status from a date; it must differ from the current one and start after it. */
export function validateStatusChange(
  v: StatusFormValues,
  current: { status: GroupStatus | null; since: string | null },
): { body: StatusChange } | { errors: StatusFormErrors } {
  const errors: StatusFormErrors = {};
  if (!v.status) errors.status = 'status.errors.status';
  else if (v.status === current.status) errors.status = 'status.errors.same';
  if (!v.date) errors.date = 'status.errors.date';
  else if (current.since && v.date <= current.since) errors.date = 'status.errors.order';
  if (v.reason.trim().length > 500) errors.reason = 'form.errors.tooLong';
  if (v.decisionNumber.trim().length > 100) errors.decisionNumber = 'form.errors.tooLong';
  if (v.decisionIssuer.trim().length > 200) errors.decisionIssuer = 'form.errors.tooLong';
  if (Object.keys(errors).length > 0 || !v.status || !v.date) return { errors };
  return {
    body: {
      status: v.status,
      date: v.date,
      reason: opt(v.reason),
      decisionNumber: opt(v.decisionNumber),
      decisionDate: v.decisionDate,
      decisionIssuer: opt(v.decisionIssuer),
    },
  };
}
