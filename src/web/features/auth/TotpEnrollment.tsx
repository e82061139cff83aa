import { useState } from 'react';
import { Alert, Box, Button, Group, Image, List, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconQrcode } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TotpSetup } from '../../../shared/auth.js';
import { useTotpEnable } from '../../api/auth.js';
import { CodeInput } from '../../components/CodeInput.js';
import { CopyValue } from '../../components/CopyValue.js';
import { groupKey } from './totpKey.js';

/** Step two of enrolment: scan or type the key, then prove it with a code. */
export function TotpEnrollment({ setup, onEnabled, onCancel }: { setup: TotpSetup; onEnabled: () => void; onCancel: () => void }) {
  const { t } = useTranslation('auth');
  const enable = useTotpEnable();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);

  const confirm = (value = code) => {
    if (!/^\d{6}$/.test(value)) {
      setError(t('totp.codeMissing'));
      return;
    }
    setError(null);
    enable.mutate(value, {
      onSuccess: onEnabled,
      onError: (e) => {
        setCode('');
        setError(e.message);
      },
    });
  };

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl">
        <Stack gap="sm" align="center">
          <Box p="xs" bg="white" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
            <Image src={setup.qrDataUrl} alt={t('totp.qrAlt')} w={200} h={200} fit="contain" />
          </Box>
          <Text size="xs" c="dimmed" ta="center">
            {t('totp.qrHint')}
          </Text>
        </Stack>
        <Stack gap="sm">
          <List type="ordered" spacing="xs" size="sm">
            <List.Item>{t('totp.step1')}</List.Item>
            <List.Item>{t('totp.step2')}</List.Item>
            <List.Item>{t('totp.step3')}</List.Item>
          </List>
          <div>
            <Text size="sm" fw={600} mb={4}>
              {t('totp.manualKey')}
            </Text>
            <CopyValue value={setup.secret} display={groupKey(setup.secret)} label={t('totp.manualKey')} />
          </div>
        </Stack>
      </SimpleGrid>

      {error && (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
          {error}
        </Alert>
      )}
      <Group align="flex-end" gap="md">
        <CodeInput label={t('totp.code')} value={code} onChange={setCode} onComplete={(v) => confirm(v)} disabled={enable.isPending} />
      </Group>
      <Group gap="sm">
        <Button onClick={() => confirm()} loading={enable.isPending} leftSection={<IconQrcode size={16} />}>
          {t('totp.confirm')}
        </Button>
        <Button variant="default" onClick={onCancel} disabled={enable.isPending}>
          {t('common:actions.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
