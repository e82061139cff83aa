import { notifications } from '@mantine/notifications';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../../shared/groups.js';
import { useGroup, useUpdateGroup } from '../../api/groups.js';
import { FormActions, RoutedEditDialog } from '../../components/FormDialog.js';
import { PastChangeConfirm, usePastConfirm } from '../../components/PastChangeConfirm.js';
import { useEditForm } from '../../lib/useEditForm.js';
import { GroupFormFields } from './GroupFormFields.js';
import { groupToForm, validateGroupUpdate } from './groupForm.js';

const route = getRouteApi('/_app/groups/$id/edit');

/** The routed dialog at /groups/$id/edit: name, founding date, decision, contact and notes. */
export function GroupEditDialog() {
  const { t } = useTranslation('groups');
  const { id } = route.useParams();
  const navigate = useNavigate();
  const group = useGroup(id);
  const close = () => void navigate({ to: '/groups/$id', params: { id }, search: (s) => s });

  return (
    <RoutedEditDialog title={t('edit.title')} onClose={close} size="xl" query={group}>
      {(data) => <EditForm group={data} onDone={close} />}
    </RoutedEditDialog>
  );
}

function EditForm({ group, onDone }: { group: Group; onDone: () => void }) {
  const { t } = useTranslation('groups');
  const update = useUpdateGroup(group.id);
  const write = usePastConfirm(update);
  const { values, setValues, errors, onSubmit } = useEditForm({
    initial: () => groupToForm(group),
    validate: validateGroupUpdate,
    save: write,
    onSaved: (saved) => notifications.show({ color: 'green', title: t('edit.savedTitle'), message: t('edit.saved', { name: saved.name }) }),
    onDone,
  });

  // Asked to confirm, the form stays mounted (hidden) so that going back keeps what was typed.
  return (
    <>
      {write.past && <PastChangeConfirm past={write.past} loading={update.isPending} onConfirm={write.confirm} onBack={write.back} />}
      <form onSubmit={onSubmit} noValidate hidden={!!write.past}>
        <GroupFormFields mode="edit" values={values} onChange={setValues} errors={errors} serverError={write.formError} />
        <FormActions onCancel={onDone} loading={update.isPending} mt="xl" />
      </form>
    </>
  );
}
