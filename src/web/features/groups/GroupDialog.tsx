import type { ReactNode } from 'react';
import { Modal, type ModalProps } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import type { Group } from '../../../shared/groups.js';
import { useGroup } from '../../api/groups.js';
import { ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { useIsPhone } from '../../lib/useIsPhone.js';

/**
 * A routed dialog over a group's page (a member to add, a request to send): the group loaded
 * with its loading and error states, full screen on a phone; closing goes back to the group.
 */
export function GroupDialog({ id, date, title, size, children }: { id: string; date?: string; title: string; size: ModalProps['size']; children: (group: Group, close: () => void) => ReactNode }) {
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const group = useGroup(id, date);
  const close = () => void navigate({ to: '/groups/$id', params: { id }, search: (s) => s });

  return (
    <Modal opened onClose={close} title={title} size={size} fullScreen={isPhone}>
      {group.isPending ? (
        <LoadingRows rows={4} />
      ) : group.error ? (
        <ErrorAlert error={group.error} onRetry={() => void group.refetch()} />
      ) : (
        children(group.data, close)
      )}
    </Modal>
  );
}
