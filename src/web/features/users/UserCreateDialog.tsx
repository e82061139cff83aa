import { useState, type FormEvent } from 'react';
import { Modal } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/users.js';
import { useCreateUser } from '../../api/users.js';
import { FormActions } from '../../components/FormDialog.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { OneTimePasswordModal } from './OneTimePasswordModal.js';
import { UserForm } from './UserForm.js';
import { emptyUserForm, validateCreate, type UserFormErrors } from './userForm.js';

/** The routed dialog at /users/new. */
export function UserCreateDialog() {
  const { t } = useTranslation('users');
  const navigate = useNavigate({ from: '/users/new' });
  const isPhone = useIsPhone();
  const create = useCreateUser();
  const [values, setValues] = useState(emptyUserForm);
  const [errors, setErrors] = useState<UserFormErrors>({});
  const [created, setCreated] = useState<{ user: User; temporaryPassword: string } | null>(null);

  const close = () => void navigate({ to: '/users', search: (s) => s });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validateCreate(values);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    create.mutate(checked.body, {
      onSuccess: ({ user, temporaryPassword }) => {
        notifications.show({ color: 'green', title: t('created.title'), message: t('created.text', { name: user.fullName }) });
        if (temporaryPassword) setCreated({ user, temporaryPassword });
        else void navigate({ to: '/users/$id', params: { id: user.id } });
      },
    });
  };

  if (created) {
    return (
      <OneTimePasswordModal
        password={created.temporaryPassword}
        username={created.user.username}
        title={t('created.passwordTitle')}
        onClose={() => void navigate({ to: '/users/$id', params: { id: created.user.id } })}
      />
    );
  }

  return (
    <Modal opened onClose={close} title={t('add')} size="xl" fullScreen={isPhone}>
      <form onSubmit={onSubmit} noValidate>
        <UserForm mode="create" values={values} onChange={setValues} errors={errors} serverError={create.error?.message} />
        <FormActions onCancel={close} loading={create.isPending} submitLabel={t('form.create')} mt="xl" />
      </form>
    </Modal>
  );
}
