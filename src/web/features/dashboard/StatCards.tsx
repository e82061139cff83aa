import { Box, Group, Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { IconEqual } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../shared/dashboard.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { typeColor } from './labels.js';

type Total = Dashboard['totals'][number];

/** Two to a row from the smallest phone on: five cards one under another would fill two screens. */
const grid = { base: 2, md: 3, lg: 5 } as const;

/**
 * A card per model type: groups and members on the day, the change since a year before, and the
 * months before as a small line on the type's own scale (a type of twenty teams next to one of
 * two thousand groups still shows its course).
 */
export function StatCards({ totals, yearBefore, series }: { totals: Total[]; yearBefore: string; series: Dashboard['series'] }) {
  return (
    <SimpleGrid cols={grid} spacing="sm">
      {totals.map((total, i) => (
        <StatCard
          key={total.type.code}
          total={total}
          color={typeColor(i)}
          yearBefore={yearBefore}
          trend={series.types.find((s) => s.type.code === total.type.code)?.groups ?? []}
        />
      ))}
    </SimpleGrid>
  );
}

/** A line through the known values, scaled to its own range. */
function Sparkline({ values, color }: { values: (number | null)[]; color: string }) {
  const known = values.flatMap((v, i) => (v === null ? [] : [{ i, v }]));
  if (known.length < 2 || known.every((k) => k.v === 0)) return null;
  const lo = Math.min(...known.map((k) => k.v));
  const hi = Math.max(...known.map((k) => k.v));
  const x = (i: number) => (i / (values.length - 1)) * 100;
  const y = (v: number) => (hi === lo ? 14 : 26 - ((v - lo) / (hi - lo)) * 24);
  return (
    <svg viewBox="0 0 100 28" preserveAspectRatio="none" width="100%" height={28} aria-hidden="true">
      <polyline
        points={known.map((k) => `${x(k.i)},${y(k.v)}`).join(' ')}
        fill="none"
        stroke={color}
        strokeWidth={1.5}
        vectorEffect="non-scaling-stroke"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function StatCardsLoading() {
  return (
    <SimpleGrid cols={grid} spacing="sm" aria-busy="true">
      {Array.from({ length: 5 }, (_, i) => (
        <Skeleton key={i} h={132} radius="sm" />
      ))}
    </SimpleGrid>
  );
}

function StatCard({ total, color, yearBefore, trend }: { total: Total; color: string; yearBefore: string; trend: (number | null)[] }) {
  const { t } = useTranslation('dashboard');
  const fmt = useFormat();
  // Sizes by the hook, not by responsive props: those put a <style> into the card's text.
  const isPhone = useIsPhone();
  const { now, change } = total;
  const since = fmt.date(yearBefore);
  return (
    <Paper withBorder p={isPhone ? 'sm' : 'md'} h="100%" data-testid={`dashboard-card-${total.type.code}`} style={{ borderTop: `3px solid ${color}` }}>
      <Stack gap={6} h="100%" justify="space-between">
        <Text fz={isPhone ? 'xs' : 'sm'} fw={600} c="dimmed" lh={1.3}>
          {total.type.name}
        </Text>
        <div>
          <Group gap={6} align="baseline" wrap="wrap" style={{ rowGap: 0 }}>
            <Text fz={isPhone ? 24 : 30} fw={700} lh={1.1} data-testid="groups">
              {fmt.number(now.groups)}
            </Text>
            <Text size="sm" c="dimmed">
              {t('cards.groups')}
            </Text>
          </Group>
          <Text fz={isPhone ? 'xs' : 'sm'}>{now.members === null ? t('cards.noMembers') : t('cards.members', { n: fmt.number(now.members) })}</Text>
        </div>
        <Sparkline values={trend} color={color} />
        {change === null ? (
          <Text size="xs" c="dimmed">
            {t('cards.noBefore')}
          </Text>
        ) : change.groups === 0 && !change.members ? (
          <Group gap={4} wrap="nowrap" align="flex-start">
            <IconEqual size={14} color="var(--mantine-color-gray-6)" style={{ flex: 'none', marginTop: 2 }} />
            <Text size="xs" c="dimmed">
              {t('cards.same', { date: since })}
            </Text>
          </Group>
        ) : (
          <Box>
            <Group gap={4} wrap="wrap" style={{ rowGap: 0 }}>
              {change.groups === 0 ? <IconEqual size={14} color="var(--mantine-color-gray-6)" /> : <Trend value={change.groups} />}
              <Text size="xs" c="dimmed">
                {t('cards.change', { date: since })}
              </Text>
            </Group>
            {change.members !== null && change.members !== 0 && (
              <Text size="xs" c={change.members > 0 ? 'teal.8' : 'red.8'}>
                {t('cards.changeMembers', { sign: change.members > 0 ? '+' : '−', n: fmt.number(Math.abs(change.members)) })}
              </Text>
            )}
          </Box>
        )}
      </Stack>
    </Paper>
  );
}

/** ▲ 12 in green, ▼ 3 in red. */
function Trend({ value }: { value: number }) {
  const fmt = useFormat();
  return (
    <Text size="sm" fw={700} c={value > 0 ? 'teal.8' : 'red.8'}>
      {`${value > 0 ? '▲' : '▼'} ${fmt.number(Math.abs(value))}`}
    </Text>
  );
}
