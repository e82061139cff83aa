import { useState } from 'react';
import { Alert, Badge, Button, Divider, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconDeviceMobile, IconKey, IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { TotpSetup } from '../../../shared/auth.js';
import { meQuery, useCurrentUser, useTotpSetup } from '../../api/auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { forcedPath } from './access.js';
import { PasswordChangeForm } from './PasswordChangeForm.js';
import { TotpDisableModal } from './TotpDisableModal.js';
import { TotpEnrollment } from './TotpEnrollment.js';

export function SecurityPage() {
  const { t } = useTranslation('auth');
  const me = useCurrentUser();
  const client = useQueryClient();
  const navigate = useNavigate();
  const setupMutation = useTotpSetup();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [disableOpen, setDisableOpen] = useState(false);

  const startSetup = () =>
    setupMutation.mutate(undefined, {
      onSuccess: setSetup,
    });

  const enabled = async () => {
    setSetup(null);
    notifications.show({ color: 'green', title: t('totp.enabledTitle'), message: t('totp.enabledText') });
    const wasForced = me.mustEnrollTotp;
    const fresh = await client.fetchQuery({ ...meQuery, staleTime: 0 });
    if (wasForced && fresh) await navigate({ to: forcedPath(fresh) ?? '/' });
  };

  return (
    <>
      <PageHeader
        title={t('security.title')}
        description={t('security.description')}
        crumbs={me.mustEnrollTotp ? undefined : [{ label: t('common:nav.home'), to: '/' }, { label: t('security.title') }]}
      />
      <Stack gap="lg" maw={880}>
        {me.mustEnrollTotp && (
          <Alert color="yellow" variant="light" icon={<IconShieldCheck size={18} />} title={t('security.forcedTitle')}>
            {t('security.forced')}
          </Alert>
        )}

        <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
          <Stack gap="md">
            <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <ThemeIcon size={40} radius="md" variant="light" color={me.totpEnabled ? 'green' : 'gray'}>
                  {me.totpEnabled ? <IconShieldCheck size={22} /> : <IconDeviceMobile size={22} />}
                </ThemeIcon>
                <div>
                  <Title order={3} fz="lg">
                    {t('totp.title')}
                  </Title>
                  <Text size="sm" c="dimmed" maw={520}>
                    {t('totp.description')}
                  </Text>
                </div>
              </Group>
              <Badge size="lg" variant="light" color={me.totpEnabled ? 'green' : 'gray'}>
                {me.totpEnabled ? t('totp.statusOn') : t('totp.statusOff')}
              </Badge>
            </Group>

            {me.totpRequired && (
              <Text size="sm" c="brand.8">
                {t('totp.requiredByRole')}
              </Text>
            )}

            {setupMutation.error && (
              <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />}>
                {setupMutation.error.message}
              </Alert>
            )}

            {setup ? (
              <>
                <Divider />
                <TotpEnrollment setup={setup} onEnabled={() => void enabled()} onCancel={() => setSetup(null)} />
              </>
            ) : me.totpEnabled ? (
              <Group>
                <Button variant="outline" color="red" leftSection={<IconShieldOff size={16} />} onClick={() => setDisableOpen(true)}>
                  {t('totp.disable')}
                </Button>
              </Group>
            ) : (
              <Group>
                <Button leftSection={<IconShieldCheck size={16} />} onClick={startSetup} loading={setupMutation.isPending}>
                  {t('totp.enable')}
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>

        {!me.mustEnrollTotp && (
          <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
            <Group gap="sm" wrap="nowrap" align="flex-start" mb="md">
              <ThemeIcon size={40} radius="md" variant="light" color="brand">
                <IconKey size={22} />
              </ThemeIcon>
              <div>
                <Title order={3} fz="lg">
                  {t('password.title')}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('password.description')}
                </Text>
              </div>
            </Group>
            <PasswordChangeForm />
          </Paper>
        )}
      </Stack>
      <TotpDisableModal
        opened={disableOpen}
        onClose={() => setDisableOpen(false)}
        onDisabled={() =>
          notifications.show({ color: 'gray', title: t('totp.disabledTitle'), message: t('totp.disabledText') })
        }
      />
    </>
  );
}
