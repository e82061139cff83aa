import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, SegmentedControl, Select, Stack, Table, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconArrowRight, IconCircleCheck, IconHomeQuestion, IconMapPinCheck } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Placement } from '../../../shared/units.js';
import { usePendingPlacementCount, usePlacements, usePlaceVillage } from '../../api/units.js';
import { unitTitle } from '../../components/labels.js';
import { ListFooter } from '../../components/ListFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { UnitAnchor } from './UnitAnchor.js';

const route = getRouteApi('/_app/units/placements');
export const PLACEMENTS_PAGE_SIZE = 25;

/** Villages of communes that the reform split, each waiting for an officer to choose its new commune. */
export function PlacementsPage() {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const status = search.tab ?? 'pending';
  const page = search.page ?? 1;
  const list = usePlacements({ status, page, pageSize: PLACEMENTS_PAGE_SIZE });
  const pending = usePendingPlacementCount(true);
  const isPhone = useIsPhone();

  return (
    <>
      <PageHeader
        title={t('placements.title')}
        description={t('placements.why')}
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('title'), to: '/units' }, { label: t('placements.title') }]}
      />
      <Tabs
        value={status}
        onChange={(v) => void navigate({ search: { tab: v === 'placed' ? 'placed' : undefined } })}
        keepMounted={false}
        mb="md"
      >
        <Tabs.List>
          <Tabs.Tab
            value="pending"
            leftSection={<IconHomeQuestion size={16} />}
            rightSection={
              pending.data ? (
                <Badge size="sm" color="orange" variant="filled" circle={pending.data < 10}>
                  {fmt.number(pending.data)}
                </Badge>
              ) : undefined
            }
          >
            {t('placements.pending')}
          </Tabs.Tab>
          <Tabs.Tab value="placed" leftSection={<IconMapPinCheck size={16} />}>
            {t('placements.placed')}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>

      {list.isPending ? (
        <Paper withBorder p="md">
          <LoadingRows rows={5} height={56} />
        </Paper>
      ) : list.error ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Paper withBorder>
          <Empty
            icon={status === 'pending' ? <IconCircleCheck size={28} stroke={1.5} /> : <IconMapPinCheck size={28} stroke={1.5} />}
            title={status === 'pending' ? t('placements.emptyPending') : t('placements.emptyPlaced')}
            description={status === 'pending' ? t('placements.emptyPendingText') : t('placements.emptyPlacedText')}
          />
        </Paper>
      ) : (
        <>
          {status === 'pending' ? (
            isPhone ? (
              <Stack gap="sm">
                {list.data.items.map((p) => (
                  <Paper key={p.id} withBorder p="sm">
                    <PendingPlacement placement={p} layout="card" />
                  </Paper>
                ))}
              </Stack>
            ) : (
              <Paper withBorder style={{ overflow: 'hidden', opacity: list.isPlaceholderData ? 0.6 : 1 }}>
                <Table.ScrollContainer minWidth={860}>
                  <Table verticalSpacing="md">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('placements.village')}</Table.Th>
                        <Table.Th>{t('placements.fromCommune')}</Table.Th>
                        <Table.Th>{t('placements.effectiveDate')}</Table.Th>
                        <Table.Th>{t('placements.placeInto')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {list.data.items.map((p) => (
                        <PendingPlacement key={p.id} placement={p} layout="row" />
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Paper>
            )
          ) : (
            <PlacedList items={list.data.items} phone={isPhone} dimmed={list.isPlaceholderData} />
          )}
          <ListFooter
            page={list.data.page}
            pageSize={list.data.pageSize}
            total={list.data.total}
            onPage={(p) => void navigate({ search: (s) => ({ ...s, page: p > 1 ? p : undefined }) })}
          />
        </>
      )}
    </>
  );
}

function VillageCell({ p }: { p: Placement }) {
  const { t } = useTranslation('units');
  return (
    <Stack gap={0}>
      <Text fw={600} size="sm">
        {unitTitle(p.village)}
      </Text>
      <Text size="xs" c="dimmed">
        {t('fields.code')} <span className="tq-mono">{p.village.code}</span>
      </Text>
    </Stack>
  );
}

function FromCell({ p }: { p: Placement }) {
  const { t } = useTranslation('units');
  return (
    <Stack gap={0}>
      <UnitAnchor id={p.fromCommune.id} size="sm">
        {p.fromCommune.name}
      </UnitAnchor>
      <Text size="xs" c="dimmed">
        {t('fields.code')} <span className="tq-mono">{p.fromCommune.code}</span>
      </Text>
    </Stack>
  );
}

