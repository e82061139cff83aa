import { Alert, Checkbox, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PastCensusChanges } from '../../../components/PastCensusChanges.js';
import type { GroupSheetImport } from './useGroupSheetImport.js';

/**
 * The censuses already reported, exported or more than a month old that the import would
 * change, and, when the server asks for it, the officer's confirmation before anything is written.
 */
export function PastChangesConfirm({ flow }: { flow: GroupSheetImport }) {
  const { t } = useTranslation('pastChanges');
  const preview = flow.preview!;
  if (preview.pastChanges.length === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title={t('title')} styles={{ message: { overflow: 'hidden' } }}>
      <Stack gap="sm">
        <Text size="sm">{t('intro')}</Text>
        <PastCensusChanges changes={preview.pastChanges} count={preview.pastChangeCount} />
        {preview.confirmationNeeded && (
          <Checkbox
            label={t('sheetImport:action.confirmLabel')}
            checked={flow.confirmPastChange}
            onChange={(e) => flow.setConfirmPastChange(e.currentTarget.checked)}
            disabled={flow.committing || !!flow.committed}
          />
        )}
      </Stack>
    </Alert>
  );
}
