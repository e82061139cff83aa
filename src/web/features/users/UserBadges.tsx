import { Badge } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function StatusBadge({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('users');
  return (
    <Badge variant="light" color={disabled ? 'gray' : 'green'} miw="max-content">
      {disabled ? t('status.disabled') : t('status.active')}
    </Badge>
  );
}

export function TotpBadge({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation('users');
  return enabled ? (
    <Badge variant="light" color="blue" leftSection={<IconShieldCheck size={12} />} miw="max-content">
      {t('totp.on')}
    </Badge>
  ) : (
    <Badge variant="outline" color="gray" miw="max-content">
      {t('totp.off')}
    </Badge>
  );
}
