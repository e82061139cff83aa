import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowsExchange, IconBuildingCommunity, IconCalendarOff, IconEdit, IconPlus, IconSignature, IconSitemap, IconTrash } from '@tabler/icons-react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../shared/units.js';
import { useCurrentUser } from '../../api/auth.js';
import { useDeleteUnit, useUnit, useUnitHistory, useUnits } from '../../api/units.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DateField } from '../../components/DateField.js';
import { DetailField } from '../../components/DetailField.js';
import { DetailPageGate } from '../../components/DetailPageGate.js';
import { levelLabel, unitTitle } from '../../components/labels.js';
import { PageHeader, type Crumb } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { bestDateFor, isValidAt } from '../../lib/dates.js';
import { canWriteUnits } from '../auth/access.js';
import { UnitAnchor } from './UnitAnchor.js';
import { UnitCreateDialog, UnitEditDialog } from './UnitFormDialog.js';
import { UnitHistoryPanel } from './UnitHistoryPanel.js';
import { UnitList } from './UnitList.js';
import { UnitMoveDialog } from './UnitMoveDialog.js';
import { UnitRenameDialog } from './UnitRenameDialog.js';
import { lowerFirst, useValidityText } from './UnitValidity.js';
import { childLevels } from './unitForm.js';

const route = getRouteApi('/_app/units/$id');

export function UnitPage() {
  const { t } = useTranslation('units');
  const { id } = route.useParams();
  const unit = useUnit(id);
  const crumbs: Crumb[] = [
    { label: t('common:nav.home'), to: '/' },
    { label: t('title'), to: '/units' },
  ];

  return (
    <DetailPageGate query={unit} loadingTitle={t('page.loading')} errorTitle={t('title')} crumbs={crumbs}>
      {(data) => <UnitView key={data.id} unit={data} />}
    </DetailPageGate>
  );
}

