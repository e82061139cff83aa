import { useState, type FormEvent } from 'react';
import { Modal } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCreateGroup } from '../../api/groups.js';
import { FormActions } from '../../components/FormDialog.js';
import { PastChangeConfirm, usePastConfirm } from '../../components/PastChangeConfirm.js';
import { todayIso } from '../../i18n/format.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { GroupFormFields } from './GroupFormFields.js';
import { emptyGroupForm, validateGroupCreate, type GroupFormErrors } from './groupForm.js';

/** The routed dialog at /groups/new; a registered group opens at its page. */
export function GroupCreateDialog() {
  const { t } = useTranslation('groups');
  const navigate = useNavigate({ from: '/groups/new' });
  const isPhone = useIsPhone();
  const create = useCreateGroup();
  const write = usePastConfirm(create);
  const [values, setValues] = useState(() => emptyGroupForm(todayIso()));
  const [errors, setErrors] = useState<GroupFormErrors>({});

  const close = () => void navigate({ to: '/groups', search: (s) => s });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validateGroupCreate(values);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors({});
    write.mutate(checked.body, {
      onSuccess: (group) => {
        notifications.show({ color: 'green', title: t('form.createdTitle'), message: t('form.created', { name: group.name }) });
        void navigate({ to: '/groups/$id', params: { id: group.id } });
      },
    });
  };

  return (
    <Modal opened onClose={close} title={t('add')} size="xl" fullScreen={isPhone}>
      {write.past ? (
        <PastChangeConfirm past={write.past} loading={create.isPending} onConfirm={write.confirm} onBack={write.back} />
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <GroupFormFields mode="create" values={values} onChange={setValues} errors={errors} serverError={write.formError} />
          <FormActions onCancel={close} loading={create.isPending} submitLabel={t('form.create')} mt="xl" />
        </form>
      )}
    </Modal>
  );
}
