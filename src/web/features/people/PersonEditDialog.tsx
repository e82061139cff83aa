import { useState, type FormEvent } from 'react';
import { Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../../shared/people.js';
import { useUpdatePerson } from '../../api/people.js';
import { FormActions, FormError } from '../../components/FormDialog.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { PersonFormFields } from './PersonFormFields.js';
import { personFormOf, validatePersonUpdate, type PersonFormErrors } from './personForm.js';

/** Corrects a person on record with the fields of registration, prefilled; full screen on a phone. */
export function PersonEditDialog({ person, onClose }: { person: Person; onClose: () => void }) {
  const { t } = useTranslation('people');
  const isPhone = useIsPhone();
  const [values, setValues] = useState(() => personFormOf(person));
  const [errors, setErrors] = useState<PersonFormErrors>({});
  const update = useUpdatePerson(person.id);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validatePersonUpdate(values, person.sensitiveConsentAt !== null);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors({});
    update.mutate(checked.body, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('edit.saved') });
        onClose();
      },
    });
  };

  return (
    <Modal opened onClose={onClose} title={t('edit.title')} size="lg" fullScreen={isPhone}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {/* The server's message comes in the user's language. */}
          <FormError>{update.error?.message}</FormError>
          <PersonFormFields values={values} onChange={setValues} errors={errors} cccdHint={t('edit.cccdHint')} />
        </Stack>
        <FormActions onCancel={onClose} loading={update.isPending} mt="lg" />
      </form>
    </Modal>
  );
}