/** One village waiting: choose among the new communes its old commune went into, then place it. */
function PendingPlacement({ placement: p, layout }: { placement: Placement; layout: 'row' | 'card' }) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const place = usePlaceVillage();
  const [choice, setChoice] = useState<string | null>(null);
  const options = p.candidates.map((c) => ({ value: c.id, label: c.name }));
  const label = t('placements.chooseFor', { name: unitTitle(p.village) });

  const submit = () => {
    if (!choice) return;
    const target = p.candidates.find((c) => c.id === choice);
    place.mutate(
      { id: p.id, communeId: choice },
      {
        onSuccess: () =>
          notifications.show({
            color: 'green',
            title: t('placements.doneTitle'),
            message: t('placements.done', { village: unitTitle(p.village), commune: target?.name ?? '' }),
          }),
      },
    );
  };

  const chooser =
    options.length <= 3 ? (
      <SegmentedControl
        value={choice ?? ''}
        onChange={setChoice}
        data={options}
        aria-label={label}
        orientation={layout === 'card' ? 'vertical' : 'horizontal'}
        fullWidth={layout === 'card'}
        size="sm"
      />
    ) : (
      <Select value={choice} onChange={setChoice} data={options} placeholder={t('placements.choosePlaceholder')} aria-label={label} w={layout === 'card' ? '100%' : 260} />
    );

  const action = (
    <Button size="sm" rightSection={<IconArrowRight size={14} />} disabled={!choice} loading={place.isPending} onClick={submit}>
      {t('placements.place')}
    </Button>
  );
  const error = place.error && (
    <Alert color="red" variant="light" p="xs" icon={<IconAlertCircle size={16} />} role="alert">
      <Text size="sm">{place.error.message}</Text>
    </Alert>
  );

  if (layout === 'card') {
    return (
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <VillageCell p={p} />
          <Badge variant="light" color="orange" style={{ flexShrink: 0 }}>
            {fmt.date(p.effectiveDate)}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {t('placements.fromCommune')}: {p.fromCommune.name} ({p.fromCommune.code})
        </Text>
        <Text size="sm" fw={600}>
          {t('placements.placeInto')}
        </Text>
        {chooser}
        {error}
        {action}
      </Stack>
    );
  }
  return (
    <Table.Tr>
      <Table.Td>
        <VillageCell p={p} />
      </Table.Td>
      <Table.Td>
        <FromCell p={p} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{fmt.date(p.effectiveDate)}</Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={6}>
          <Group gap="sm" wrap="nowrap">
            {chooser}
            {action}
          </Group>
          {error}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The commune a village went to. The queue names the placed unit, which is the village's new
 * record under its new commune: the commune is read from that record's path.
 */
function PlacedInto({ unit }: { unit: { id: string; name: string } }) {
  return (
    <UnitAnchor id={unit.id} size="sm" fw={600}>
      {unit.name}
    </UnitAnchor>
  );
}

function PlacedList({ items, phone, dimmed }: { items: Placement[]; phone: boolean; dimmed: boolean }) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  if (phone) {
    return (
      <Stack gap="sm">
        {items.map((p) => (
          <Paper key={p.id} withBorder p="sm">
            <VillageCell p={p} />
            <Group gap={6} mt={4} wrap="nowrap">
              <Text size="xs" c="dimmed">
                {p.fromCommune.name} →
              </Text>
              {p.placedCommune ? <PlacedInto unit={p.placedCommune} /> : '—'}
            </Group>
            {p.placedAt && (
              <Text size="xs" c="dimmed">
                {t('placements.placedAt', { at: fmt.dateTime(p.placedAt) })}
              </Text>
            )}
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <Paper withBorder style={{ overflow: 'hidden', opacity: dimmed ? 0.6 : 1 }}>
      <Table.ScrollContainer minWidth={760}>
        <Table striped="odd">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('placements.village')}</Table.Th>
              <Table.Th>{t('placements.fromCommune')}</Table.Th>
              <Table.Th>{t('placements.placedInto')}</Table.Th>
              <Table.Th>{t('placements.placedWhen')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <VillageCell p={p} />
                </Table.Td>
                <Table.Td>
                  <FromCell p={p} />
                </Table.Td>
                <Table.Td>{p.placedCommune ? <PlacedInto unit={p.placedCommune} /> : '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm">{p.placedAt ? fmt.dateTime(p.placedAt) : '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
