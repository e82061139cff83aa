import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconFileExport, IconFlag } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CensusReport } from '../../../shared/census.js';
import { useCensusReports, useMarkCensusReported } from '../../api/census.js';
import { useFormat } from '../../i18n/useFormat.js';

interface Props {
  /** The census shown: its area's code (none: the country), date, and the day the area is named on. */
  unitCode: string | undefined;
  date: string;
  day: string;
  boundaries: string;
}

/**
 * Whether the census shown has left the system: marked as reported (when, by whom) and exported
 * (how often, the last time by whom); and the button that marks it as reported.
 */
export function CensusReportStatus({ unitCode, date, day, boundaries }: Props) {
  const { t } = useTranslation('census');
  const fmt = useFormat();
  const reports = useCensusReports({ unit: unitCode, on: boundaries, date });
  const mark = useMarkCensusReported();
  // The area itself on that day, not one of its sub-areas.
  const here = (reports.data?.items ?? []).filter((r) => r.here && r.censusDate === day);
  const reported = here.find((r) => r.kind === 'reported');
  const exports = here.filter((r) => r.kind === 'exported');
  const who = (r: CensusReport) => ({ name: r.createdBy.fullName || r.createdBy.username, at: fmt.dateTime(r.createdAt) });

  const onMark = () =>
    mark.mutate(
      { unit: unitCode, date, boundaries },
      {
        onSuccess: () => notifications.show({ color: 'green', message: t('reports.marked') }),
        onError: (e) => notifications.show({ color: 'red', message: e.message }),
      },
    );

  return (
    <Paper withBorder p="sm" data-testid="census-report-status">
      <Group justify="space-between" align="center" gap="sm">
        {/* Narrower than 220 px (a phone beside the button), the status takes its own line. */}
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Group gap="xs">
            {reported ? (
              <Badge color="green" variant="light" leftSection={<IconCircleCheck size={14} />}>
                {t('reports.reported')}
              </Badge>
            ) : (
              <Badge color="gray" variant="light">
                {t('reports.notReported')}
              </Badge>
            )}
            {exports.length > 0 && (
              <Badge color="blue" variant="light" leftSection={<IconFileExport size={14} />}>
                {t('reports.exportedCount', { n: fmt.number(exports.length) })}
              </Badge>
            )}
          </Group>
          {reported && (
            <Text size="sm" c="dimmed">
              {t('reports.reportedBy', who(reported))}
            </Text>
          )}
          {exports[0] && (
            <Text size="sm" c="dimmed">
              {t('reports.lastExport', who(exports[0]))}
            </Text>
          )}
          {!reported && exports.length === 0 && !reports.isPending && (
            <Text size="sm" c="dimmed">
              {t('reports.none')}
            </Text>
          )}
        </Stack>
        {!reported && (
          <Button size="sm" variant="light" leftSection={<IconFlag size={16} />} loading={mark.isPending} disabled={reports.isPending} onClick={onMark}>
            {t('reports.mark')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}
