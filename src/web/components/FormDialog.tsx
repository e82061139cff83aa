import type { ReactNode } from 'react';
import { Alert, Button, Group, Modal, type MantineSpacing, type ModalProps } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../lib/useIsPhone.js';
import { ErrorAlert, LoadingRows } from './QueryStates.js';

/**
 * A dialog that has its own address (such as /groups/$id/edit): always open while the route is,
 * full screen on a phone. It shows grey rows while the record loads, the error with a retry when
 * that failed, and then what `children` makes of the record.
 */
export function RoutedEditDialog<T>({
  title,
  onClose,
  size,
  query,
  loadingRows = 4,
  children,
}: {
  title: string;
  onClose: () => void;
  size: ModalProps['size'];
  query: UseQueryResult<T>;
  loadingRows?: number;
  children: (data: T) => ReactNode;
}) {
  const isPhone = useIsPhone();
  return (
    <Modal opened onClose={onClose} title={title} size={size} fullScreen={isPhone}>
      {query.isPending ? (
        <LoadingRows rows={loadingRows} />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        children(query.data)
      )}
    </Modal>
  );
}

/** The server's refusal of a form, above its fields. */
export function FormError({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
      {children}
    </Alert>
  );
}

/** Cancel and submit at the foot of a form; the submit button saves unless told otherwise. */
export function FormActions({
  onCancel,
  loading,
  submitLabel,
  mt,
}: {
  onCancel: () => void;
  loading: boolean;
  submitLabel?: string;
  mt: MantineSpacing;
}) {
  const { t } = useTranslation('common');
  return (
    <Group justify="flex-end" mt={mt} gap="sm">
      <Button variant="default" onClick={onCancel}>
        {t('actions.cancel')}
      </Button>
      <Button type="submit" loading={loading}>
        {submitLabel ?? t('actions.save')}
      </Button>
    </Group>
  );
}

/** What the fields of a record's form are given, whether it creates the record or edits it. */
export interface FormFieldsProps<V, E> {
  mode: 'create' | 'edit';
  values: V;
  onChange: (next: V) => void;
  errors: E;
  serverError?: string | null;
}
