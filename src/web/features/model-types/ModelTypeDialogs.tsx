import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Stack, Switch, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle } from '@tabler/icons-react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ModelType } from '../../../shared/model-types.js';
import { useCreateModelType, useModelTypes, useUpdateModelType } from '../../api/modelTypes.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
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
          {create.error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              {create.error.message}
            </Alert>
          )}
          <Fields values={values} onChange={setValues} errors={errors} withCode />
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={close}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('form.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The routed dialog at /model-types/$code/edit. */
export function ModelTypeEditDialog() {
  const { t } = useTranslation('modelTypes');
  const { code } = editRoute.useParams();
  const isPhone = useIsPhone();
  const close = useClose();
  const types = useModelTypes(true);
  const type = types.data?.find((x) => x.code === code);

  return (
    <Modal opened onClose={close} title={t('form.editTitle')} size="lg" fullScreen={isPhone}>
      {types.isPending ? (
        <LoadingRows rows={3} />
      ) : types.error ? (
        <ErrorAlert error={types.error} onRetry={() => void types.refetch()} />
      ) : !type || type.builtIn ? (
        <Empty title={t('form.notEditable')} />
      ) : (
        <EditForm type={type} onDone={close} />
      )}
    </Modal>
  );
}

function EditForm({ type, onDone }: { type: ModelType; onDone: () => void }) {
  const { t } = useTranslation('modelTypes');
  const update = useUpdateModelType(type.code);
  const [initial] = useState(() => modelTypeToForm(type));
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<ModelTypeFormErrors>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validateModelTypeUpdate(values, initial);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors({});
    if (Object.keys(checked.body).length === 0) return onDone();
    update.mutate(checked.body, {
      onSuccess: (saved) => {
        notifications.show({ color: 'green', title: t('form.savedTitle'), message: t('form.saved', { name: saved.name }) });
        onDone();
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {update.error && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
            {update.error.message}
          </Alert>
        )}
        <Fields values={values} onChange={setValues} errors={errors} withCode={false} />
        <Group justify="flex-end" gap="sm" mt="sm">
          <Button variant="default" onClick={onDone}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t('common:actions.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
