import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useTotpDisable } from '../../api/auth.js';

/** Turning the second factor off takes the password again. */
export function TotpDisableModal({ opened, onClose, onDisabled }: { opened: boolean; onClose: () => void; onDisabled: () => void }) {
  const { t } = useTranslation('auth');
  const disable = useTotpDisable();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setPassword('');
    setError(null);
    disable.reset();
    onClose();
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!password) {
      setError(t('totp.passwordMissing'));
      return;
    }
    disable.mutate(password, {
      onSuccess: () => {
        close();
        onDisabled();
      },
      onError: (err) => setError(err.message),
    });
  };

  return (
    <Modal opened={opened} onClose={close} title={t('totp.disableTitle')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm">{t('totp.disableText')}</Text>
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              {error}
            </Alert>
          )}
          <PasswordInput
            label={t('totp.password')}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" color="red" loading={disable.isPending}>
              {t('totp.disableConfirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
