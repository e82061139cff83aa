import { describe, expect, it } from 'vitest';
import { emptyModelTypeForm, validateModelTypeCreate, validateModelTypeUpdate } from './modelTypeForm.js';

describe('model type form', () => {
  it('asks for a name and a report wording', () => {
    expect(validateModelTypeCreate(emptyModelTypeForm)).toEqual({ errors: { name: 'form.errors.name', reportNoun: 'form.errors.reportNoun' } });
  });

  it('checks the optional code', () => {
    const base = { ...emptyModelTypeForm, name: 'Camera an ninh', reportNoun: 'mô hình camera an ninh' };
    expect(validateModelTypeCreate({ ...base, code: 'Camera An Ninh' })).toEqual({ errors: { code: 'form.errors.code' } });
    expect(validateModelTypeCreate({ ...base, code: 'camera-an-ninh' })).toEqual({
      body: { name: 'Camera an ninh', reportNoun: 'mô hình camera an ninh', countsMembers: true, code: 'camera-an-ninh' },
    });
    expect(validateModelTypeCreate({ ...base, code: '  ' })).toEqual({
      body: { name: 'Camera an ninh', reportNoun: 'mô hình camera an ninh', countsMembers: true },
    });
  });

  it('sends only what changed', () => {
    const initial = { name: 'A', reportNoun: 'a', countsMembers: true, code: 'a' };
    expect(validateModelTypeUpdate({ ...initial, countsMembers: false }, initial)).toEqual({ body: { countsMembers: false } });
    expect(validateModelTypeUpdate(initial, initial)).toEqual({ body: {} });
  });
});
