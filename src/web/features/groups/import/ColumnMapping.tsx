import { Alert, Badge, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { groupSheetFields, type GroupSheetColumn, type GroupSheetField } from '../../../../shared/group-import.js';
import { useIsPhone } from '../../../lib/useIsPhone.js';
import type { GroupSheetImport } from './useGroupSheetImport.js';

/** The Select's value for "not imported": a Select option cannot be null. */
const NONE = '-';

const sourceColors: Record<GroupSheetColumn['source'], string> = { template: 'green', synonym: 'teal', remembered: 'grape', chosen: 'blue', none: 'gray' };

/**
 * Each column of the sheet's header row, the field it is read as and how that was settled; the
 * officer corrects a column by choosing another field, and the preview is asked for again.
 */
export function ColumnMapping({ flow }: { flow: GroupSheetImport }) {
  const { t } = useTranslation('sheetImport');
  const isPhone = useIsPhone();
  const preview = flow.preview!;
  const data = [
    ...groupSheetFields.map((f) => ({ value: f, label: t(`field.${f}`) })),
    { value: NONE, label: t('field.none') },
  ];
  const counts = new Map<GroupSheetField, number>();
  for (const c of preview.columns) if (c.field) counts.set(c.field, (counts.get(c.field) ?? 0) + 1);

  const headerOf = (c: GroupSheetColumn) => c.header || t('mapping.noHeader', { n: c.index + 1 });
  const select = (c: GroupSheetColumn) => (
    <Select
      aria-label={t('mapping.fieldFor', { header: headerOf(c) })}
      data={data}
      value={c.field ?? NONE}
      allowDeselect={false}
      disabled={!c.header || flow.committed !== undefined}
      onChange={(v) => v && flow.map(c.header, v === NONE ? null : (v as GroupSheetField))}
      error={c.field && (counts.get(c.field) ?? 0) > 1 ? t('mapping.twice') : undefined}
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={320}
      w={isPhone ? '100%' : 300}
    />
  );
  const source = (c: GroupSheetColumn) => (
    <Badge size="sm" variant="light" color={sourceColors[c.source]} style={{ flexShrink: 0 }}>
      {t(`source.${c.source}`)}
    </Badge>
  );

  return (
    <Paper withBorder p="md" component="section" aria-label={t('mappingTitle')}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={3} fz="lg">
            {t('mappingTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('mapping.intro', { row: preview.headerRow })}
          </Text>
        </Stack>
        {preview.remembered && (
          <Alert color="grape" variant="light" icon={<IconHistory size={18} />} p="xs">
            <Text size="sm">{t('mapping.remembered')}</Text>
          </Alert>
        )}
        {isPhone ? (
          <Stack gap="xs" role="list" aria-label={t('mappingTitle')}>
            {preview.columns.map((c) => (
              <Paper key={c.index} withBorder p="xs" role="listitem">
                <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs" mb={6}>
                  <Text size="sm" fw={600} style={{ wordBreak: 'break-word' }}>
                    {headerOf(c)}
                  </Text>
                  {source(c)}
                </Group>
                {select(c)}
              </Paper>
            ))}
          </Stack>
        ) : (
          <Paper withBorder style={{ overflow: 'hidden' }}>
            <Table.ScrollContainer minWidth={560}>
              <Table striped="odd" aria-label={t('mappingTitle')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={56}>{t('mapping.col.column')}</Table.Th>
                    <Table.Th>{t('mapping.col.header')}</Table.Th>
                    <Table.Th w={316}>{t('mapping.col.field')}</Table.Th>
                    <Table.Th w={170}>{t('mapping.col.source')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.columns.map((c) => (
                    <Table.Tr key={c.index}>
                      <Table.Td c="dimmed">{columnLetter(c.index)}</Table.Td>
                      <Table.Td fw={600} style={{ wordBreak: 'break-word' }}>
                        {headerOf(c)}
                      </Table.Td>
                      <Table.Td>{select(c)}</Table.Td>
                      <Table.Td>{source(c)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </Stack>
    </Paper>
  );
}

/** 0 → A, 27 → AB: the letter Excel shows above the column. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
