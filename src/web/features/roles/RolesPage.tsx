import { Alert, Badge, Group, Paper, Stack, Switch, Text, ThemeIcon, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconShieldCheck, IconUserShield } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { roles, type Role } from '../../../shared/users.js';
import { useRoles, useUpdateRole } from '../../api/roles.js';
import { roleLabel } from '../../components/labels.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorAlert, LoadingRows } from '../../components/QueryStates.js';

export function RolesPage() {
  const { t } = useTranslation('roles');
  const settings = useRoles();
  const update = useUpdateRole();

  const toggle = (role: Role, requireTotp: boolean) =>
    update.mutate(
      { role, requireTotp },
      {
        onSuccess: () =>
          notifications.show({
            color: 'green',
            message: requireTotp ? t('saved.on', { role: roleLabel(t, role) }) : t('saved.off', { role: roleLabel(t, role) }),
          }),
      },
    );

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('title') }]}
      />
      {update.error && (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} mb="md" withCloseButton onClose={() => update.reset()}>
          {update.error.message}
        </Alert>
      )}
      {settings.isPending ? (
        <Paper withBorder p="md">
          <LoadingRows rows={5} height={64} />
        </Paper>
      ) : settings.error ? (
        <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <Stack gap="sm" maw={920}>
          {roles.map((role) => {
            const setting = settings.data.find((s) => s.role === role);
            const busy = update.isPending && update.variables?.role === role;
            return (
              <Paper key={role} withBorder p={{ base: 'md', sm: 'lg' }}>
                <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
                  <Group gap="md" wrap="nowrap" align="flex-start" style={{ flex: '1 1 320px', minWidth: 0 }}>
                    <ThemeIcon size={42} radius="md" variant="light" color="brand">
                      <IconUserShield size={22} />
                    </ThemeIcon>
                    <Stack gap={4} style={{ minWidth: 0 }}>
                      <Group gap="xs">
                        <Title order={3} fz="md">
                          {roleLabel(t, role)}
                        </Title>
                        {setting?.requireTotp && (
                          <Badge size="sm" variant="light" color="blue" leftSection={<IconShieldCheck size={12} />}>
                            {t('required')}
                          </Badge>
                        )}
                      </Group>
                      <Text size="sm" c="dimmed">
                        {t(`descriptions.${role}`)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('permissionsLabel')}: {t(`permissions.${role}`)}
                      </Text>
                    </Stack>
                  </Group>
                  <Switch
                    label={t('requireTotp')}
                    aria-label={t('requireTotpFor', { role: roleLabel(t, role) })}
                    checked={setting?.requireTotp ?? false}
                    disabled={!setting || busy}
                    onChange={(e) => toggle(role, e.currentTarget.checked)}
                    size="md"
                  />
                </Group>
              </Paper>
            );
          })}
          <Text size="sm" c="dimmed" mt="xs">
            {t('note')}
          </Text>
        </Stack>
      )}
    </>
  );
}
