import { useState } from 'react';
import { ActionIcon, Button, Group, Menu, Modal, Paper, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCategory, IconDots, IconEdit, IconPlayerPause, IconPlayerPlay, IconPlus } from '@tabler/icons-react';
import { getRouteApi, Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ModelType } from '../../../shared/model-types.js';
import { useCurrentUser } from '../../api/auth.js';
import { useModelTypes, useRetireModelType } from '../../api/modelTypes.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DateField } from '../../components/DateField.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { can } from '../auth/access.js';
import { CountsMembers, OriginBadge, UseBadge } from './ModelTypeBadges.js';

const route = getRouteApi('/_app/model-types');

/** The kinds of self-management model: the five built in, and those added nationally or by a province. */
export function ModelTypesPage() {
  const { t } = useTranslation('modelTypes');
  const me = useCurrentUser();
  const fmt = useFormat();
  const isPhone = useIsPhone();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const includeRetired = !!search.retired;
  const types = useModelTypes(includeRetired);
  const canWrite = can(me, 'model_types.write');
  const [retiring, setRetiring] = useState<ModelType | null>(null);
  const [restoring, setRestoring] = useState<ModelType | null>(null);
  const restore = useRetireModelType();

  const add = () => void navigate({ to: '/model-types/new', search: (s) => s });
  const edit = (type: ModelType) => void navigate({ to: '/model-types/$code/edit', params: { code: type.code }, search: (s) => s });
  const actions = canWrite ? { onEdit: edit, onRetire: setRetiring, onRestore: setRestoring } : null;

  return (
    <>
      <PageHeader
        title={t('title')}
        description={types.data ? t('count', { count: types.data.length, n: fmt.number(types.data.length) }) : t('description')}
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('common:nav.groups'), to: '/groups' }, { label: t('title') }]}
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={add}>
              {t('add')}
            </Button>
          )
        }
      />
      <Group mb="md">
        <Switch
          label={t('showRetired')}
          checked={includeRetired}
          onChange={(e) => void navigate({ search: { retired: e.currentTarget.checked ? true : undefined }, replace: true })}
        />
      </Group>

      {types.isPending ? (
        <Paper withBorder p="md">
          <LoadingRows rows={5} />
        </Paper>
      ) : types.error ? (
        <ErrorAlert error={types.error} onRetry={() => void types.refetch()} />
      ) : types.data.length === 0 ? (
        <Paper withBorder>
          <Empty icon={<IconCategory size={28} stroke={1.5} />} title={t('empty.title')} description={t('empty.text')} />
        </Paper>
      ) : isPhone ? (
        <ModelTypeCards types={types.data} actions={actions} />
      ) : (
        <Paper withBorder style={{ overflow: 'hidden', opacity: types.isPlaceholderData ? 0.6 : 1 }}>
          <ModelTypeTable types={types.data} actions={actions} />
        </Paper>
      )}

      <RetireDialog type={retiring} onClose={() => setRetiring(null)} />
      <ConfirmDialog
        opened={restoring !== null}
        title={t('restore.title')}
        message={restoring ? t('restore.text', { name: restoring.name }) : ''}
        confirmLabel={t('actions.restore')}
        loading={restore.isPending}
        error={restore.error?.message}
        onConfirm={() => {
          if (!restoring) return;
          restore.mutate(
            { code: restoring.code, date: null },
            {
              onSuccess: (type) => {
                notifications.show({ color: 'green', title: t('restore.doneTitle'), message: t('restore.done', { name: type.name }) });
                setRestoring(null);
                restore.reset();
              },
            },
          );
        }}
        onClose={() => {
          setRestoring(null);
          restore.reset();
        }}
      />
      <Outlet />
    </>
  );
}

interface Actions {
  onEdit: (type: ModelType) => void;
  onRetire: (type: ModelType) => void;
  onRestore: (type: ModelType) => void;
}

