import { Divider, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useModelTypes } from '../../api/modelTypes.js';
import { DateField } from '../../components/DateField.js';
import { FormError, type FormFieldsProps } from '../../components/FormDialog.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import type { GroupFormErrors, GroupFormValues } from './groupForm.js';

/** The fields of a group; type and area only when it is created (a move is its own change). */
export function GroupFormFields({ mode, values, onChange, errors, serverError }: FormFieldsProps<GroupFormValues, GroupFormErrors>) {
  const { t } = useTranslation('groups');
  const types = useModelTypes(false);
  const set = <K extends keyof GroupFormValues>(k: K, v: GroupFormValues[K]) => onChange({ ...values, [k]: v });
  const err = (k: keyof GroupFormValues) => (errors[k] ? t(errors[k]) : null);

  return (
    <Stack gap="md">
      <FormError>{serverError}</FormError>
      {mode === 'create' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('fields.type')}
            required
            placeholder={types.isPending ? t('common:loading') : t('form.typePlaceholder')}
            value={values.typeCode}
            onChange={(v) => set('typeCode', v)}
            data={(types.data ?? []).map((x) => ({ value: x.code, label: x.name }))}
            error={err('typeCode') ?? (types.error ? types.error.message : null)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <DateField label={t('fields.foundedOn')} required value={values.foundedOn} onChange={(d) => set('foundedOn', d)} error={err('foundedOn')} />
        </SimpleGrid>
      )}
      <TextInput
        label={t('fields.name')}
        description={mode === 'create' ? t('form.nameHint') : undefined}
        required
        value={values.name}
        onChange={(e) => set('name', e.currentTarget.value)}
        error={err('name')}
        data-autofocus
      />
      {mode === 'edit' && (
        <DateField
          label={t('fields.foundedOn')}
          description={t('edit.foundedOnHint')}
          required
          value={values.foundedOn}
          onChange={(d) => set('foundedOn', d)}
          error={err('foundedOn')}
          w={240}
        />
      )}
      {mode === 'create' && (
        <UnitPicker
          label={t('fields.area')}
          description={t('form.areaHint')}
          required
          date={values.foundedOn ?? undefined}
          value={values.unitId}
          onChange={(id) => set('unitId', id)}
          error={err('unitId')}
        />
      )}

      <Divider label={t('fields.decision')} labelPosition="left" mt="xs" />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <TextInput
          label={t('fields.decisionNumber')}
          placeholder={t('form.decisionNumberPlaceholder')}
          value={values.decisionNumber}
          onChange={(e) => set('decisionNumber', e.currentTarget.value)}
          error={err('decisionNumber')}
        />
        <DateField label={t('fields.decisionDate')} clearable value={values.decisionDate} onChange={(d) => set('decisionDate', d)} error={err('decisionDate')} />
        <TextInput
          label={t('fields.decisionIssuer')}
          placeholder={t('form.decisionIssuerPlaceholder')}
          value={values.decisionIssuer}
          onChange={(e) => set('decisionIssuer', e.currentTarget.value)}
          error={err('decisionIssuer')}
        />
      </SimpleGrid>

      <Divider label={t('fields.contact')} labelPosition="left" mt="xs" />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput
          label={t('fields.contactPhone')}
          type="tel"
          inputMode="tel"
          value={values.contactPhone}
          onChange={(e) => set('contactPhone', e.currentTarget.value)}
          error={err('contactPhone')}
        />
        <TextInput
          label={t('fields.contactText')}
          placeholder={t('form.contactTextPlaceholder')}
          value={values.contactText}
          onChange={(e) => set('contactText', e.currentTarget.value)}
          error={err('contactText')}
        />
      </SimpleGrid>
      <Textarea label={t('fields.notes')} autosize minRows={2} maxRows={6} value={values.notes} onChange={(e) => set('notes', e.currentTarget.value)} error={err('notes')} />
    </Stack>
  );
}
