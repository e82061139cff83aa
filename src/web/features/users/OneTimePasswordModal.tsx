import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CopyValue } from '../../components/CopyValue.js';

/** A temporary password, shown this once; the user must change it at first login. */
export function OneTimePasswordModal({
  password,
  username,
  title,
  onClose,
}: {
  password: string | null;
  username: string;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('users');
  return (
    <Modal opened={password !== null} onClose={onClose} title={title} closeOnClickOutside={false} size="md">
      <Stack gap="md">
        <Text size="sm">{t('oneTime.text', { username })}</Text>
        {password && <CopyValue value={password} label={t('oneTime.label')} />}
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
          {t('oneTime.warning')}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('oneTime.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
