import { useEffect, useState } from 'react';
import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuildingCommunity, IconEdit, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../shared/units.js';
import { useCurrentUser } from '../../api/auth.js';
import { useDeleteUnit, useUnit, useUnits } from '../../api/units.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DateField } from '../../components/DateField.js';
import { levelLabel, unitTitle } from '../../components/labels.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { canWriteUnits } from '../auth/access.js';
import { UnitBreadcrumb } from './UnitBreadcrumb.js';
import { UnitCreateDialog, UnitEditDialog } from './UnitFormDialog.js';
import { UnitList } from './UnitList.js';
import { UnitValidity } from './UnitValidity.js';
import { childLevels } from './unitForm.js';

const route = getRouteApi('/_app/units');

export function UnitsPage() {
  const { t } = useTranslation('units');
  const me = useCurrentUser();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const date = search.date ?? todayIso();

  const [q, setQ] = useState(search.q ?? '');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  useEffect(() => {
    if ((debouncedQ || undefined) !== search.q) void navigate({ search: (s) => ({ ...s, q: debouncedQ || undefined }), replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedQ]);
  useEffect(() => {
    if ((search.q ?? '') !== q.trim()) setQ(search.q ?? '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search.q]);

  const searching = !!search.q;
  const current = useUnit(search.parentId);
  const list = useUnits(searching ? { q: search.q, date, limit: 100 } : { parentId: search.parentId, date });

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Unit | null>(null);
  const [deleting, setDeleting] = useState<Unit | null>(null);
  const del = useDeleteUnit();

  const go = (parentId: string | undefined) => void navigate({ search: (s) => ({ date: s.date, parentId }) });
  const parent = current.data ?? null;
  // A nationwide user may add provinces at the top; elsewhere one adds under the unit being browsed.
  const addLevels = parent ? childLevels(parent.level) : !search.parentId && me.scope === null ? childLevels(null) : [];
  const canAddHere = !searching && addLevels.some((level) => canWriteUnits(me, level));
  const editable = (u: Unit) => canWriteUnits(me, u.level);

  const closeDelete = () => {
    setDeleting(null);
    del.reset();
  };
  const confirmDelete = () => {
    if (!deleting) return;
    const wasCurrent = deleting.id === search.parentId;
    del.mutate(deleting.id, {
      onSuccess: () => {
        closeDelete();
        if (wasCurrent) go(deleting.parentId ?? undefined);
      },
    });
  };

  const addButton = canAddHere && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      {t('actions.add')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('title') }]}
        actions={addButton}
      />

      <Paper withBorder p="md" mb="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <DateField
            label={t('browser.asOf')}
            description={t('browser.asOfHint')}
            value={date}
            onChange={(d) => void navigate({ search: (s) => ({ ...s, date: d && d !== todayIso() ? d : undefined }), replace: true })}
          />
          <TextInput
            label={t('browser.search')}
            description={t('browser.searchHint')}
            placeholder={t('browser.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            type="search"
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
          />
        </SimpleGrid>
      </Paper>

      {!searching && (
        <Stack gap="sm" mb="md">
          <UnitBreadcrumb current={parent} scopeId={me.scope?.id ?? null} onGo={go} />
          {parent && (
            <Paper withBorder p="md">
              <Group justify="space-between" align="flex-start" gap="sm">
                <Stack gap={4}>
                  <Group gap="xs">
                    <Title order={3} fz="lg">
                      {unitTitle(parent)}
                    </Title>
                    <Badge variant="light">{levelLabel(t, parent.level)}</Badge>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {t('fields.code')}: <span className="tq-mono">{parent.code}</span> · {t('fields.kind')}: {parent.kind}
                  </Text>
                  <UnitValidity unit={parent} date={date} />
                </Stack>
                {editable(parent) && (
                  <Group gap="xs">
                    <Button size="xs" variant="default" leftSection={<IconEdit size={14} />} onClick={() => setEditing(parent)}>
                      {t('actions.edit')}
                    </Button>
                    <Button size="xs" variant="light" color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting(parent)}>
                      {t('actions.delete')}
                    </Button>
                  </Group>
                )}
              </Group>
            </Paper>
          )}
        </Stack>
      )}

      <Group justify="space-between" mb="xs">
        <Text fw={600}>
          {searching
            ? t('browser.results', { q: search.q })
            : parent
              ? t('browser.children', { name: unitTitle(parent) })
              : me.scope
                ? t('browser.topScoped')
                : t('browser.top')}
        </Text>
        {list.data && (
          <Text size="sm" c="dimmed">
            {t('browser.count', { count: list.data.items.length, n: fmt.number(list.data.items.length) })}
          </Text>
        )}
      </Group>

      {list.isPending || (search.parentId && current.isPending) ? (
        <Paper withBorder p="md">
          <LoadingRows rows={6} />
        </Paper>
      ) : list.error || current.error ? (
        <ErrorAlert error={list.error ?? current.error} onRetry={() => void Promise.all([list.refetch(), current.refetch()])} />
      ) : list.data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            icon={<IconBuildingCommunity size={28} stroke={1.5} />}
            title={searching ? t('empty.searchTitle') : t('empty.title')}
            description={searching ? t('empty.searchText') : t('empty.text', { date: fmt.date(date) })}
            action={addButton}
          />
        </Paper>
      ) : (
        <UnitList
          units={list.data.items}
          date={date}
          withPath={searching}
          dimmed={list.isPlaceholderData}
          onOpen={(u) => go(u.id)}
          editable={editable}
          onEdit={setEditing}
          onDelete={setDeleting}
        />
      )}

      {creating && <UnitCreateDialog opened parent={parent} defaultDate={date} onClose={() => setCreating(false)} />}
      <UnitEditDialog unit={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        opened={deleting !== null}
        title={t('delete.title')}
        message={deleting ? t('delete.text', { name: unitTitle(deleting), code: deleting.code }) : ''}
        confirmLabel={t('actions.delete')}
        danger
        loading={del.isPending}
        error={del.error?.message}
        onConfirm={confirmDelete}
        onClose={closeDelete}
      />
    </>
  );
}
