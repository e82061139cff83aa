import { Badge, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PastCensusChange } from '../../shared/group-import.js';
import { useFormat } from '../i18n/useFormat.js';
import { useIsPhone } from '../lib/useIsPhone.js';

type Pair = PastCensusChange['groups'];

/** "4/2018" for a month, "30/4/2018" for a reported day. */
function usePeriod() {
  const { t } = useTranslation('pastChanges');
  const fmt = useFormat();
  return (date: string) => {
    const month = /^(\d{4})-(\d{2})$/.exec(date);
    if (!month) return fmt.date(date);
    return t('month', { month: Number(month[2]), year: month[1] });
  };
}

/** "2.596 → 2.796" and the signed difference, green when it grows and red when it shrinks. */
function Change({ pair }: { pair: Pair }) {
  const fmt = useFormat();
  const diff = pair.after - pair.before;
  if (diff === 0) return <Text size="sm">{fmt.number(pair.before)}</Text>;
  return (
    <Group gap={6} wrap="nowrap" justify="flex-end">
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {fmt.number(pair.before)} → <b>{fmt.number(pair.after)}</b>
      </Text>
      <Text size="sm" fw={700} c={diff > 0 ? 'green.8' : 'red.8'} style={{ whiteSpace: 'nowrap' }}>
        {diff > 0 ? '+' : '−'}
        {fmt.number(Math.abs(diff))}
      </Text>
    </Group>
  );
}

function RecordedBadge({ change }: { change: PastCensusChange }) {
  const { t } = useTranslation('pastChanges');
  // Never cut short: the badge is what tells a reported figure from an old one.
  const style = { flexShrink: 0, overflow: 'visible' } as const;
  return change.reported ? (
    <Badge color="orange" variant="light" size="sm" style={style}>
      {t('recorded')}
    </Badge>
  ) : (
    <Badge color="gray" variant="light" size="sm" style={style}>
      {t('old')}
    </Badge>
  );
}

/**
 * The censuses of the past that a write would change: each area and month (or reported day),
 * its groups and members before and after. Reported ones come first, as the server orders them.
 */
export function PastCensusChanges({ changes, count }: { changes: PastCensusChange[]; count: number }) {
  const { t } = useTranslation('pastChanges');
  const fmt = useFormat();
  const period = usePeriod();
  const isPhone = useIsPhone();
  const area = (c: PastCensusChange) => c.unit?.name ?? t('country');
  const key = (c: PastCensusChange, i: number) => `${c.unit?.code ?? '-'}:${c.date}:${i}`;
  const hidden = count - changes.length;

  const summary = (
    <Text size="sm">
      {t('summary', { count, n: fmt.number(count) })}
      {hidden > 0 && ` ${t('more', { count: hidden, n: fmt.number(hidden) })}`}
    </Text>
  );

  if (isPhone) {
    return (
      <Stack gap="xs" data-testid="past-census-changes">
        {summary}
        {changes.map((c, i) => (
          <Paper key={key(c, i)} withBorder p="sm">
            <Group justify="space-between" gap={6} mb={6}>
              <Text fw={600} size="sm">
                {area(c)} · {period(c.date)}
              </Text>
              <RecordedBadge change={c} />
            </Group>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="xs" c="dimmed">
                {t('col.groups')}
              </Text>
              <Change pair={c.groups} />
            </Group>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="xs" c="dimmed">
                {t('col.members')}
              </Text>
              <Change pair={c.members} />
            </Group>
          </Paper>
        ))}
      </Stack>
    );
  }

  return (
    <Stack gap="xs" data-testid="past-census-changes">
      {summary}
      <Paper withBorder style={{ overflow: 'hidden' }}>
        <Table.ScrollContainer minWidth={560}>
          <Table striped="odd">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('col.area')}</Table.Th>
                <Table.Th>{t('col.period')}</Table.Th>
                <Table.Th ta="right">{t('col.groups')}</Table.Th>
                <Table.Th ta="right">{t('col.members')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changes.map((c, i) => (
                <Table.Tr key={key(c, i)}>
                  <Table.Td fw={500}>{area(c)}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {period(c.date)}
                      </Text>
                      <RecordedBadge change={c} />
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Change pair={c.groups} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Change pair={c.members} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}