/** Edit, retire or restore; built-in types are fixed. */
function TypeMenu({ type, actions }: { type: ModelType; actions: Actions }) {
  const { t } = useTranslation('modelTypes');
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t('actions.more', { name: type.name })}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconEdit size={16} />} onClick={() => actions.onEdit(type)}>
          {t('actions.edit')}
        </Menu.Item>
        {type.retiredOn ? (
          <Menu.Item leftSection={<IconPlayerPlay size={16} />} onClick={() => actions.onRestore(type)}>
            {t('actions.restore')}
          </Menu.Item>
        ) : (
          <Menu.Item leftSection={<IconPlayerPause size={16} />} color="red" onClick={() => actions.onRetire(type)}>
            {t('actions.retire')}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

function ModelTypeTable({ types, actions }: { types: ModelType[]; actions: Actions | null }) {
  const { t } = useTranslation('modelTypes');
  const withMenus = !!actions && types.some((type) => !type.builtIn);
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table striped="odd">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.name')}</Table.Th>
            <Table.Th>{t('fields.reportNoun')}</Table.Th>
            <Table.Th>{t('fields.countsMembers')}</Table.Th>
            <Table.Th>{t('fields.origin')}</Table.Th>
            <Table.Th>{t('fields.use')}</Table.Th>
            {withMenus && <Table.Th w={48} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {types.map((type) => (
            <Table.Tr key={type.code} style={{ opacity: type.retiredOn ? 0.7 : 1 }}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {type.name}
                </Text>
                <Text size="xs" c="dimmed" className="tq-mono">
                  {type.code}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{type.reportNoun}</Text>
              </Table.Td>
              <Table.Td>
                <CountsMembers type={type} />
              </Table.Td>
              <Table.Td>
                <OriginBadge type={type} />
              </Table.Td>
              <Table.Td>
                <UseBadge type={type} />
              </Table.Td>
              {withMenus && <Table.Td>{actions && !type.builtIn && <TypeMenu type={type} actions={actions} />}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ModelTypeCards({ types, actions }: { types: ModelType[]; actions: Actions | null }) {
  const { t } = useTranslation('modelTypes');
  return (
    <Stack gap="xs">
      {types.map((type) => (
        <Paper key={type.code} withBorder p="sm" style={{ opacity: type.retiredOn ? 0.75 : 1 }}>
          <Group wrap="nowrap" align="flex-start" gap="xs">
            <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
              <Text fw={600}>{type.name}</Text>
              <Text size="sm" c="dimmed">
                {t('fields.reportNoun')}: {type.reportNoun}
              </Text>
              <Text size="sm" c="dimmed">
                {t('fields.countsMembers')}: {type.countsMembers ? t('yes') : t('no')}
              </Text>
              <Group gap={6} mt={2}>
                <OriginBadge type={type} />
                <UseBadge type={type} />
              </Group>
            </Stack>
            {actions && !type.builtIn && <TypeMenu type={type} actions={actions} />}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

/** Stops a type from taking new groups from a date; its groups keep their history. */
function RetireDialog({ type, onClose }: { type: ModelType | null; onClose: () => void }) {
  const { t } = useTranslation('modelTypes');
  const isPhone = useIsPhone();
  return (
    <Modal opened={type !== null} onClose={onClose} title={t('retire.title')} size="md" fullScreen={isPhone}>
      {type && <RetireForm key={type.code} type={type} onClose={onClose} />}
    </Modal>
  );
}

function RetireForm({ type, onClose }: { type: ModelType; onClose: () => void }) {
  const { t } = useTranslation('modelTypes');
  const fmt = useFormat();
  const retire = useRetireModelType();
  const [date, setDate] = useState<string | null>(todayIso());
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!date) return setError(t('retire.dateRequired'));
        setError(null);
        retire.mutate(
          { code: type.code, date },
          {
            onSuccess: (done) => {
              notifications.show({ color: 'green', title: t('retire.doneTitle'), message: t('retire.done', { name: done.name, date: fmt.date(date) }) });
              onClose();
            },
          },
        );
      }}
    >
      <Stack gap="md">
        <Text size="sm">{t('retire.text', { name: type.name })}</Text>
        {retire.error && (
          <Text size="sm" c="red" role="alert">
            {retire.error.message}
          </Text>
        )}
        <DateField label={t('retire.date')} required value={date} onChange={setDate} error={error} w={200} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" color="red" loading={retire.isPending}>
            {t('actions.retire')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