function UnitView({ unit }: { unit: Unit }) {
  const { t } = useTranslation('units');
  const me = useCurrentUser();
  const fmt = useFormat();
  const validity = useValidityText();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const goTo = useNavigate();
  const today = todayIso();
  const bestDate = bestDateFor(unit, today);
  const date = search.date ?? bestDate;
  const existsAtDate = isValidAt(unit, date);
  const hasChildren = unit.level !== 'village';

  const history = useUnitHistory(unit.id);
  const children = useUnits({ parentId: unit.id, date }, { enabled: hasChildren && existsAtDate });

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Unit | null>(null);
  const [moving, setMoving] = useState<Unit | null>(null);
  const [renaming, setRenaming] = useState<Unit | null>(null);
  const [deleting, setDeleting] = useState<Unit | null>(null);
  const del = useDeleteUnit();
  const editable = (u: Unit) => canWriteUnits(me, u.level);
  const canAdd = existsAtDate && childLevels(unit.level).some((level) => canWriteUnits(me, level));

  // Ancestors above the user's own area are named but cannot be opened.
  const scopeIndex = me.scope ? unit.path.findIndex((p) => p.id === me.scope!.id) : 0;
  const ancestors = unit.path.slice(0, -1);
  const crumbs: Crumb[] = [
    { label: t('common:nav.home'), to: '/' },
    { label: t('title'), to: '/units', search: { date: search.date } },
    ...ancestors.map((p, i) =>
      scopeIndex !== -1 && i >= scopeIndex ? { label: p.name, to: '/units/$id', params: { id: p.id }, search: { date: search.date } } : { label: p.name },
    ),
    { label: unitTitle(unit) },
  ];
  const parent = ancestors[ancestors.length - 1];
  const parentReachable = parent && scopeIndex !== -1 && ancestors.length - 1 >= scopeIndex;

  const status = isValidAt(unit, today)
    ? { color: 'green', label: t('page.statusActive') }
    : unit.validFrom > today
      ? { color: 'blue', label: t('page.statusFuture') }
      : { color: 'gray', label: t('page.statusEnded') };

  const setDate = (d: string | null) => void navigate({ search: { date: d && d !== bestDate ? d : undefined }, replace: true });
  const browse = () =>
    void goTo({
      to: '/units',
      search: { parent: hasChildren ? unit.id : (unit.parentId ?? undefined), date: date === today ? undefined : date },
    });

  const addButton = canAdd && (
    <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
      {t('actions.add')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={unitTitle(unit)}
        description={t('page.description', { level: levelLabel(t, unit.level), code: unit.code })}
        crumbs={crumbs}
        actions={
          <>
            <Button variant="light" leftSection={<IconSitemap size={16} />} onClick={browse}>
              {t('actions.browse')}
            </Button>
            {editable(unit) && (
              <>
                <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(unit)}>
                  {t('actions.edit')}
                </Button>
                {unit.level === 'village' && !unit.validTo && unit.validFrom < today && (
                  <Button variant="default" leftSection={<IconSignature size={16} />} onClick={() => setRenaming(unit)}>
                    {t('actions.rename')}
                  </Button>
                )}
                {unit.level === 'village' && !unit.validTo && (
                  <Button variant="default" leftSection={<IconArrowsExchange size={16} />} onClick={() => setMoving(unit)}>
                    {t('actions.move')}
                  </Button>
                )}
                <Button variant="light" color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(unit)}>
                  {t('actions.delete')}
                </Button>
              </>
            )}
          </>
        }
      />

      <Stack gap="md">
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md" verticalSpacing="md">
            <DetailField label={t('fields.name')}>
              <Text size="sm" fw={600}>
                {unit.name}
              </Text>
              {unit.label && (
                <Text size="xs" c="dimmed">
                  {unit.label}
                </Text>
              )}
            </DetailField>
            <DetailField label={t('fields.code')}>
              <Text size="sm" className="tq-mono">
                {unit.code}
              </Text>
            </DetailField>
            <DetailField label={t('fields.kind')}>
              <Text size="sm">{unit.kind}</Text>
            </DetailField>
            <DetailField label={t('fields.level')}>
              <Text size="sm">{levelLabel(t, unit.level)}</Text>
            </DetailField>
            <DetailField label={t('fields.validity')}>
              <Stack gap={4} align="flex-start">
                <Text size="sm">{validity(unit)}</Text>
                <Badge size="sm" variant="light" color={status.color}>
                  {status.label}
                </Badge>
              </Stack>
            </DetailField>
            <DetailField label={t('fields.parent')}>
              {parent ? (
                parentReachable ? (
                  <UnitAnchor id={parent.id} date={search.date} size="sm" fw={600}>
                    {parent.name}
                  </UnitAnchor>
                ) : (
                  <Text size="sm">{parent.name}</Text>
                )
              ) : (
                <Text size="sm" c="dimmed">
                  {t('page.noParent')}
                </Text>
              )}
            </DetailField>
          </SimpleGrid>
        </Paper>

        <UnitHistoryPanel unitId={unit.id} history={history.data} error={history.error} onRetry={() => void history.refetch()} />

        {hasChildren && (
          <Paper withBorder p="md" component="section" aria-label={t('page.children')}>
            <Group justify="space-between" align="flex-end" mb="md" gap="sm">
              <Stack gap={2}>
                <Title order={3} fz="lg">
                  {t('page.children')}
                </Title>
                {children.data && existsAtDate && (
                  <Text size="sm" c="dimmed">
                    {t('page.childrenCount', { count: children.data.items.length, n: fmt.number(children.data.items.length), date: fmt.date(date) })}
                  </Text>
                )}
              </Stack>
              <Group gap="sm" align="flex-end">
                <DateField label={t('page.asOf')} value={date} onChange={setDate} w={170} />
                {addButton}
              </Group>
            </Group>

            {!existsAtDate ? (
              <Alert color="yellow" variant="light" icon={<IconCalendarOff size={18} />} title={t('browser.goneTitle', { date: fmt.date(date) })}>
                <Stack gap="xs">
                  <Text size="sm">{t('page.notAtDate', { validity: lowerFirst(validity(unit)) })}</Text>
                  <Group>
                    <Button size="xs" variant="white" color="dark" onClick={() => setDate(bestDate)}>
                      {t('page.showAt', { date: fmt.date(bestDate) })}
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            ) : children.error ? (
              <ErrorAlert error={children.error} onRetry={() => void children.refetch()} />
            ) : !children.data ? (
              <LoadingRows rows={5} />
            ) : children.data.items.length === 0 ? (
              <Empty
                icon={<IconBuildingCommunity size={28} stroke={1.5} />}
                title={t('empty.title')}
                description={t('empty.text', { date: fmt.date(date) })}
                action={addButton}
              />
            ) : (
              <UnitList
                units={children.data.items}
                date={date}
                dimmed={children.isPlaceholderData}
                editable={editable}
                onEdit={setEditing}
                onDelete={setDeleting}
                onMove={setMoving}
              />
            )}
          </Paper>
        )}
      </Stack>

      {creating && <UnitCreateDialog opened parent={unit} defaultDate={date} onClose={() => setCreating(false)} />}
      <UnitEditDialog unit={editing} onClose={() => setEditing(null)} />
      <UnitMoveDialog unit={moving} onClose={() => setMoving(null)} />
      <UnitRenameDialog unit={renaming} onClose={() => setRenaming(null)} />
      <ConfirmDialog
        opened={deleting !== null}
        title={t('delete.title')}
        message={deleting ? t('delete.text', { name: unitTitle(deleting), code: deleting.code }) : ''}
        confirmLabel={t('actions.delete')}
        danger
        loading={del.isPending}
        error={del.error?.message}
        onConfirm={() => {
          if (!deleting) return;
          const target = deleting;
          del.mutate(target.id, {
            onSuccess: () => {
              setDeleting(null);
              del.reset();
              if (target.id === unit.id) void goTo({ to: '/units', search: { parent: unit.parentId ?? undefined } });
            },
          });
        }}
        onClose={() => {
          setDeleting(null);
          del.reset();
        }}
      />
    </>
  );
}
