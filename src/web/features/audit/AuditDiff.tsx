import { Badge, Box, Stack, Table, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { levelLabel, roleLabel } from '../../components/labels.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { diffFields, displayValue, type DiffRow } from './diff.js';

type Format = ReturnType<typeof useFormat>;

/** A value as a person reads it: labels for roles and levels, yes/no, local dates. */
function readable(field: string, value: unknown, t: TFunction, fmt: Format): string {
  if (typeof value === 'boolean') return value ? t('audit:diff.yes') : t('audit:diff.no');
  if (typeof value === 'string') {
    if (field === 'role') return roleLabel(t, value);
    if (field === 'level') return levelLabel(t, value);
    if (field === 'language') return value === 'en' ? 'English' : 'Tiếng Việt';
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return fmt.date(value);
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return fmt.dateTime(value);
  }
  return displayValue(value);
}

const rowStyle: Record<DiffRow['kind'], React.CSSProperties | undefined> = {
  same: undefined,
  changed: { background: 'var(--mantine-color-yellow-0)' },
  added: { background: 'var(--mantine-color-green-0)' },
  removed: { background: 'var(--mantine-color-red-0)' },
};

/** Before → after, one field a line; only the fields that changed are coloured. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation('audit');
  const fmt = useFormat();
  const isPhone = useIsPhone();
  const rows = diffFields(before, after);
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="xs">
        {t('diff.none')}
      </Text>
    );
  }
  const changed = rows.filter((r) => r.kind !== 'same').length;
  const show = (r: DiffRow, side: 'before' | 'after') => readable(r.field, r[side], t, fmt);
  const fieldLabel = (r: DiffRow) => t(`fields.${r.field}`, { defaultValue: r.field });
  const kindBadge = (r: DiffRow) =>
    r.kind !== 'same' && (
      <Badge size="xs" variant="light" color={r.kind === 'added' ? 'green' : r.kind === 'removed' ? 'red' : 'yellow'}>
        {t(`diff.kind.${r.kind}`)}
      </Badge>
    );

  if (isPhone) {
    return (
      <Stack gap={4}>
        <Text size="xs" c="dimmed">
          {t('diff.summary', { count: changed })}
        </Text>
        {rows.map((r) => (
          <Box key={r.field} px="xs" py={6} style={{ ...rowStyle[r.kind], borderRadius: 4 }} data-kind={r.kind}>
            <Text size="xs" c="dimmed" fw={600}>
              {fieldLabel(r)} {kindBadge(r)}
            </Text>
            {r.kind === 'same' ? (
              <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {show(r, 'after')}
              </Text>
            ) : (
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {r.kind !== 'added' && <s>{show(r, 'before')}</s>}
                {r.kind === 'changed' && ' → '}
                {r.kind !== 'removed' && <b>{show(r, 'after')}</b>}
              </Text>
            )}
          </Box>
        ))}
      </Stack>
    );
  }

  return (
    <Box>
      <Text size="xs" c="dimmed" mb={6}>
        {t('diff.summary', { count: changed })}
      </Text>
      <Table.ScrollContainer minWidth={420}>
        <Table withTableBorder withColumnBorders fz="sm" verticalSpacing={6} highlightOnHover={false} bg="white">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="24%">{t('diff.field')}</Table.Th>
              <Table.Th w="38%">{t('diff.before')}</Table.Th>
              <Table.Th w="38%">{t('diff.after')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.field} style={rowStyle[r.kind]} data-kind={r.kind}>
                <Table.Td>
                  <Text size="sm" fw={r.kind === 'same' ? 400 : 600}>
                    {fieldLabel(r)}
                  </Text>
                  {kindBadge(r)}
                </Table.Td>
                <Table.Td c={r.kind === 'same' ? 'dimmed' : undefined} style={{ wordBreak: 'break-word' }}>
                  {r.kind === 'changed' || r.kind === 'removed' ? <s>{show(r, 'before')}</s> : show(r, 'before')}
                </Table.Td>
                <Table.Td c={r.kind === 'same' ? 'dimmed' : undefined} fw={r.kind === 'same' ? undefined : 600} style={{ wordBreak: 'break-word' }}>
                  {show(r, 'after')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Box>
  );
}
