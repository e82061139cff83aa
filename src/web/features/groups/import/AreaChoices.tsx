import { Paper, Select, Stack, Text, Title } from '@mantine/core';
import { IconMapPin } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { GroupSheetAreaChoice } from '../../../../shared/group-import.js';
import { useFormat } from '../../../i18n/useFormat.js';
import type { GroupSheetImport } from './useGroupSheetImport.js';

type Candidate = GroupSheetAreaChoice['candidates'][number];

/**
 * The village names of the sheet that match several units (two "Khu phố 1" once two wards
 * merged): the officer says which each means, told apart by their ward and the one they came from.
 */
export function AreaChoices({ flow }: { flow: GroupSheetImport }) {
  const { t } = useTranslation('sheetImport');
  const fmt = useFormat();
  const choices = flow.areaChoices;
  if (choices.length === 0) return null;
  const label = (c: Candidate) => {
    const where = [c.name, c.parentName].filter(Boolean).join(' — ');
    return c.formerParentName ? t('areas.formerly', { where, former: c.formerParentName }) : where;
  };

  return (
    <Paper withBorder p="md" component="section" aria-label={t('areas.title')}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={3} fz="lg">
            {t('areas.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('areas.intro')}
          </Text>
        </Stack>
        {choices.map((choice) => (
          <Select
            key={choice.name}
            label={`“${choice.name}”`}
            description={t('areas.rows', { count: choice.rows, n: fmt.number(choice.rows), first: choice.firstRow })}
            placeholder={t('areas.placeholder')}
            data={choice.candidates.map((c) => ({ value: c.code, label: label(c) }))}
            value={flow.areas[choice.name] ?? null}
            onChange={(v) => flow.chooseArea(choice.name, v)}
            error={flow.areas[choice.name] ? undefined : t('areas.required')}
            disabled={flow.committed !== undefined}
            leftSection={<IconMapPin size={16} />}
            comboboxProps={{ withinPortal: true }}
            maw={560}
          />
        ))}
      </Stack>
    </Paper>
  );
}
