import { useState, type FormEvent } from 'react';
import { Button, Group as Row, Modal } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../../shared/groups.js';
import { useGroup, useUpdateGroup } from '../../api/groups.js';
import { ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { GroupFormFields } from './GroupFormFields.js';
import { groupToForm, validateGroupUpdate, type GroupFormErrors } from './groupForm.js';

const route = getRouteApi('/_app/groups/$id/edit');

/** The routed dialog at /groups/$id/edit: name, decision, contact and notes. */
export function GroupEditDialog() {
  const { t } = useTranslation('groups');
  const { id } = route.useParams();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const group = useGroup(id);
  const close = () => void navigate({ to: '/groups/$id', params: { id }, search: (s) => s });

  return (
    <Modal opened onClose={close} title={t('edit.title')} size="xl" fullScreen={isPhone}>
      {group.isPending ? (
        <LoadingRows rows={4} />
      ) : group.error ? (
        <ErrorAlert error={group.error} onRetry={() => void group.refetch()} />
      ) : (
        <EditForm group={group.data} onDone={close} />
      )}
    </Modal>
  );
}

function EditForm({ group, onDone }: { group: Group; onDone: () => void }) {
  const { t } = useTranslation('groups');
  const update = useUpdateGroup(group.id);
  const [initial] = useState(() => groupToForm(group));
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<GroupFormErrors>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validateGroupUpdate(values, initial);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors({});
    if (Object.keys(checked.body).length === 0) return onDone();
    update.mutate(checked.body, {
      onSuccess: (saved) => {
        notifications.show({ color: 'green', title: t('edit.savedTitle'), message: t('edit.saved', { name: saved.name }) });
        onDone();
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <GroupFormFields mode="edit" values={values} onChange={setValues} errors={errors} serverError={update.error?.message} />
      <Row justify="flex-end" mt="xl" gap="sm">
        <Button variant="default" onClick={onDone}>
          {t('common:actions.cancel')}
        </Button>
        <Button type="submit" loading={update.isPending}>
          {t('common:actions.save')}
        </Button>
      </Row>
    </form>
  );
}
