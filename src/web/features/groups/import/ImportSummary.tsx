import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconFileDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorKinds, RowErrorTable } from '../../../components/SheetImport.js';
import { useFormat } from '../../../i18n/useFormat.js';
import { ImportCounts } from './ImportCounts.js';
import type { GroupSheetImport } from './useGroupSheetImport.js';

/** What the import would write, and the rows it refuses with the sheet to correct them in. */
export function ImportSummary({ flow }: { flow: GroupSheetImport }) {
  const { t } = useTranslation('sheetImport');
  const fmt = useFormat();
  const preview = flow.preview!;
  const errors = preview.errorCount;
  return (
    <Paper withBorder p="md" component="section" aria-label={t('summary.title')} style={{ opacity: flow.current ? 1 : 0.6, transition: 'opacity 150ms' }}>
      <Stack gap="md">
        <Title order={3} fz="lg">
          {t('summary.title')}
        </Title>
        {preview.needs.length > 0 ? (
          <Text size="sm" c="dimmed">
            {t('summary.waiting', { count: preview.total, n: fmt.number(preview.total) })}
          </Text>
        ) : (
          <ImportCounts result={preview} />
        )}
        {errors > 0 && (
          <>
            <Group justify="space-between" align="flex-start" gap="sm">
              <Text size="sm" c="red.8" maw={640}>
                {t('summary.fixInSheet')}
              </Text>
              <Button
                variant="light"
                color="red"
                leftSection={<IconFileDownload size={16} />}
                loading={flow.downloading}
                disabled={!flow.current}
                onClick={() => void flow.downloadErrors()}
              >
                {t('summary.download')}
              </Button>
            </Group>
            {flow.downloadError && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" p="xs">
                {flow.downloadError.message}
              </Alert>
            )}
            {preview.errorKinds.length > 0 && <ErrorKinds kinds={preview.errorKinds} />}
            <RowErrorTable key={flow.sheet?.id} errors={preview.errors} total={errors} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
