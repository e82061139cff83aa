import { notifications } from '@mantine/notifications';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/users.js';
import { useUpdateUser, useUser } from '../../api/users.js';
import { FormActions, RoutedEditDialog } from '../../components/FormDialog.js';
import { useEditForm } from '../../lib/useEditForm.js';
import { UserForm } from './UserForm.js';
import { userToForm, validateUpdate } from './userForm.js';

const route = getRouteApi('/_app/users/$id/edit');

/** The routed dialog at /users/$id/edit. */
export function UserEditDialog() {
  const { t } = useTranslation('users');
  const { id } = route.useParams();
  const navigate = useNavigate();
  const user = useUser(id);
  const close = () => void navigate({ to: '/users/$id', params: { id } });

  return (
    <RoutedEditDialog title={t('edit.title')} onClose={close} size="xl" query={user}>
      {(data) => <EditForm user={data} onDone={close} />}
    </RoutedEditDialog>
  );
}

function EditForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation('users');
  const update = useUpdateUser(user.id);
  const { values, setValues, errors, onSubmit } = useEditForm({
    initial: () => userToForm(user),
    validate: validateUpdate,
    save: update,
    onSaved: (_saved, values) =>
      notifications.show({ color: 'green', title: t('edit.savedTitle'), message: t('edit.saved', { name: values.fullName }) }),
    onDone,
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <UserForm mode="edit" values={values} onChange={setValues} errors={errors} serverError={update.error?.message} />
      <FormActions onCancel={onDone} loading={update.isPending} mt="xl" />
    </form>
  );
}
