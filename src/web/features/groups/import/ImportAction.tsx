import { Button, Group, List, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/useFormat.js';
import { PastChangesConfirm } from './PastChangesConfirm.js';
import { changesOf, type GroupSheetImport } from './useGroupSheetImport.js';

/**
 * The censuses already reported that the import would change, the confirmation they ask for,
 * and the import itself: what still stands in its way, then its progress.
 */
export function ImportAction({ flow }: { flow: GroupSheetImport }) {
  const { t } = useTranslation('sheetImport');
  const fmt = useFormat();
  const preview = flow.preview!;
  const blockers = [
    preview.errorCount > 0 && t('action.errors', { count: preview.errorCount, n: fmt.number(preview.errorCount) }),
    flow.missing.length > 0 && t('action.missing'),
    flow.unchosen.length > 0 && t('action.areas', { count: flow.unchosen.length, n: fmt.number(flow.unchosen.length) }),
    flow.unconfirmed && t('action.confirm'),
    preview.errorCount === 0 && flow.missing.length === 0 && flow.unchosen.length === 0 && changesOf(preview) === 0 && t('action.nothing'),
  ].filter((b): b is string => typeof b === 'string');

  return (
    <Paper withBorder p="md" component="section" aria-label={t('action.title')}>
      <Stack gap="md">
        <PastChangesConfirm flow={flow} />
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={4} style={{ flex: '1 1 280px' }}>
            <Title order={3} fz="lg">
              {t('action.title')}
            </Title>
            {flow.committing ? (
              <Progressing flow={flow} />
            ) : flow.previewError ? (
              <Text size="sm" c="red.8">
                {t('action.refusedChoice')}
              </Text>
            ) : !flow.current ? (
              <Text size="sm" c="dimmed">
                {t('action.updating')}
              </Text>
            ) : blockers.length > 0 ? (
              <List size="sm" spacing={2} c="dimmed">
                {blockers.map((b) => (
                  <List.Item key={b}>{b}</List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm">{t('action.ready', { count: preview.total, n: fmt.number(preview.total) })}</Text>
            )}
          </Stack>
          <Button leftSection={<IconUpload size={16} />} disabled={!flow.canImport} loading={flow.committing} onClick={flow.confirm}>
            {t('common:sheetImport.commit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The file going up, then the rows being written (a long sheet takes seconds). */
function Progressing({ flow }: { flow: GroupSheetImport }) {
  const { t } = useTranslation('sheetImport');
  const fmt = useFormat();
  const size = flow.sheet?.file.size ?? 0;
  const sending = flow.sent !== null && size > 0 && flow.sent < size;
  return (
    <Stack gap={4} role="status" aria-live="polite">
      <Text size="sm">
        {sending ? t('action.sending', { percent: Math.round(((flow.sent ?? 0) / size) * 100) }) : t('action.writing', { n: fmt.number(flow.preview?.total ?? 0) })}
      </Text>
      <Progress value={sending ? ((flow.sent ?? 0) / size) * 100 : 100} striped animated={!sending} aria-label={t('action.progress')} />
    </Stack>
  );
}
