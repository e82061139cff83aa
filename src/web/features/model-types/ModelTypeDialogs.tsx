import { useState, type FormEvent } from 'react';
import { Modal, Stack, Switch, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ModelType } from '../../../shared/model-types.js';
import { useCreateModelType, useModelTypes, useUpdateModelType } from '../../api/modelTypes.js';
import { FormActions, FormError, RoutedEditDialog } from '../../components/FormDialog.js';
import { Empty } from '../../components/QueryStates.js';
import { useEditForm } from '../../lib/useEditForm.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import {
  emptyModelTypeForm,
  modelTypeToForm,
  validateModelTypeCreate,
  validateModelTypeUpdate,
  type ModelTypeFormErrors,
  type ModelTypeFormValues,
} from './modelTypeForm.js';

const editRoute = getRouteApi('/_app/model-types/$code/edit');

function useClose() {
  const navigate = useNavigate();
  return () => void navigate({ to: '/model-types', search: (s) => s });
}

function Fields({
  values,
  onChange,
  errors,
  withCode,
}: {
  values: ModelTypeFormValues;
  onChange: (v: ModelTypeFormValues) => void;
  errors: ModelTypeFormErrors;
  withCode: boolean;
}) {
  const { t } = useTranslation('modelTypes');
  const err = (k: keyof ModelTypeFormValues) => (errors[k] ? t(errors[k]) : null);
  return (
    <>
      <TextInput
        label={t('fields.name')}
        description={t('form.nameHint')}
        required
        value={values.name}
        onChange={(e) => onChange({ ...values, name: e.currentTarget.value })}
        error={err('name')}
        data-autofocus
      />
      <TextInput
        label={t('fields.reportNoun')}
        description={t('form.reportNounHint')}
        required
        value={values.reportNoun}
        onChange={(e) => onChange({ ...values, reportNoun: e.currentTarget.value })}
        error={err('reportNoun')}
      />
      <Switch
        label={t('fields.countsMembers')}
        description={t('form.countsMembersHint')}
        checked={values.countsMembers}
        onChange={(e) => onChange({ ...values, countsMembers: e.currentTarget.checked })}
      />
      {withCode && (
        <TextInput
          label={t('fields.code')}
          description={t('form.codeHint')}
          value={values.code}
          onChange={(e) => onChange({ ...values, code: e.currentTarget.value })}
          error={err('code')}
          autoCapitalize="none"
          spellCheck={false}
          className="tq-mono"
        />
      )}
    </>
  );
}

/** The routed dialog at /model-types/new. */
export function ModelTypeCreateDialog() {
  const { t } = useTranslation('modelTypes');
  const isPhone = useIsPhone();
  const close = useClose();
  const create = useCreateModelType();
  const [values, setValues] = useState(emptyModelTypeForm);
  const [errors, setErrors] = useState<ModelTypeFormErrors>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validateModelTypeCreate(values);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors({});
    create.mutate(checked.body, {
      onSuccess: (type) => {
        notifications.show({ color: 'green', title: t('form.createdTitle'), message: t('form.created', { name: type.name }) });
        close();
      },
    });
  };

  return (
    <Modal opened onClose={close} title={t('add')} size="lg" fullScreen={isPhone}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormError>{create.error?.message}</FormError>
          <Fields values={values} onChange={setValues} errors={errors} withCode />
          <FormActions onCancel={close} loading={create.isPending} submitLabel={t('form.create')} mt="sm" />
        </Stack>
      </form>
    </Modal>
  );
}

/** The routed dialog at /model-types/$code/edit. */
export function ModelTypeEditDialog() {
  const { t } = useTranslation('modelTypes');
  const { code } = editRoute.useParams();
  const close = useClose();
  const types = useModelTypes(true);

  return (
    <RoutedEditDialog title={t('form.editTitle')} onClose={close} size="lg" query={types} loadingRows={3}>
      {(list) => {
        const type = list.find((x) => x.code === code);
        return !type || type.builtIn ? <Empty title={t('form.notEditable')} /> : <EditForm type={type} onDone={close} />;
      }}
    </RoutedEditDialog>
  );
}

function EditForm({ type, onDone }: { type: ModelType; onDone: () => void }) {
  const { t } = useTranslation('modelTypes');
  const update = useUpdateModelType(type.code);
  const { values, setValues, errors, onSubmit } = useEditForm({
    initial: () => modelTypeToForm(type),
    validate: validateModelTypeUpdate,
    save: update,
    onSaved: (saved) => notifications.show({ color: 'green', title: t('form.savedTitle'), message: t('form.saved', { name: saved.name }) }),
    onDone,
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <FormError>{update.error?.message}</FormError>
        <Fields values={values} onChange={setValues} errors={errors} withCode={false} />
        <FormActions onCancel={onDone} loading={update.isPending} mt="sm" />
      </Stack>
    </form>
  );
}
