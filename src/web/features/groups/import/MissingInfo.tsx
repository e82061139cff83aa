import { Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCategory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useModelTypes } from '../../../api/modelTypes.js';
import { DateField } from '../../../components/DateField.js';
import { UnitPicker } from '../../../components/UnitPicker.js';
import type { GroupSheetImport, SheetNeed } from './useGroupSheetImport.js';

/**
 * What the sheet lacks and the whole file takes from here: the model type, the area, the
 * founding date. A field stays once filled in, even when the next preview no longer asks.
 */
export function MissingInfo({ flow }: { flow: GroupSheetImport }) {
  const { t } = useTranslation('sheetImport');
  const types = useModelTypes();
  const preview = flow.preview!;
  const given: Record<SheetNeed, boolean> = { type: !!flow.defaults.typeCode, area: !!flow.defaults.unitCode, founded: !!flow.defaults.foundedOn };
  const shown = (['type', 'area', 'founded'] as const).filter((n) => preview.needs.includes(n) || given[n]);
  if (shown.length === 0) return null;
  const required = (n: SheetNeed) => preview.needs.includes(n) && !given[n];
  const disabled = flow.committed !== undefined;

  return (
    <Paper withBorder p="md" component="section" aria-label={t('missing.title')}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={3} fz="lg">
            {t('missing.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('missing.intro')}
          </Text>
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: Math.min(shown.length, 3) }} spacing="md">
          {shown.includes('type') && (
            <Select
              label={t('missing.type')}
              description={t('missing.typeText')}
              placeholder={t('missing.typePlaceholder')}
              data={(types.data ?? []).filter((m) => !m.retiredOn).map((m) => ({ value: m.code, label: m.name }))}
              value={flow.defaults.typeCode ?? null}
              onChange={(v) => flow.setDefault('typeCode', v)}
              error={required('type') ? t('missing.required') : undefined}
              searchable
              clearable
              disabled={disabled}
              leftSection={<IconCategory size={16} />}
              comboboxProps={{ withinPortal: true }}
            />
          )}
          {shown.includes('area') && (
            <UnitPicker
              label={t('missing.area')}
              description={t('missing.areaText')}
              value={flow.fileUnitId}
              onChange={(_id, unit) => flow.setFileUnit(unit)}
              error={required('area') ? t('missing.required') : undefined}
              disabled={disabled}
            />
          )}
          {shown.includes('founded') && (
            <DateField
              label={t('missing.founded')}
              description={t('missing.foundedText')}
              value={flow.defaults.foundedOn ?? null}
              onChange={(v) => flow.setDefault('foundedOn', v)}
              error={required('founded') ? t('missing.required') : undefined}
              clearable
            />
          )}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
