import { Anchor, Badge, Group, Paper, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../shared/units.js';
import { levelLabel } from '../../components/labels.js';
import { parentPath } from '../../components/UnitPicker.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { UnitRowMenu } from './UnitRowMenu.js';
import { UnitValidity } from './UnitValidity.js';

interface Props {
  units: Unit[];
  date: string;
  /** Show where each unit sits (search results come from everywhere). */
  withPath?: boolean;
  onOpen: (u: Unit) => void;
  /** Which rows get the edit and delete menu. */
  editable?: (u: Unit) => boolean;
  onEdit?: (u: Unit) => void;
  onDelete?: (u: Unit) => void;
}

/** Units as a table on a desk, as cards on a phone. */
export function UnitList(props: Props & { dimmed?: boolean }) {
  if (useIsPhone()) return <UnitCards {...props} />;
  return (
    <Paper withBorder style={{ overflow: 'hidden', opacity: props.dimmed ? 0.6 : 1 }}>
      <UnitTable {...props} />
    </Paper>
  );
}

function UnitTable({ units, date, withPath, onOpen, editable, onEdit, onDelete }: Props) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const canEdit = (u: Unit) => !!(onEdit && onDelete && editable?.(u));
  const withMenus = units.some(canEdit);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped="odd">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>{t('fields.code')}</Table.Th>
            <Table.Th>{t('fields.name')}</Table.Th>
            <Table.Th>{t('fields.kind')}</Table.Th>
            <Table.Th>{t('fields.validity')}</Table.Th>
            <Table.Th ta="right">{t('fields.childCount')}</Table.Th>
            {withMenus && <Table.Th w={48} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {units.map((u) => (
            <Table.Tr key={u.id} className="tq-clickable-row" onClick={() => onOpen(u)}>
              <Table.Td>
                <Text size="sm" className="tq-mono">
                  {u.code}
                </Text>
              </Table.Td>
              <Table.Td>
                <Anchor
                  href={`/units?parentId=${u.id}`}
                  fw={600}
                  c="dark"
                  size="sm"
                  onClick={(e) => {
                    e.preventDefault();
                    e.stopPropagation();
                    onOpen(u);
                  }}
                >
                  {u.name}
                </Anchor>
                {withPath && parentPath(u) && (
                  <Text size="xs" c="dimmed">
                    {parentPath(u)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{u.kind}</Text>
                <Text size="xs" c="dimmed">
                  {levelLabel(t, u.level)}
                </Text>
              </Table.Td>
              <Table.Td>
                <UnitValidity unit={u} date={date} />
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" fw={500}>
                  {fmt.number(u.childCount)}
                </Text>
              </Table.Td>
              {withMenus && <Table.Td>{canEdit(u) && <UnitRowMenu unit={u} onEdit={onEdit!} onDelete={onDelete!} />}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function UnitCards({ units, date, withPath, onOpen, editable, onEdit, onDelete }: Props) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  return (
    <Stack gap="xs">
      {units.map((u) => (
        <Paper key={u.id} withBorder p="sm">
          <Group wrap="nowrap" align="flex-start" gap="xs">
            <UnstyledButton onClick={() => onOpen(u)} style={{ flex: 1, minWidth: 0 }} aria-label={u.name}>
              <Stack gap={2}>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <Text fw={600} style={{ flex: '0 1 auto' }}>
                    {u.name}
                  </Text>
                  <Badge size="xs" variant="light" color="gray" mt={4} style={{ flexShrink: 0 }}>
                    {u.kind}
                  </Badge>
                </Group>
                {withPath && parentPath(u) && (
                  <Text size="xs" c="dimmed" truncate>
                    {parentPath(u)}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {t('fields.code')}: <span className="tq-mono">{u.code}</span> ·{' '}
                  {t('childCountShort', { count: u.childCount, n: fmt.number(u.childCount) })}
                </Text>
                <UnitValidity unit={u} date={date} />
              </Stack>
            </UnstyledButton>
            {onEdit && onDelete && editable?.(u) ? (
              <UnitRowMenu unit={u} onEdit={onEdit} onDelete={onDelete} />
            ) : (
              <IconChevronRight size={18} color="var(--mantine-color-gray-5)" style={{ alignSelf: 'center' }} />
            )}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
