import type { ModelType, ModelTypeCreate, ModelTypeUpdate } from '../../../shared/model-types.js';

export interface ModelTypeFormValues {
  name: string;
  reportNoun: string;
  countsMembers: boolean;
  code: string;
}

export type ModelTypeFormErrors = Partial<Record<keyof ModelTypeFormValues, string>>;

export const emptyModelTypeForm: ModelTypeFormValues = { name: '', reportNoun: '', countsMembers: true, code: '' };

export function modelTypeToForm(type: ModelType): ModelTypeFormValues {
  return { name: type.name, reportNoun: type.reportNoun, countsMembers: type.countsMembers, code: type.code };
}

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function check(values: ModelTypeFormValues, withCode: boolean): ModelTypeFormErrors {
  const errors: ModelTypeFormErrors = {};
  if (!values.name.trim()) errors.name = 'form.errors.name';
  else if (values.name.trim().length > 200) errors.name = 'form.errors.tooLong';
  if (!values.reportNoun.trim()) errors.reportNoun = 'form.errors.reportNoun';
  else if (values.reportNoun.trim().length > 200) errors.reportNoun = 'form.errors.tooLong';
  const code = values.code.trim();
  if (withCode && code && (!CODE.test(code) || code.length > 60)) errors.code = 'form.errors.code';
  return errors;
}

export function validateModelTypeCreate(values: ModelTypeFormValues): { body: ModelTypeCreate } | { errors: ModelTypeFormErrors } {
  const errors = check(values, true);
  if (Object.keys(errors).length > 0) return { errors };
  const code = values.code.trim();
  return {
    body: { name: values.name.trim(), reportNoun: values.reportNoun.trim(), countsMembers: values.countsMembers, ...(code ? { code } : {}) },
  };
}

/** Only what changed; an empty body means nothing to save. */
export function validateModelTypeUpdate(
  values: ModelTypeFormValues,
  initial: ModelTypeFormValues,
): { body: ModelTypeUpdate } | { errors: ModelTypeFormErrors } {
  const errors = check(values, false);
  if (Object.keys(errors).length > 0) return { errors };
  const body: ModelTypeUpdate = {};
  if (values.name.trim() !== initial.name) body.name = values.name.trim();
  if (values.reportNoun.trim() !== initial.reportNoun) body.reportNoun = values.reportNoun.trim();
  if (values.countsMembers !== initial.countsMembers) body.countsMembers = values.countsMembers;
  return { body };
}
