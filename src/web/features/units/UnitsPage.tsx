import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconBuildingCommunity, IconCalendarOff, IconEdit, IconHistory, IconPlus, IconTrash } from '@tabler/icons-react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../shared/units.js';
import { useCurrentUser } from '../../api/auth.js';
import { useDeleteUnit, useUnit, useUnits } from '../../api/units.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DateField } from '../../components/DateField.js';
import { levelLabel, unitTitle } from '../../components/labels.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { isValidAt } from '../../lib/dates.js';
import { canWriteUnits } from '../auth/access.js';
import { UnitBreadcrumb } from './UnitBreadcrumb.js';
import { UnitCreateDialog, UnitEditDialog } from './UnitFormDialog.js';
import { UnitList } from './UnitList.js';
import { UnitMoveDialog } from './UnitMoveDialog.js';
import { lowerFirst, UnitValidity, useValidityText } from './UnitValidity.js';
import { childLevels } from './unitForm.js';

const route = getRouteApi('/_app/units');

/** The unit left behind when the date moved outside its period. */
interface Gone {
  id: string;
  name: string;
  date: string;
  validity: string;
}

/**
 * The units as of a date, one level at a time. Date and position live in the URL, so a view
 * can be linked and survives a reload.
 */
export function UnitsPage() {
  const { t } = useTranslation('units');
  const me = useCurrentUser();
  const fmt = useFormat();
  const validity = useValidityText();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const goTo = useNavigate();
  const date = search.date ?? todayIso();

  const current = useUnit(search.parent, date);
  const parent = current.data ?? null;
  const parentExists = !parent || isValidAt(parent, date);
  const list = useUnits({ parentId: search.parent, date }, { enabled: !search.parent || (!!parent && parentExists) });

  // Going into a unit, then to a date it did not exist on: back to the top, saying why.
  const [gone, setGone] = useState<Gone | null>(null);
  useEffect(() => {
    if (parent && !parentExists) {
      setGone({ id: parent.id, name: unitTitle(parent), date, validity: validity(parent) });
      void navigate({ search: (s) => ({ date: s.date }), replace: true });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [parent, parentExists, date]);

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Unit | null>(null);
  const [moving, setMoving] = useState<Unit | null>(null);
  const [deleting, setDeleting] = useState<Unit | null>(null);
  const del = useDeleteUnit();

  const go = (id: string | undefined) => {
    setGone(null);
    void navigate({ search: (s) => ({ date: s.date, parent: id }) });
  };
  const setDate = (d: string | null) => void navigate({ search: (s) => ({ ...s, date: d && d !== todayIso() ? d : undefined }), replace: true });
  const openPage = (id: string) => void goTo({ to: '/units/$id', params: { id }, search: { date } });

  // A nationwide user may add provinces at the top; elsewhere one adds under the unit being browsed.
  const addLevels = parent ? childLevels(parent.level) : !search.parent && me.scope === null ? childLevels(null) : [];
  const canAddHere = parentExists && addLevels.some((level) => canWriteUnits(me, level));
  const editable = (u: Unit) => canWriteUnits(me, u.level);

  const closeDelete = () => {
    setDeleting(null);
    del.reset();
  };
  const confirmDelete = () => {
    if (!deleting) return;
    const wasCurrent = deleting.id === search.parent;
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
          <DateField label={t('browser.asOf')} description={t('browser.asOfHint')} value={date} onChange={setDate} />
          <UnitPicker
            label={t('browser.search')}
            description={t('browser.searchHint', { date: fmt.date(date) })}
            placeholder={t('browser.searchPlaceholder')}
            value={null}
            date={date}
            clearable={false}
            onChange={(id) => id && openPage(id)}
          />
        </SimpleGrid>
      </Paper>

      {gone && (
        <Alert
          color="yellow"
          variant="light"
          mb="md"
          icon={<IconCalendarOff size={18} />}
          title={t('browser.goneTitle', { date: fmt.date(gone.date) })}
          withCloseButton
          onClose={() => setGone(null)}
          role="status"
        >
          <Stack gap="xs">
            <Text size="sm">{t('browser.goneText', { name: gone.name, validity: lowerFirst(gone.validity) })}</Text>
            <Group>
              <Button size="xs" variant="white" color="dark" leftSection={<IconHistory size={14} />} onClick={() => openPage(gone.id)}>
                {t('browser.goneHistory', { name: gone.name })}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}

      <Stack gap="sm" mb="md">
        <UnitBreadcrumb current={parent && parentExists ? parent : null} scopeId={me.scope?.id ?? null} onGo={go} />
        {parent && parentExists && (
          <Paper withBorder p="md">
            <Group justify="space-between" align="flex-start" gap="sm">
              <Stack gap={4} style={{ minWidth: 0 }}>
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
              <Group gap="xs">
                <Button size="xs" variant="light" leftSection={<IconHistory size={14} />} onClick={() => openPage(parent.id)}>
                  {t('actions.openPage')}
                </Button>
                {editable(parent) && (
                  <>
                    <Button size="xs" variant="default" leftSection={<IconEdit size={14} />} onClick={() => setEditing(parent)}>
                      {t('actions.edit')}
                    </Button>
                    <Button size="xs" variant="light" color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting(parent)}>
                      {t('actions.delete')}
                    </Button>
                  </>
                )}
              </Group>
            </Group>
          </Paper>
        )}
      </Stack>

      <Group justify="space-between" mb="xs">
        <Text fw={600}>
          {parent && parentExists
            ? t('browser.childrenAt', { name: unitTitle(parent), date: fmt.date(date) })
            : me.scope
              ? t('browser.topScopedAt', { date: fmt.date(date) })
              : t('browser.topAt', { date: fmt.date(date) })}
        </Text>
        {list.data && (
          <Text size="sm" c="dimmed">
            {t('browser.count', { count: list.data.items.length, n: fmt.number(list.data.items.length) })}
          </Text>
        )}
      </Group>

      {current.error || list.error ? (
        <ErrorAlert error={current.error ?? list.error} onRetry={() => void Promise.all([current.refetch(), list.refetch()])} />
      ) : !list.data ? (
        <Paper withBorder p="md">
          <LoadingRows rows={6} />
        </Paper>
      ) : list.data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            icon={<IconBuildingCommunity size={28} stroke={1.5} />}
            title={t('empty.title')}
            description={t('empty.text', { date: fmt.date(date) })}
            action={addButton}
          />
        </Paper>
      ) : (
        <UnitList
          units={list.data.items}
          date={date}
          dimmed={list.isPlaceholderData}
          onBrowse={(u) => go(u.id)}
          editable={editable}
          onEdit={setEditing}
          onDelete={setDeleting}
          onMove={setMoving}
        />
      )}

      {creating && <UnitCreateDialog opened parent={parent} defaultDate={date} onClose={() => setCreating(false)} />}
      <UnitEditDialog unit={editing} onClose={() => setEditing(null)} />
      <UnitMoveDialog unit={moving} onClose={() => setMoving(null)} />
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
