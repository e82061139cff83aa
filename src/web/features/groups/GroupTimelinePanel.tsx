import { Paper, Stack, Text, ThemeIcon, Timeline, Title } from '@mantine/core';
import { IconFlag, IconMapPin, IconProgress } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { GroupTimeline } from '../../../shared/groups.js';
import { unitTitle } from '../../components/labels.js';
import { ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { useFormat } from '../../i18n/useFormat.js';
import { lastDay } from '../../lib/dates.js';
import { statusColors, statusLabel } from './GroupStatusBadge.js';
import { timelineEvents, type TimelineEvent } from './timeline.js';

/** Founding, status changes and moves, oldest first, each with the period it opened. */
export function GroupTimelinePanel({ timeline, error, onRetry }: { timeline?: GroupTimeline; error: unknown; onRetry: () => void }) {
  const { t } = useTranslation('groups');
  return (
    <Paper withBorder p="md" component="section" aria-label={t('timeline.title')}>
      <Title order={3} fz="lg" mb="md">
        {t('timeline.title')}
      </Title>
      {error ? (
        <ErrorAlert error={error} onRetry={onRetry} />
      ) : !timeline ? (
        <LoadingRows rows={3} />
      ) : (
        <Events events={timelineEvents(timeline)} />
      )}
    </Paper>
  );
}

function Events({ events }: { events: TimelineEvent[] }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const period = (from: string, until: string | null) =>
    until ? t('timeline.range', { from: fmt.date(from), last: fmt.date(lastDay(until)) }) : t('timeline.since', { from: fmt.date(from) });
  const decision = (e: { decisionNumber: string | null; decisionDate: string | null; decisionIssuer: string | null }) => {
    if (!e.decisionNumber && !e.decisionDate && !e.decisionIssuer) return null;
    const parts = [
      e.decisionNumber ? t('timeline.decisionNumber', { number: e.decisionNumber }) : t('timeline.decision'),
      e.decisionDate ? t('timeline.decisionDate', { date: fmt.date(e.decisionDate) }) : null,
      e.decisionIssuer,
    ].filter(Boolean);
    return (
      <Text size="sm" c="dimmed">
        {parts.join(', ')}
      </Text>
    );
  };
  const active = events.length - 1;

  return (
    <Timeline active={active} bulletSize={26} lineWidth={2}>
      {events.map((e, i) => {
        if (e.kind === 'founded')
          return (
            <Timeline.Item
              key={`f-${i}`}
              bullet={
                <ThemeIcon size={26} radius="xl" color="green">
                  <IconFlag size={14} />
                </ThemeIcon>
              }
              title={t('timeline.founded', { date: fmt.date(e.date) })}
            >
              <Stack gap={2}>
                {e.unit && <Text size="sm">{t('timeline.foundedIn', { area: unitTitle(e.unit) })}</Text>}
                <Text size="sm">
                  {t('status.active')}: {period(e.date, e.until)}
                </Text>
                {decision(e)}
              </Stack>
            </Timeline.Item>
          );
        if (e.kind === 'status')
          return (
            <Timeline.Item
              key={`s-${i}`}
              bullet={
                <ThemeIcon size={26} radius="xl" color={statusColors[e.status]}>
                  <IconProgress size={14} />
                </ThemeIcon>
              }
              title={t('timeline.status', { status: statusLabel(t, e.status), date: fmt.date(e.date) })}
            >
              <Stack gap={2}>
                <Text size="sm">
                  {statusLabel(t, e.status)}: {period(e.date, e.until)}
                </Text>
                {e.reason && <Text size="sm">{t('timeline.reason', { reason: e.reason })}</Text>}
                {decision(e)}
              </Stack>
            </Timeline.Item>
          );
        return (
          <Timeline.Item
            key={`a-${i}`}
            bullet={
              <ThemeIcon size={26} radius="xl" color="blue">
                <IconMapPin size={14} />
              </ThemeIcon>
            }
            title={t('timeline.area', { area: unitTitle(e.unit), date: fmt.date(e.date) })}
          >
            <Stack gap={2}>
              {e.from && <Text size="sm">{t('timeline.areaFrom', { area: unitTitle(e.from) })}</Text>}
              <Text size="sm">{period(e.date, e.until)}</Text>
              {e.reason && <Text size="sm">{t('timeline.reason', { reason: e.reason })}</Text>}
              {e.basis && (
                <Text size="sm" data-testid="timeline-basis">
                  {t('timeline.basis', {
                    basis: e.basis.resolution
                      ? t('timeline.resolution', e.basis.resolution)
                      : t('timeline.reform', { year: e.basis.effectiveDate.slice(0, 4) }),
                  })}
                </Text>
              )}
            </Stack>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
