import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronRight, IconSitemap } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../shared/units.js';
import { levelLabel, unitTitle } from '../../components/labels.js';
import { parentPath } from '../../components/UnitPicker.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { UnitAnchor } from './UnitAnchor.js';
import { UnitRowMenu } from './UnitRowMenu.js';
import { UnitValidity } from './UnitValidity.js';

interface Props {
  units: Unit[];
  /** The date the list is as of: the unit pages open at it. */
  date: string;
  /** Show where each unit sits (search results come from everywhere). */
  withPath?: boolean;
  /** Going down into a unit's children, in the browser; without it counts are plain numbers. */
  onBrowse?: (u: Unit) => void;
  /** Which rows get the edit and delete menu. */
  editable?: (u: Unit) => boolean;
  onEdit?: (u: Unit) => void;
  onDelete?: (u: Unit) => void;
  /** Moving a village to another commune (only offered for villages). */
  onMove?: (u: Unit) => void;
}

/** Units as a table on a desk, as cards on a phone. A row opens the unit's page. */
export function UnitList(props: Props & { dimmed?: boolean }) {
  if (useIsPhone()) return <UnitCards {...props} />;
  return (
    <Paper withBorder style={{ overflow: 'hidden', opacity: props.dimmed ? 0.6 : 1 }}>
      <UnitTable {...props} />
    </Paper>
  );
}

function useOpen(date: string) {
  const navigate = useNavigate();
  return (u: Unit) => void navigate({ to: '/units/$id', params: { id: u.id }, search: { date } });
}

/** "12 đơn vị ›": goes down one level in the browser. */
function BrowseButton({ unit, onBrowse, fullWidth }: { unit: Unit; onBrowse: (u: Unit) => void; fullWidth?: boolean }) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      fullWidth={fullWidth}
      justify={fullWidth ? 'space-between' : undefined}
      leftSection={fullWidth ? <IconSitemap size={14} /> : undefined}
      rightSection={<IconChevronRight size={14} />}
      aria-label={t('browser.goDown', { count: unit.childCount, n: fmt.number(unit.childCount), name: unitTitle(unit) })}
      onClick={(e) => {
        e.stopPropagation();
        onBrowse(unit);
      }}
    >
      {t(fullWidth ? 'childCountShort' : 'browser.childrenShort', { count: unit.childCount, n: fmt.number(unit.childCount) })}
    </Button>
  );
}

function UnitTable({ units, date, withPath, onBrowse, editable, onEdit, onDelete, onMove }: Props) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const open = useOpen(date);
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
            <Table.Tr key={u.id} className="tq-clickable-row" onClick={() => open(u)}>
              <Table.Td>
                <Text size="sm" className="tq-mono">
                  {u.code}
                </Text>
              </Table.Td>
              <Table.Td>
                <UnitAnchor
                  id={u.id}
                  date={date}
                  fw={600}
                  c="dark"
                  size="sm"
                  onClick={(e) => e.stopPropagation()}
                >
                  {u.label ?? u.name}
                </UnitAnchor>
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
                {u.level === 'village' ? (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                ) : onBrowse && u.childCount > 0 ? (
                  <BrowseButton unit={u} onBrowse={onBrowse} />
                ) : (
                  <Text size="sm" fw={500} c={u.childCount > 0 ? undefined : 'dimmed'}>
                    {fmt.number(u.childCount)}
                  </Text>
                )}
              </Table.Td>
              {withMenus && <Table.Td>{canEdit(u) && <UnitRowMenu unit={u} onEdit={onEdit!} onDelete={onDelete!} onMove={onMove} />}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Cards a phone shows at first (a province has up to a hundred communes), and how many more each tap adds. */
const PHONE_CARDS = 15;

function UnitCards({ units, date, withPath, onBrowse, editable, onEdit, onDelete, onMove }: Props) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const open = useOpen(date);
  const [shown, setShown] = useState(PHONE_CARDS);
  const rest = units.length - shown;
  return (
    <Stack gap="xs">
      {units.slice(0, shown).map((u) => (
        <Paper key={u.id} withBorder p="sm">
          <Group wrap="nowrap" align="flex-start" gap="xs">
            <UnstyledButton onClick={() => open(u)} style={{ flex: 1, minWidth: 0 }} aria-label={u.name}>
              <Stack gap={2}>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <Text fw={600} style={{ flex: '0 1 auto' }}>
                    {u.label ?? u.name}
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
                  {t('fields.code')}: <span className="tq-mono">{u.code}</span>
                  {u.level !== 'village' && !(onBrowse && u.childCount > 0) && (
                    <> · {t('childCountShort', { count: u.childCount, n: fmt.number(u.childCount) })}</>
                  )}
                </Text>
                <UnitValidity unit={u} date={date} />
              </Stack>
            </UnstyledButton>
            {onEdit && onDelete && editable?.(u) ? (
              <UnitRowMenu unit={u} onEdit={onEdit} onDelete={onDelete} onMove={onMove} />
            ) : (
              <IconChevronRight size={18} color="var(--mantine-color-gray-5)" style={{ alignSelf: 'center' }} />
            )}
          </Group>
          {onBrowse && u.childCount > 0 && (
            <Group mt={6} pt={6} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
              <BrowseButton unit={u} onBrowse={onBrowse} fullWidth />
            </Group>
          )}
        </Paper>
      ))}
      {rest > 0 && (
        <Button variant="default" onClick={() => setShown((n) => n + 2 * PHONE_CARDS)}>
          {t('browser.more', { n: fmt.number(Math.min(rest, 2 * PHONE_CARDS)), rest: fmt.number(rest) })}
        </Button>
      )}
    </Stack>
  );
}
