import { useState } from 'react';
import { Alert, Anchor, Avatar, Badge, Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconArrowRight, IconCircleCheck, IconMapPinSearch } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { EndedScope } from '../../../shared/users.js';
import { useEndedScopes, useMoveUserScope } from '../../api/users.js';
import { initials, roleLabel, scopeLabel, unitTitle } from '../../components/labels.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { useFormat } from '../../i18n/useFormat.js';
import { lastDay } from '../../lib/dates.js';
import { useIsPhone } from '../../lib/useIsPhone.js';

/** Users whose scope unit ended in a reform, with the units proposed to take its place. */
export function EndedScopesPage() {
  const { t } = useTranslation('users');
  const fmt = useFormat();
  const list = useEndedScopes();

  return (
    <>
      <PageHeader
        title={t('endedScopes.title')}
        description={t('endedScopes.description')}
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('title'), to: '/users' }, { label: t('endedScopes.title') }]}
      />
      {list.isPending ? (
        <Paper withBorder p="md">
          <LoadingRows rows={4} height={72} />
        </Paper>
      ) : list.error ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <Paper withBorder>
          <Empty icon={<IconCircleCheck size={28} stroke={1.5} />} title={t('endedScopes.emptyTitle')} description={t('endedScopes.emptyText')} />
        </Paper>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('endedScopes.count', { count: list.data.length, n: fmt.number(list.data.length) })}
          </Text>
          {list.data.map((e) => (
            <EndedScopeCard key={e.user.id} entry={e} />
          ))}
        </Stack>
      )}
    </>
  );
}

function EndedScopeCard({ entry }: { entry: EndedScope }) {
  const { t } = useTranslation('users');
  const fmt = useFormat();
  const move = useMoveUserScope();
  const [picking, setPicking] = useState(false);
  const { user } = entry;

  const moveTo = (scopeUnitId: string, name: string) =>
    move.mutate(
      { id: user.id, scopeUnitId },
      {
        onSuccess: () => {
          setPicking(false);
          notifications.show({ color: 'green', title: t('endedScopes.movedTitle'), message: t('endedScopes.moved', { name: user.fullName, unit: name }) });
        },
      },
    );

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Avatar radius="xl" color="brand" variant="light">
            {initials(user.fullName)}
          </Avatar>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Anchor fw={600} c="dark" renderRoot={(props) => <Link {...props} to="/users/$id" params={{ id: user.id }} />}>
              {user.fullName}
            </Anchor>
            <Text size="xs" c="dimmed">
              {user.username} · {roleLabel(t, user.role)}
            </Text>
            <Group gap={8} mt={4}>
              <Text size="sm">
                {t('fields.scope')}: <b>{scopeLabel(t, user.scope)}</b>
              </Text>
              <Badge color="gray" variant="light" size="sm">
                {t('endedScopes.endedOn', { date: fmt.date(lastDay(entry.endedOn)) })}
              </Badge>
            </Group>
          </Stack>
        </Group>

        <Stack gap={6}>
          <Text size="sm" fw={600}>
            {entry.proposals.length > 0 ? t('endedScopes.proposals') : t('endedScopes.noProposals')}
          </Text>
          <Group gap="xs">
            {entry.proposals.map((p) => (
              <Group key={p.id} gap={6} wrap="nowrap" style={{ maxWidth: '100%' }}>
                <Button
                  variant="light"
                  rightSection={<IconArrowRight size={14} />}
                  loading={move.isPending && move.variables?.scopeUnitId === p.id}
                  disabled={move.isPending}
                  onClick={() => moveTo(p.id, unitTitle(p))}
                  style={{ minWidth: 0 }}
                >
                  {t('endedScopes.moveTo', { name: unitTitle(p) })}
                </Button>
                <Badge size="sm" variant="light" color={p.share === 'full' ? 'teal' : 'orange'} style={{ flexShrink: 0 }}>
                  {t(p.share === 'full' ? 'endedScopes.full' : 'endedScopes.partial')}
                </Badge>
              </Group>
            ))}
            <Button variant="default" leftSection={<IconMapPinSearch size={16} />} disabled={move.isPending} onClick={() => setPicking(true)}>
              {t('endedScopes.other')}
            </Button>
          </Group>
          {move.error && !picking && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={16} />} role="alert">
              {move.error.message}
            </Alert>
          )}
        </Stack>
      </Stack>
      <OtherUnitDialog
        opened={picking}
        name={user.fullName}
        loading={move.isPending}
        error={picking ? (move.error?.message ?? null) : null}
        onClose={() => {
          setPicking(false);
          move.reset();
        }}
        onConfirm={moveTo}
      />
    </Paper>
  );
}

function OtherUnitDialog({
  opened,
  name,
  loading,
  error,
  onClose,
  onConfirm,
}: {
  opened: boolean;
  name: string;
  loading: boolean;
  error: string | null;
  onClose: () => void;
  onConfirm: (id: string, name: string) => void;
}) {
  const { t } = useTranslation('users');
  const isPhone = useIsPhone();
  const [unit, setUnit] = useState<{ id: string; name: string } | null>(null);
  return (
    <Modal opened={opened} onClose={onClose} title={t('endedScopes.otherTitle', { name })} fullScreen={isPhone}>
      <Stack gap="md">
        <UnitPicker
          label={t('fields.scope')}
          description={t('endedScopes.otherHint')}
          value={unit?.id ?? null}
          onChange={(id, u) => setUnit(id && u ? { id, name: unitTitle(u) } : null)}
        />
        {error && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={16} />} role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button disabled={!unit} loading={loading} onClick={() => unit && onConfirm(unit.id, unit.name)}>
            {t('endedScopes.confirmMove')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
