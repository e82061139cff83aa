import { Checkbox, Collapse, Radio, Group as Row, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../../components/UnitPicker.js';
import type { Gender, PersonFormErrors, PersonFormValues } from './personForm.js';

/** The fields of a new person; ethnicity and religion only once the person's consent is ticked. */
export function PersonFormFields({
  values,
  onChange,
  errors,
  cccdHint,
}: {
  values: PersonFormValues;
  onChange: (v: PersonFormValues) => void;
  errors: PersonFormErrors;
  /** What the ID number field says under it (a person on record: left empty, the number is kept). */
  cccdHint?: string;
}) {
  const { t } = useTranslation('people');
  const set = <K extends keyof PersonFormValues>(k: K, v: PersonFormValues[K]) => onChange({ ...values, [k]: v });
  const err = (k: keyof PersonFormValues) => (errors[k] ? t(errors[k]) : null);

  return (
    <Stack gap="md">
      <TextInput label={t('fields.fullName')} required value={values.fullName} onChange={(e) => set('fullName', e.currentTarget.value)} error={err('fullName')} data-autofocus />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Radio.Group label={t('fields.gender')} value={values.gender ?? ''} onChange={(v) => set('gender', (v || null) as Gender | null)}>
          <Row gap="lg" mt={8}>
            <Radio value="male" label={t('gender.male')} />
            <Radio value="female" label={t('gender.female')} />
            <Radio value="" label={t('gender.unknown')} />
          </Row>
        </Radio.Group>
        <TextInput
          label={t('fields.birth')}
          description={t('form.birthHint')}
          inputMode="numeric"
          value={values.birth}
          onChange={(e) => set('birth', e.currentTarget.value)}
          error={err('birth')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput
          label={t('fields.cccd')}
          description={cccdHint ?? t('form.cccdHint')}
          inputMode="numeric"
          autoComplete="off"
          maxLength={16}
          value={values.cccd}
          onChange={(e) => set('cccd', e.currentTarget.value)}
          error={err('cccd')}
        />
        <TextInput label={t('fields.phone')} type="tel" inputMode="tel" value={values.phone} onChange={(e) => set('phone', e.currentTarget.value)} error={err('phone')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <UnitPicker label={t('fields.addressUnit')} description={t('form.addressHint')} value={values.addressUnitId} onChange={(id) => set('addressUnitId', id)} />
        <TextInput
          label={t('fields.addressText')}
          placeholder={t('form.addressTextPlaceholder')}
          value={values.addressText}
          onChange={(e) => set('addressText', e.currentTarget.value)}
          error={err('addressText')}
        />
      </SimpleGrid>
      <TextInput label={t('fields.occupation')} value={values.occupation} onChange={(e) => set('occupation', e.currentTarget.value)} error={err('occupation')} />
      <Checkbox
        label={t('form.consent')}
        description={t('form.consentHint')}
        checked={values.sensitiveConsent}
        onChange={(e) => set('sensitiveConsent', e.currentTarget.checked)}
      />
      <Collapse expanded={values.sensitiveConsent}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label={t('fields.ethnicity')} value={values.ethnicity} onChange={(e) => set('ethnicity', e.currentTarget.value)} error={err('ethnicity')} />
          <TextInput label={t('fields.religion')} value={values.religion} onChange={(e) => set('religion', e.currentTarget.value)} error={err('religion')} />
        </SimpleGrid>
      </Collapse>
    </Stack>
  );
}
