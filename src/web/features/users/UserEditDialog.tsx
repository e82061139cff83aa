import { useState, type FormEvent } from 'react';
import { Button, Group, Modal } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/users.js';
import { useUpdateUser, useUser } from '../../api/users.js';
import { ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { UserForm } from './UserForm.js';
import { userToForm, validateUpdate, type UserFormErrors } from './userForm.js';

const route = getRouteApi('/_app/users/$id/edit');

/** The routed dialog at /users/$id/edit. */
export function UserEditDialog() {
  const { t } = useTranslation('users');
  const { id } = route.useParams();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const user = useUser(id);
  const close = () => void navigate({ to: '/users/$id', params: { id } });

  return (
    <Modal opened onClose={close} title={t('edit.title')} size="xl" fullScreen={isPhone}>
      {user.isPending ? (
        <LoadingRows rows={4} />
      ) : user.error ? (
        <ErrorAlert error={user.error} onRetry={() => void user.refetch()} />
      ) : (
        <EditForm user={user.data} onDone={close} />
      )}
    </Modal>
  );
}

function EditForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation('users');
  const update = useUpdateUser(user.id);
  const [initial] = useState(() => userToForm(user));
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<UserFormErrors>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validateUpdate(values, initial);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    if (Object.keys(checked.body).length === 0) return onDone();
    update.mutate(checked.body, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: t('edit.savedTitle'), message: t('edit.saved', { name: values.fullName }) });
        onDone();
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <UserForm mode="edit" values={values} onChange={setValues} errors={errors} serverError={update.error?.message} />
      <Group justify="flex-end" mt="xl" gap="sm">
        <Button variant="default" onClick={onDone}>
          {t('common:actions.cancel')}
        </Button>
        <Button type="submit" loading={update.isPending}>
          {t('common:actions.save')}
        </Button>
      </Group>
    </form>
  );
}
