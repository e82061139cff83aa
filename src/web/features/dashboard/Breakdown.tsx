import { useState } from 'react';
import { Box, Button, Group, Paper, ScrollArea, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../shared/dashboard.js';
import { Empty } from '../../components/QueryStates.js';
import { RowLink } from '../../components/RowLink.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import type { MapMeasure } from './AreaMap.js';
import { decimalText } from './labels.js';

type Row = Dashboard['breakdown'][number];

/** A phone lists the first areas, and the rest on demand. */
const PHONE_ROWS = 5;

/**
 * The sub-areas ranked by the measure the map shows, with a bar each; a settled one opens its
 * own dashboard. Groups of the area itself and those whose unit is not settled are lines of
 * their own, always in view below the areas, and the total under them is the sum of every line:
 * the same as the cards above.
 */
export function Breakdown({
  rows,
  area,
  measure,
  onOpen,
  maxHeight,
}: {
  rows: Row[];
  area: { code: string; name: string } | null;
  measure: MapMeasure;
  onOpen: (code: string) => void;
  maxHeight?: number;
}) {
  const { t } = useTranslation('dashboard');
  const fmt = useFormat();
  const perThousand = (v: number | null) => (v === null ? '—' : decimalText(v, fmt.lang));
  const isPhone = useIsPhone();
  const [all, setAll] = useState(false);
  if (rows.length === 0)
    return (
      <Paper withBorder>
        <Empty title={t('breakdown.none')} />
      </Paper>
    );

  const opens = (r: Row) => !!r.unit && r.unit.code !== area?.code;
  const valueOf = (r: Row) => (measure === 'groups' ? r.groups : (r.perThousand ?? 0));
  // The areas, ranked; then the area's own groups, then those not settled in any.
  const areas = rows.filter(opens).sort((a, b) => valueOf(b) - valueOf(a));
  const apart = rows.filter((r) => !opens(r)).sort((a, b) => Number(!a.unit) - Number(!b.unit));
  const total = rows.reduce((n, r) => n + r.groups, 0);
  const max = Math.max(...rows.map(valueOf), 0) || 1;
  const withPopulation = rows.some((r) => r.population !== null);
  const nameOf = (r: Row) => (!r.unit ? t('breakdown.unsettled') : r.unit.code === area?.code ? t('breakdown.own', { name: r.unit.name }) : r.unit.name);
  const keyOf = (r: Row) => (!r.unit ? 'unsettled' : opens(r) ? r.unit.code : 'own');
  const bar = (r: Row) => (
    <Box h={6} bg="gray.1" style={{ borderRadius: 3, overflow: 'hidden' }}>
      <Box h="100%" w={`${(valueOf(r) / max) * 100}%`} bg="brand.6" style={{ borderRadius: 3 }} />
    </Box>
  );

  if (isPhone) {
    const card = (r: Row) => {
      const body = (
        <Paper withBorder px="sm" py={8}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text fw={600} size="sm" c={opens(r) ? undefined : 'dimmed'} fs={opens(r) ? undefined : 'italic'}>
              {nameOf(r)}
            </Text>
            <Group gap={4} wrap="nowrap">
              <Text fw={700} size="sm">
                {fmt.number(r.groups)}
              </Text>
              {opens(r) && <IconChevronRight size={16} color="var(--mantine-color-gray-6)" />}
            </Group>
          </Group>
          <Box mt={4}>{bar(r)}</Box>
          {r.population !== null && (
            <Text size="xs" c="dimmed" mt={2}>
              {t('breakdown.population')}: {fmt.number(r.population)} · {t('breakdown.perThousand')}: {perThousand(r.perThousand)}
            </Text>
          )}
        </Paper>
      );
      return opens(r) ? (
        <UnstyledButton key={keyOf(r)} onClick={() => onOpen(r.unit!.code)} style={{ display: 'block' }} aria-label={r.unit!.name}>
          {body}
        </UnstyledButton>
      ) : (
        <div key={keyOf(r)} data-testid={`breakdown-${keyOf(r)}`}>
          {body}
        </div>
      );
    };
    const shown = all ? areas : areas.slice(0, PHONE_ROWS);
    return (
      <Stack gap="xs">
        {shown.map(card)}
        {shown.length < areas.length && (
          <Button variant="default" onClick={() => setAll(true)}>
            {t('breakdown.all', { n: fmt.number(areas.length) })}
          </Button>
        )}
        {apart.map(card)}
        <Paper withBorder px="sm" py={8} bg="gray.0" data-testid="breakdown-total">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text fw={700} size="sm">
              {t('breakdown.total')}
            </Text>
            <Text fw={700} size="sm" data-testid="breakdown-total-groups">
              {fmt.number(total)}
            </Text>
          </Group>
        </Paper>
      </Stack>
    );
  }

  const line = (r: Row) => (
    <Table.Tr
      key={keyOf(r)}
      className={opens(r) ? 'tq-clickable-row' : undefined}
      onClick={opens(r) ? () => onOpen(r.unit!.code) : undefined}
      data-testid={opens(r) ? undefined : `breakdown-${keyOf(r)}`}
    >
      <Table.Td>
        {opens(r) ? (
          <RowLink onOpen={() => onOpen(r.unit!.code)}>{r.unit!.name}</RowLink>
        ) : (
          <Text size="sm" fs="italic" c="dimmed">
            {nameOf(r)}
          </Text>
        )}
        <Box mt={4} maw={220}>
          {bar(r)}
        </Box>
      </Table.Td>
      <Table.Td ta="right" fw={600}>
        {fmt.number(r.groups)}
      </Table.Td>
      {withPopulation && <Table.Td ta="right">{r.population === null ? '—' : fmt.number(r.population)}</Table.Td>}
      {withPopulation && <Table.Td ta="right">{perThousand(r.perThousand)}</Table.Td>}
    </Table.Tr>
  );

  return (
    <Paper withBorder style={{ overflow: 'hidden' }}>
      <ScrollArea.Autosize mah={maxHeight} type="auto">
        <Table striped="odd" highlightOnHover stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('breakdown.area')}</Table.Th>
              <Table.Th ta="right">{t('breakdown.groups')}</Table.Th>
              {withPopulation && <Table.Th ta="right">{t('breakdown.population')}</Table.Th>}
              {withPopulation && <Table.Th ta="right">{t('breakdown.perThousand')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{areas.map(line)}</Table.Tbody>
          {/* Always in view under a long list: the lines that are not areas, and the total. */}
          <Table.Tfoot style={{ position: 'sticky', bottom: 0, background: 'var(--mantine-color-body)', boxShadow: '0 -1px 0 var(--mantine-color-gray-3)' }}>
            {apart.map(line)}
            <Table.Tr data-testid="breakdown-total">
              <Table.Th>{t('breakdown.total')}</Table.Th>
              <Table.Th ta="right" data-testid="breakdown-total-groups">
                {fmt.number(total)}
              </Table.Th>
              {withPopulation && <Table.Th />}
              {withPopulation && <Table.Th />}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </ScrollArea.Autosize>
    </Paper>
  );
}
