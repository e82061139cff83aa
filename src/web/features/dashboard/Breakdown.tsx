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
const PHONE_ROWS = 10;

/**
 * The sub-areas ranked by the measure the map shows, with a bar each; a settled one opens its
 * own dashboard. Groups of the area itself and those whose commune is not settled come last.
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
  const sorted = [...rows].sort((a, b) => Number(opens(b)) - Number(opens(a)) || valueOf(b) - valueOf(a));
  const max = Math.max(...sorted.map(valueOf), 0) || 1;
  const withPopulation = rows.some((r) => r.population !== null);
  const nameOf = (r: Row) => (!r.unit ? t('breakdown.unsettled') : r.unit.code === area?.code ? t('breakdown.own', { name: r.unit.name }) : r.unit.name);
  const bar = (r: Row) => (
    <Box h={6} bg="gray.1" style={{ borderRadius: 3, overflow: 'hidden' }}>
      <Box h="100%" w={`${(valueOf(r) / max) * 100}%`} bg="brand.6" style={{ borderRadius: 3 }} />
    </Box>
  );

  if (isPhone) {
    const shown = all ? sorted : sorted.slice(0, PHONE_ROWS);
    return (
      <Stack gap="xs">
        {shown.map((r) => {
          const body = (
            <Paper withBorder p="sm">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text fw={600} size="sm" c={opens(r) ? undefined : 'dimmed'} fs={r.unit ? undefined : 'italic'}>
                  {nameOf(r)}
                </Text>
                <Group gap={4} wrap="nowrap">
                  <Text fw={700} size="sm">
                    {fmt.number(r.groups)}
                  </Text>
                  {opens(r) && <IconChevronRight size={16} color="var(--mantine-color-gray-6)" />}
                </Group>
              </Group>
              <Box mt={6}>{bar(r)}</Box>
              {r.population !== null && (
                <Text size="xs" c="dimmed" mt={4}>
                  {t('breakdown.population')}: {fmt.number(r.population)} · {t('breakdown.perThousand')}: {perThousand(r.perThousand)}
                </Text>
              )}
            </Paper>
          );
          return opens(r) ? (
            <UnstyledButton key={r.unit!.code} onClick={() => onOpen(r.unit!.code)} style={{ display: 'block' }} aria-label={r.unit!.name}>
              {body}
            </UnstyledButton>
          ) : (
            <div key={r.unit?.code ?? 'unsettled'}>{body}</div>
          );
        })}
        {shown.length < sorted.length && (
          <Button variant="default" onClick={() => setAll(true)}>
            {t('breakdown.all', { n: fmt.number(sorted.length) })}
          </Button>
        )}
      </Stack>
    );
  }

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
          <Table.Tbody>
            {sorted.map((r) => (
              <Table.Tr
                key={r.unit?.code ?? 'unsettled'}
                className={opens(r) ? 'tq-clickable-row' : undefined}
                onClick={opens(r) ? () => onOpen(r.unit!.code) : undefined}
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
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Paper>
  );
}
