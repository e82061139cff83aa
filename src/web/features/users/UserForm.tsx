import { PasswordInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { roles, type Role } from '../../../shared/users.js';
import { FormError, type FormFieldsProps } from '../../components/FormDialog.js';
import { roleLabel } from '../../components/labels.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { nationwideRoles, type UserFormErrors, type UserFormValues } from './userForm.js';

/** The fields of a user; `create` adds the username and an optional first password. */
export function UserForm({ mode, values, onChange, errors, serverError }: FormFieldsProps<UserFormValues, UserFormErrors>) {
  const { t } = useTranslation('users');
  const set = <K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) => onChange({ ...values, [key]: value });
  const err = (key: keyof UserFormValues) => (errors[key] ? t(errors[key]) : null);
  const nationwide = values.role !== null && nationwideRoles.includes(values.role);

  return (
    <Stack gap="md">
      <FormError>{serverError}</FormError>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {mode === 'create' && (
          <TextInput
            label={t('fields.username')}
            description={t('form.usernameHint')}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={values.username}
            onChange={(e) => set('username', e.currentTarget.value)}
            error={err('username')}
            data-autofocus
          />
        )}
        <TextInput
          label={t('fields.fullName')}
          required
          value={values.fullName}
          onChange={(e) => set('fullName', e.currentTarget.value)}
          error={err('fullName')}
          data-autofocus={mode === 'edit' ? true : undefined}
        />
        <TextInput
          label={t('fields.email')}
          type="email"
          autoComplete="off"
          value={values.email}
          onChange={(e) => set('email', e.currentTarget.value)}
          error={err('email')}
        />
        <TextInput
          label={t('fields.phone')}
          type="tel"
          autoComplete="off"
          value={values.phone}
          onChange={(e) => set('phone', e.currentTarget.value)}
          error={err('phone')}
        />
        <Select
          label={t('fields.role')}
          required
          placeholder={t('form.rolePlaceholder')}
          value={values.role}
          onChange={(v) => set('role', (v as Role | null) ?? null)}
          data={roles.map((r) => ({ value: r, label: roleLabel(t, r) }))}
          error={err('role')}
          comboboxProps={{ withinPortal: true }}
          allowDeselect={false}
        />
        <UnitPicker
          label={t('fields.scope')}
          description={nationwide ? t('form.scopeNationwide') : t('form.scopeHint')}
          placeholder={nationwide ? t('common:scope.nationwide') : undefined}
          required={!nationwide && values.role !== null}
          value={values.scopeUnitId}
          onChange={(id) => set('scopeUnitId', id)}
          error={err('scopeUnitId')}
        />
        {mode === 'create' && (
          <PasswordInput
            label={t('fields.password')}
            description={t('form.passwordHint')}
            autoComplete="new-password"
            value={values.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={err('password')}
          />
        )}
      </SimpleGrid>
    </Stack>
  );
}
